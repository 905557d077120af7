#!/usr/bin/env python3
"""Times `s55 serve` on a folder of responses, as an office drafting in it sees it: the first
answer of the list and of a letter's page, the preview's peak memory, how long a save takes
to reach a listening page, and the processor time it takes while idle.

Usage: scripts/preview-bench.py S55_BINARY FOLDER   (FOLDER holds the responses, *.yaml)
"""
import os, socket, statistics, subprocess, sys, time

binary, folder = sys.argv[1], sys.argv[2]
files = sorted(f for f in os.listdir(folder) if f.endswith(".yaml"))
proc = subprocess.Popen([binary, "serve", folder, "--port", "0"], stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL, text=True)
first = proc.stdout.readline()
port = int(first.split("127.0.0.1:")[1].split("/")[0])


def get(path):
    t = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    assert data.startswith(b"HTTP/1.1 200"), data[:200]
    return time.perf_counter() - t


def status(field):
    for line in open(f"/proc/{proc.pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu():
    parts = open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


try:
    print(f"{len(files)} responses: the list answered in {get('/') * 1000:.0f} ms")
    print(f"a letter's page answered in {get('/r/' + files[0] + '/') * 1000:.0f} ms")
    print(f"another letter's page in {get('/r/' + files[len(files) // 2] + '/') * 1000:.0f} ms")
    print(f"the list again in {get('/') * 1000:.0f} ms")
    print(f"peak memory {status('VmHWM'):.0f} MB")
    target = os.path.join(folder, files[1])
    original = open(target).read()
    waits = []
    for i in range(10):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        f = s.makefile("rb")
        while not f.readline().startswith(b": watching"):
            pass
        time.sleep(0.3)
        t = time.perf_counter()
        with open(target, "w") as out:
            out.write(original + f"# saved {i}\n")
        while not f.readline().startswith(b"data: reload"):
            pass
        waits.append((time.perf_counter() - t) * 1000)
        s.close()
    with open(target, "w") as out:
        out.write(original)
    print(f"save to reload: median {statistics.median(waits):.1f} ms, "
          f"max {max(waits):.1f} ms ({len(waits)} saves)")
    time.sleep(1)
    c = cpu()
    time.sleep(10)
    print(f"idle for 10 s: {(cpu() - c) * 1000:.0f} ms of processor time")
finally:
    proc.kill()
    proc.wait()
