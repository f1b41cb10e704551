#!/usr/bin/env python3
"""Replaces the ICC profile of a PDF's output intent with a small one, in place.

Scribus 1.5's PDF/X export embeds its output intent's profile (ISO Coated v2, 1 MB) and its
scripter does not change it (PDFfile.printprofc is ignored); the committed fixtures must stay
small. Only the profile's bytes change: the objects, boxes, keys and content are Scribus's.

    shrink-profile.py FILE.pdf SMALL.icc
Needs qpdf and fix-qdf.
"""
import re
import subprocess
import sys
import tempfile


def main(pdf, icc):
    with open(icc, "rb") as f:
        profile = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        qdf = tmp + "/q.pdf"
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
        with open(qdf, "rb") as f:
            data = f.read()
        ref = re.search(rb"/DestOutputProfile (\d+) 0 R", data)
        if not ref:
            sys.exit(f"{pdf}: no /DestOutputProfile")
        num = ref.group(1)
        obj = re.search(rb"\n" + num + rb" 0 obj\n<<(.*?)>>\nstream\n", data, re.S)
        end = data.index(b"\nendstream", obj.end())
        # fix-qdf recomputes the /Length object and the cross-reference table.
        data = data[:obj.end()] + profile + data[end:]
        with open(qdf, "wb") as f:
            f.write(data)
        fixed = tmp + "/fixed.pdf"
        with open(fixed, "wb") as out:
            subprocess.run(["fix-qdf", qdf], stdout=out, check=True)
        subprocess.run(["qpdf", "--compress-streams=y", "--object-streams=preserve", fixed, pdf],
                       check=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
