#!/usr/bin/python3
"""Fills an s55 Word form in LibreOffice Writer as a person would, and saves it as Word.

Usage: fill-form.py FORM.docx OUT.docx VALUES.json PROFILE_DIR

VALUES.json is a list with one entry for each box of the form, in the order the boxes stand
in the document: a string to type into a text box, or to pick from a drop-down's list, or
null to leave the box as it is. The
script opens the form through UNO in a headless LibreOffice of its own (its own profile and
pipe, so that tests can run side by side), types each value into its box (LibreOffice shows
the form's boxes as Input fields and drop-downs), and saves the document as "Word 2007-365"
(.docx), as "File > Save As" does. It prints, on standard error, what LibreOffice made of
the boxes: how many input fields and drop-downs it found.

It must run under the system Python (/usr/bin/python3), which has LibreOffice's `uno`.
"""

import functools
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, proc):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit("LibreOffice stopped before it could be reached")
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
        except Exception:
            time.sleep(0.2)
    sys.exit("LibreOffice could not be reached through UNO within a minute")


def main():
    form, out, values_file, profile = sys.argv[1:5]
    values = json.load(open(values_file, encoding="utf-8"))
    pipe = "s55form%d" % os.getpid()
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(form)),
            "_blank",
            0,
            (prop("Hidden", True),),
        )
        boxes = []
        fields = doc.getTextFields().createEnumeration()
        while fields.hasMoreElements():
            f = fields.nextElement()
            if f.supportsService("com.sun.star.text.TextField.Input") or f.supportsService(
                "com.sun.star.text.TextField.DropDown"
            ):
                boxes.append(f)
        text = doc.getText()
        # In the order a person meets them, reading down the document.
        boxes.sort(
            key=functools.cmp_to_key(
                lambda a, b: -text.compareRegionStarts(a.getAnchor(), b.getAnchor())
            )
        )
        drops = sum(
            1 for b in boxes if b.supportsService("com.sun.star.text.TextField.DropDown")
        )
        print(
            "LibreOffice shows %d boxes: %d input fields, %d drop-downs"
            % (len(boxes), len(boxes) - drops, drops),
            file=sys.stderr,
        )
        if len(boxes) != len(values):
            sys.exit("the form has %d boxes, and %d values were given" % (len(boxes), len(values)))
        for box, value in zip(boxes, values):
            if value is None:
                # Left as it is, as a person who has nothing to add leaves a box.
                continue
            if box.supportsService("com.sun.star.text.TextField.DropDown"):
                if value not in box.Items:
                    sys.exit("%r is not in the drop-down's list %r" % (value, box.Items))
                box.SelectedItem = value
            else:
                box.Content = value
        doc.getTextFields().refresh()
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(out)),
            (prop("FilterName", "MS Word 2007 XML"),),
        )
        doc.close(True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
