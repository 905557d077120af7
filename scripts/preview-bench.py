#!/usr/bin/env python3
"""Times `s55 serve` on a folder of 1,000 real-size responses, as an office drafting in it sees
it, wall-clock from the moment the preview is started:

  - the first answer of the preview's list (`/`) and of the desk's front page (`/desk/`), each
    from a preview just started (two previews a run, one asked for each first);
  - then a letter's page, its PDF, and a save reaching the listening page (the reload's notice,
    and the page answered again after it);
  - the processor time of the first list's answer (the process's, in the system's 10 ms
    ticks: less moved by the load than the wall time);
  - the peak memory (VmHWM) of each preview over its whole run, and the processor time it
    takes while idle;

with the machine's load average (`/proc/loadavg`, one minute) beside each figure, as the
median and the maximum of RUNS runs (5 unless told).

Usage, from the top of the repository (a release build, as offices run it):

    cargo build --release
    python3 scripts/preview-bench.py target/release/s55 [FOLDER] [--runs N] [--idle SECONDS]

Without FOLDER, it makes 1,000 responses in a new folder /tmp/preview-bench-*: copies of
the examples in `examples/` (the Warwickshire letter, the full example, the London
statement, the bilingual letter, and the Northshire office's letter in a folder of its own
with its settings, logo and signature), each copy with its own report title and its own
force, and removes the folder at the end. Given FOLDER, it uses the responses there (the
save writes to one of them and puts it back).

The targets (issue: the preview of 1,000 letters answers within 1 s and 150 MB; a save
reaches the page within 50 ms; nothing is used while idle).
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

FORCES = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "Cleveland",
    "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys",
    "Essex", "Gloucestershire", "Gwent", "Hampshire and Isle of Wight", "Hertfordshire",
    "Humberside", "Kent", "Lancashire", "Leicestershire", "Lincolnshire", "Norfolk",
    "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire",
    "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex",
    "Thames Valley", "Warwickshire", "West Mercia", "West Yorkshire", "Wiltshire",
]


def copies(examples, folder, n):
    """Writes n responses into folder, copies of the examples, each its own title and force."""
    plain = ["warwickshire-child-protection-2022.yaml", "full.yaml",
             "mopac-thematic-statement.yaml", "bilingual-teifi-valley.yaml"]
    texts = [(name, open(os.path.join(examples, name), encoding="utf-8").read())
             for name in plain]
    # The Northshire letter reads its office's settings, logo and signature from its folder.
    north = os.path.join(folder, "northshire")
    os.makedirs(north)
    for name in ("s55.yaml", "logo.png", "signature.svg"):
        shutil.copy(os.path.join(examples, "northshire", name), north)
    texts.append(("northshire/peel-2025.yaml",
                  open(os.path.join(examples, "northshire", "peel-2025.yaml"),
                       encoding="utf-8").read()))
    for i in range(n):
        name, text = texts[i % len(texts)]
        force = FORCES[i % len(FORCES)]
        # The report's title (the first `title:` under `report:`) gets the copy's number.
        text = re.sub(r"(\nreport:\n(?:  .*\n)*?  title: )(.*)",
                      lambda m: f"{m.group(1)}{m.group(2)} ({force}, copy {i:04d})", text,
                      count=1)
        # A bilingual title: each edition's.
        text = re.sub(r"(\nreport:\n  title:\n    cy: )(.*)\n    en: (.*)",
                      lambda m: f"{m.group(1)}{m.group(2)} ({force}, copi {i:04d})\n"
                                f"    en: {m.group(3)} ({force}, copy {i:04d})", text, count=1)
        text = re.sub(r"\nforce: (?!\{)(.*)", f"\nforce: {force} Police", text, count=1)
        text = re.sub(r"\nforce: \{cy: (.*), en: (.*)\}",
                      f"\nforce: {{cy: Heddlu {force}, en: {force} Police}}", text, count=1)
        base = name.rsplit("/", 1)
        stem = base[-1][:-5]
        rel = (base[0] + "/" if len(base) == 2 else "") + f"{stem}-{i:04d}.yaml"
        with open(os.path.join(folder, rel), "w", encoding="utf-8") as f:
            f.write(text)


def responses(folder):
    found = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")) and name != "s55.yaml":
                found.append(os.path.relpath(os.path.join(top, name), folder))
    return sorted(found)


def load():
    return float(open("/proc/loadavg").read().split()[0])


class Preview:
    def __init__(self, binary, folder):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([binary, "serve", folder, "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        first = self.proc.stdout.readline()
        self.listening = time.perf_counter() - self.started
        self.port = int(first.split("127.0.0.1:")[1].split("/")[0])

    def get(self, path):
        """Asks for path; the time of the whole answer, in seconds."""
        t = time.perf_counter()
        s = socket.create_connection(("127.0.0.1", self.port))
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                  "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(1 << 16):
            data += chunk
        s.close()
        if not data.startswith(b"HTTP/1.1 200"):
            sys.exit(f"{path}: {data[:300]!r}")
        self.body = data
        return time.perf_counter() - t

    def since_start(self):
        return time.perf_counter() - self.started

    def status(self, field):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu(self):
        parts = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def address(rel):
    return "".join(c if c.isalnum() or c in "-._/" else "%%%02X" % ord(c) for c in rel)


def save_to_reload(preview, folder, rel, i):
    """Saves rel with a new comment while a page listens: (notice, page again) in ms."""
    target = os.path.join(folder, rel)
    original = open(target, encoding="utf-8").read()
    s = socket.create_connection(("127.0.0.1", preview.port))
    s.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n".encode())
    f = s.makefile("rb")
    while not f.readline().startswith(b": watching"):
        pass
    time.sleep(0.3)
    t = time.perf_counter()
    try:
        with open(target, "w", encoding="utf-8") as out:
            out.write(original + f"# saved {i}\n")
        while not f.readline().startswith(b"data: reload"):
            pass
        notice = time.perf_counter() - t
        preview.get(f"/r/{address(rel)}/")
        page = time.perf_counter() - t
    finally:
        s.close()
        with open(target, "w", encoding="utf-8") as out:
            out.write(original)
    return notice * 1000, page * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=5.0, help="seconds idle, measured per run")
    ap.add_argument("--count", type=int, default=1000, help="responses made without FOLDER")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    made = None
    folder = args.folder
    if folder is None:
        made = tempfile.mkdtemp(prefix="preview-bench-", dir="/tmp")
        folder = os.path.join(made, "responses")
        os.makedirs(folder)
        examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
        copies(examples, folder, args.count)
    files = responses(folder)
    letter = files[len(files) // 2]
    figures = {}

    def note(name, value):
        figures.setdefault(name, []).append((value, load()))

    try:
        for run in range(args.runs):
            # The list first, then a letter, its PDF, saves, idle.
            p = Preview(binary, folder)
            try:
                note("listening (start to the address printed), ms", p.listening * 1000)
                c = p.cpu()
                p.get("/")
                note("list: start to first answer, ms", p.since_start() * 1000)
                note("list: processor time of its first answer (10 ms ticks), ms",
                     (p.cpu() - c) * 1000)
                note("list again, nothing changed, ms", p.get("/") * 1000)
                note("letter's page, first time, ms", p.get(f"/r/{address(letter)}/") * 1000)
                note("its PDF, ms", p.get(f"/r/{address(letter)}/letter.pdf") * 1000)
                other = files[(len(files) // 2 + 7) % len(files)]
                note("another letter's PDF before its page, ms",
                     p.get(f"/r/{address(other)}/letter.pdf") * 1000)
                notices, pages = [], []
                for i in range(5):
                    n, g = save_to_reload(p, folder, letter, i)
                    notices.append(n)
                    pages.append(g)
                note("save to the page's reload notice, ms (median of 5)",
                     statistics.median(notices))
                note("save to the page answered again, ms (median of 5)",
                     statistics.median(pages))
                note("list after the saves, ms", p.get("/") * 1000)
                time.sleep(1)
                c = p.cpu()
                time.sleep(args.idle)
                note(f"idle {args.idle:g} s, processor time, ms", (p.cpu() - c) * 1000)
                note("peak memory (list, letters, saves), MB", p.status("VmHWM"))
            finally:
                p.stop()
            # The desk first.
            p = Preview(binary, folder)
            try:
                c = p.cpu()
                p.get("/desk/")
                note("desk's front page: start to first answer, ms", p.since_start() * 1000)
                note("desk's front page: processor time of its first answer, ms",
                     (p.cpu() - c) * 1000)
                note("desk's front page again, ms", p.get("/desk/") * 1000)
                note("peak memory (desk), MB", p.status("VmHWM"))
            finally:
                p.stop()
            print(f"run {run + 1} of {args.runs} done", file=sys.stderr)
    finally:
        if made:
            shutil.rmtree(made)
    print(f"{len(files)} responses, {args.runs} runs; figure: median, max (load average "
          "beside each: median, max)")
    for name, values in figures.items():
        v = [x for x, _ in values]
        loads = [l for _, l in values]
        print(f"  {name}: {statistics.median(v):.1f}, {max(v):.1f} "
              f"(load {statistics.median(loads):.2f}, {max(loads):.2f})")


if __name__ == "__main__":
    main()
