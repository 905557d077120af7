#!/usr/bin/env python3
"""Times s55 beside Typst on the same letter, and prints how many times faster s55 is.

s55 renders the Warwickshire letter (Markdown, HTML and the PDF) in a whole `s55 render`
process; Typst compiles the same letter to a PDF, set in the same fonts, through its Python
binding (`pip install typst`), each compile in a fresh Python process so that every one is
cold, as every `s55 render` is. The letter reaches Typst as markup converted from s55's own
Markdown (headings, paragraphs, lists, quotes, emphasis, links, footnotes, tables), so both
set the same words on A4 pages.

    python3 -m venv /tmp/typst-venv && /tmp/typst-venv/bin/pip install typst
    scripts/typst-compare.py --python /tmp/typst-venv/bin/python [--runs 30]

Not run by CI: the binding is fetched from the Python package index.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "warwickshire-child-protection-2022.yaml"

# One cold compile in a fresh process: the binding imported, then the letter compiled and
# timed (milliseconds printed), as the first compile of a process pays for everything Typst
# sets up.
COMPILE = """
import sys, time
import typst
t = time.perf_counter()
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
print((time.perf_counter() - t) * 1000)
"""

SPECIAL = re.compile(r"([\\#$@<>*_`\[\]~=/+-])")


def inline(text, notes):
    """Markdown inline text as Typst markup."""
    out = []
    pos = 0
    pattern = re.compile(
        r"\[\^([^\]]+)\]|\[([^\]]*)\]\(([^)\s]*)\)|\*\*(.+?)\*\*|(?<![\w*])[*_](.+?)[*_](?![\w*])|\\(.)"
    )
    for m in pattern.finditer(text):
        out.append(SPECIAL.sub(r"\\\1", text[pos : m.start()]))
        note, label, url, strong, emph, escaped = m.groups()
        if note is not None:
            out.append("#footnote[" + inline(notes.get(note, ""), notes) + "]")
        elif url is not None:
            out.append('#link("' + url.replace('"', '\\"') + '")[' + inline(label, notes) + "]")
        elif strong is not None:
            out.append("*" + inline(strong, notes) + "*")
        elif emph is not None:
            out.append("_" + inline(emph, notes) + "_")
        else:
            out.append(SPECIAL.sub(r"\\\1", escaped))
        pos = m.end()
    out.append(SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def to_typst(markdown):
    """The letter's Markdown as a Typst document on A4 pages."""
    lines = markdown.splitlines()
    notes = {}
    body = []
    for line in lines:
        m = re.match(r"\[\^([^\]]+)\]:\s*(.*)", line)
        if m:
            notes[m.group(1)] = m.group(2)
        else:
            body.append(line)
    out = [
        '#set page(paper: "a4", margin: 2.5cm, numbering: "1")',
        '#set text(font: "Liberation Sans", size: 11pt, lang: "en")',
        "#set par(justify: false)",
        "",
    ]
    table = []

    def flush_table():
        if not table:
            return
        rows = [r for r in table if not re.match(r"^\|[\s:|-]+\|$", r)]
        cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
        width = max(len(r) for r in cells)
        out.append(f"#table(columns: {width},")
        for r in cells:
            out.append("  " + ", ".join("[" + inline(c, notes) + "]" for c in r) + ",")
        out.append(")")
        table.clear()

    for line in body:
        if line.startswith("|"):
            table.append(line)
            continue
        flush_table()
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        item = re.match(r"^(\s*)([-*]|\d+[.)])\s+(.*)", line)
        if heading:
            out.append("=" * len(heading.group(1)) + " " + inline(heading.group(2), notes))
        elif item:
            marker = "-" if item.group(2) in "-*" else "+"
            out.append(item.group(1) + marker + " " + inline(item.group(3), notes))
        elif line.startswith(">"):
            out.append("#quote(block: true)[" + inline(line.lstrip("> "), notes) + "]")
        elif line.endswith("\\"):
            out.append(inline(line[:-1], notes) + " \\")
        else:
            # A line of running text that starts "1996." would start a numbered list.
            out.append(re.sub(r"^(\s*\d+)\.", r"\1\\.", inline(line, notes)))
    flush_table()
    return "\n".join(out) + "\n"


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="a Python with `typst` installed")
    ap.add_argument("--s55", default=str(ROOT / "target" / "release" / "s55"))
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    check = subprocess.run([args.python, "-c", "import typst"], capture_output=True)
    if check.returncode != 0:
        sys.exit(f"{args.python} has no `typst` module: pip install typst (see this script's help)")
    work = Path(tempfile.mkdtemp(prefix="s55-typst-"))
    try:
        s55 = [args.s55, "render", str(SEED), "--out", str(work / "s55"), "--quiet"]
        subprocess.run(s55, check=True, stderr=subprocess.DEVNULL)
        markdown = (work / "s55" / (SEED.stem + ".md")).read_text(encoding="utf-8")
        source = work / "letter.typ"
        source.write_text(to_typst(markdown), encoding="utf-8")
        typst_cmd = [args.python, "-c", COMPILE, str(source), str(work / "letter.pdf"), str(ROOT / "fonts")]
        subprocess.run(typst_cmd, check=True, stdout=subprocess.DEVNULL)
        pages = subprocess.run(
            ["pdfinfo", str(work / "letter.pdf")], capture_output=True, text=True
        ).stdout if shutil.which("pdfinfo") else ""
        s55_ms, typst_ms = [], []
        # Interleaved, so a busy machine weighs on both alike.
        for _ in range(args.runs):
            s55_ms += timed(s55, 1)
            done = subprocess.run(typst_cmd, check=True, capture_output=True, text=True)
            typst_ms.append(float(done.stdout.split()[-1]))
        s, t = statistics.median(s55_ms), statistics.median(typst_ms)
        typst_pages = re.search(r"Pages:\s+(\d+)", pages)
        print(f"s55 render (Markdown, HTML, PDF), whole process: median {s:.1f} ms ({args.runs} runs)")
        print(f"Typst's cold compile of the letter to a PDF, in process: median {t:.1f} ms"
              + (f" ({typst_pages.group(1)} pages)" if typst_pages else ""))
        print(f"s55 is {t / s:.1f} times as fast as Typst's cold compile")
    finally:
        if not os.environ.get("S55_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
