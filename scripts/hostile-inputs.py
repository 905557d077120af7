#!/usr/bin/env python3
"""Writes one hostile document for s55's importers, at a scale (1 = the size it was reported at).

    scripts/hostile-inputs.py CASE OUT [SCALE]

Cases:
  docx-bomb      a .docx whose word/document.xml unpacks to 1.5 GB (about 1.5 MB packed)
  nested-divs    a web page of 100,000 nested <div>s
  form-levels    a returned chief officer's form (FORM= the form s55 made) whose first field
                 holds 100,000 list paragraphs, each a level deeper than the last
  objstm-bomb    a PDF whose one object stream unpacks to 1 GB
  objstm-count   a PDF whose object stream declares 10,000,000 objects
  shared-stream  a PDF of 2,000 pages sharing one 60 MB content stream
  long-text      a plain text list of 2,000 recommendations (for timing at 1x, 2x, 4x)
  long-page      a web page of 2,000 recommendations, one paragraph each
"""
import os
import re
import sys
import zipfile
import zlib

name, out = sys.argv[1], sys.argv[2]
LEVEL = int(os.environ.get("LEVEL", "9"))
scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
n = lambda k: max(1, int(k * scale))


def pdf(objects):
    """A PDF of the objects (each the bytes between `N 0 obj` and `endobj`), 1 the catalog."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def stream(data, extra=b""):
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def packed_repeat(chunk, total):
    """zlib-packed bytes of `chunk` repeated to `total` bytes, packed a piece at a time."""
    z = zlib.compressobj(9)
    parts = []
    piece = chunk * max(1, (1 << 20) // len(chunk))
    done = 0
    while done < total:
        parts.append(z.compress(piece))
        done += len(piece)
    parts.append(z.flush())
    return b"".join(parts)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

if name == "docx-bomb":
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            block = b"a" * (1 << 20)
            for _ in range(n(1500)):
                f.write(block)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")
elif name == "nested-divs":
    open(out, "w").write("<!doctype html><html><body>" + "<div>" * n(100_000) + "Recommendation 1. The force should." + "</div>" * n(100_000) + "</body></html>")
elif name == "form-levels":
    form = os.environ["FORM"]
    field = os.environ.get("FIELD", "recommendations[0].force_response")
    paras = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{i}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>level {i}</w:t></w:r></w:p>'
        for i in range(n(100_000))
    )
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                at = xml.index(f'<w:tag w:val="s55:{field}"/>')
                start = xml.rindex("<w:sdt>", 0, at)
                open_ = xml.index("<w:sdtContent>", at) + len("<w:sdtContent>")
                close = xml.index("</w:sdtContent>", open_)
                props = xml[start:open_].replace("<w:showingPlcHdr/>", "")
                data = (xml[:start] + props + paras + xml[close:]).encode()
            dst.writestr(item, data)
elif name == "objstm-bomb":
    # Ten objects, then a gigabyte of spaces: the stream's declared count is small.
    header = b" ".join(b"%d %d" % (100 + i, i * 4) for i in range(10)) + b" "
    objects = b"1 0 " * 10
    packed = zlib.compressobj(LEVEL)
    data = packed.compress(header + objects)
    piece = b" " * (1 << 20)
    for _ in range(n(1024)):
        data += packed.compress(piece)
    data += packed.flush()
    objstm = b"<< /Type /ObjStm /N 10 /First %d /Length %d /Filter /FlateDecode >>\nstream\n" % (len(header), len(data)) + data + b"\nendstream"
    content = stream(b"BT /F1 12 Tf 72 720 Td (Recommendation 1) Tj ET")
    open(out, "wb").write(pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        content,
        FONT,
        objstm,
    ]))
elif name == "objstm-count":
    header = b"100 0 "
    data = zlib.compress(header + b"1 ", 9)
    objstm = b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n" % (n(10_000_000), len(header), len(data)) + data + b"\nendstream"
    content = stream(b"BT /F1 12 Tf 72 720 Td (Recommendation 1) Tj ET")
    open(out, "wb").write(pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        content,
        FONT,
        objstm,
    ]))
elif name == "shared-stream":
    pages = n(2000)
    line = b"BT /F1 12 Tf 72 720 Td (Recommendation one of the shared page.) Tj ET\n"
    data = packed_repeat(line, 60 << 20)
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        content,
        FONT,
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>")
    open(out, "wb").write(pdf(objects))
elif name in ("long-text", "long-page"):
    recs = [
        f"{i}. Within six months, the force should review how it records decision number {i} "
        f"about risk, and make sure that supervisors check it."
        for i in range(1, n(2000) + 1)
    ]
    if name == "long-text":
        open(out, "w").write("Recommendations\n" + "\n".join(recs) + "\n")
    else:
        open(out, "w").write("<!doctype html><html><body><main><h2>Recommendations</h2>"
                             + "".join(f"<p>{r}</p>" for r in recs) + "</main></body></html>")
else:
    raise SystemExit(f"unknown case {name}")
