
echo
echo "== the preview: a normal request beside 500 idle connections, and 8 parallel views of a large file"
python3 - "$bin" "$dir" <<'PY'
import concurrent.futures, re, socket, subprocess, sys, time
binary, work = sys.argv[1], sys.argv[2]
base = open("examples/full.yaml", encoding="utf-8").read()
head, _, _ = base.partition("recommendations:\n")
sentence = "The force should improve how it records and reviews its decisions about risk. "
recs = "".join(
    f"  - number: {i}\n    text: \"Within six months, {sentence * 10}\"\n    timescale: within six months\n"
    f"    response: \"{sentence * 10}\"\n    status: in progress\n"
    for i in range(1, 381)
)
rest = base[base.index("areas_for_improvement:"):]
path = f"{work}/large.yaml"
open(path, "w", encoding="utf-8").write(head + "recommendations:\n" + recs + rest)
proc = subprocess.Popen([binary, "serve", path, "--port", "0"], stdout=subprocess.PIPE, text=True)
try:
    port = int(re.search(r"127\.0\.0\.1:(\d+)", proc.stdout.readline()).group(1))
    def get(target="/"):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        s.close()
        return out
    def hwm():
        status = open(f"/proc/{proc.pid}/status").read()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    get()
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(500)]
    start = time.time()
    page = get()
    took = time.time() - start
    print(f"beside 500 idle connections: answered in {took:.3f} s ({len(page)} bytes)")
    for s in idle:
        s.close()
    import os
    size = os.path.getsize(path)
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        pages = list(pool.map(lambda _: get(), range(8)))
    print(f"8 parallel views of a {size / 1000:.0f} KB response: {time.time() - start:.2f} s, "
          f"the preview's peak memory {hwm():.0f} MB")
finally:
    proc.kill()
PY
