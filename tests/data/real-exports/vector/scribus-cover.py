# The sample book's cover (The Salt Road, 6 x 9 in, 300 pages on IngramSpark's 50# white:
# spine 0.629 in, full cover 12.879 x 9.25 in) made in Scribus 1.5 as designers set it up:
# the page is trim + spine + trim (12.629 x 9 in) and the document has 0.125 in bleeds, so the
# PDF's MediaBox grows by the bleed and its TrimBox is the page.
#
#   QT_QPA_PLATFORM=offscreen SCRIBUS_VARIANT=x1a SCRIBUS_OUT=DIR scribus -g -ns -py scribus-cover.py
#
# SCRIBUS_VARIANT: pdf14 (PDF 1.4, RGB as placed), x1a (PDF/X-1a: CMYK, document bleeds),
# x1a-marks (the same with crop marks, which Scribus draws outside the bleed), x3 (PDF/X-3,
# for a printer: CMYK too) or pdf14-nobleed (PDF 1.4 with "Use document bleeds" unchecked and
# no bleeds: the commonest Scribus mistake). (PDFfile.fontEmbedding = 1, outlines, is ignored by Scribus 1.5.8's
# scripter: the fonts stay embedded.)
import os
import sys

import scribus

variant = os.environ.get("SCRIBUS_VARIANT", "pdf14")
out_dir = os.environ.get("SCRIBUS_OUT", os.path.dirname(os.path.abspath(__file__)))
here = os.path.dirname(os.path.abspath(__file__))

TRIM_W, TRIM_H, SPINE, BLEED = 6.0, 9.0, 0.629, 0.125
PAGE_W = 2 * TRIM_W + SPINE

fonts = scribus.getFontNames()


def font(*wanted):
    for name in wanted:
        if name in fonts:
            return name
    for name in fonts:
        if wanted[0].split(" ")[0] in name:
            return name
    return fonts[0]


SERIF = font("EB Garamond 12 Regular", "EB Garamond Regular")
SERIF_BOLD = font("EB Garamond 12 Bold", "EB Garamond Bold", "EB Garamond SemiBold")
SERIF_ITALIC = font("EB Garamond 12 Italic", "EB Garamond Italic")
SANS = font("Lato Regular")

scribus.newDocument((PAGE_W, TRIM_H), (0.25, 0.25, 0.25, 0.25), scribus.PORTRAIT, 1,
                    scribus.UNIT_INCHES, scribus.PAGE_1, 0, 1)
scribus.setBleeds(BLEED, BLEED, BLEED, BLEED)
scribus.defineColorCMYK("Cream", 0, 8, 20, 0)
scribus.defineColorCMYK("Ink", 0, 0, 0, 255)

# The art over the whole cover and its bleed (it is 12.95 x 9.25 in at 300 ppi).
art = scribus.createImage(-BLEED, -BLEED, 12.95, 9.25, "art")
scribus.loadImage(os.path.join(here, "art-300.jpg"), art)
scribus.setScaleImageToFrame(True, True, art)


def text(x, y, w, h, content, face, size, color="Cream", align=scribus.ALIGN_LEFT, name=None):
    frame = scribus.createText(x, y, w, h, name)
    scribus.setText(content, frame)
    scribus.setFont(face, frame)
    scribus.setFontSize(size, frame)
    scribus.setTextColor(color, frame)
    scribus.setTextAlignment(align, frame)
    return frame


front_x = TRIM_W + SPINE
# Front, inside IngramSpark's 0.25 in safe margin.
text(front_x + 0.5, 1.3, TRIM_W - 1.0, 1.0, "The Salt Road", SERIF_BOLD, 46,
     align=scribus.ALIGN_CENTERED, name="title")
text(front_x + 0.5, 2.35, TRIM_W - 1.0, 0.5, "A Novel", SERIF_ITALIC, 18,
     align=scribus.ALIGN_CENTERED, name="subtitle")
text(front_x + 0.5, 7.6, TRIM_W - 1.0, 0.5, "Ann Author", SERIF, 20,
     align=scribus.ALIGN_CENTERED, name="author")
# Spine: a frame as long as the spine-text area, turned 90 degrees clockwise about its
# top-left corner, which is put at the spine's right fold, so that it reads top to bottom.
spine = text(front_x - 0.1, 0.5, TRIM_H - 1.0, SPINE - 0.2, "THE SALT ROAD  \u00b7  ANN AUTHOR",
             SERIF_BOLD, 14, align=scribus.ALIGN_CENTERED, name="spine")
scribus.rotateObject(-90, spine)
# Back copy above IngramSpark's barcode area (1.75 x 1 in, lower right of the back), in black
# ink on a cream panel, as small text for IngramSpark must be (100% K).
scribus.createRect(0.5, 0.9, TRIM_W - 1.0, 3.2, "panel")
scribus.setFillColor("Cream", "panel")
scribus.setLineColor("None", "panel")
text(0.7, 1.1, TRIM_W - 1.4, 2.8,
     "When the salt caravans stop coming, Mara walks the old road alone: past the dry wells, "
     "the stone markers and the towns that forgot her father's name. What she finds at its "
     "end will change the coast forever.\r\rA story of distance, water and the people who "
     "carry both, from the author of The Tide Tables.", SERIF, 12, color="Ink", name="copy")
text(0.5, 8.3, 3.0, 0.3, "examplepress.example", SANS, 9, name="footer")

pdf = scribus.PDFfile()
pdf.file = os.path.join(out_dir, "scribus-ingramspark-%s.pdf" % variant)
pdf.fontEmbedding = 0  # embed
pdf.useDocBleeds = 0 if variant == "pdf14-nobleed" else 1
pdf.resolution = 300
# SCRIBUS_DPI: images downsampled to this (0: as placed, 300 ppi); the committed PDF/X files
# are at 120 ppi, as their CMYK JPEG at 300 ppi alone is 550 KB.
pdf.downsample = int(os.environ.get("SCRIBUS_DPI", "0"))
# Font subsets, and for PDF/X the CMYK image as a low-quality JPEG (else Flate, 2 MB): keeps
# the committed fixtures small; neither changes what check measures. PDF 1.4 keeps the RGB
# JPEG as it is (automatic compression).
pdf.compressmtd = 0 if variant.startswith("pdf14") else 1
pdf.quality = 3
pdf.subsetList = pdf.fonts
if variant.startswith("pdf14"):
    pdf.version = 14
    pdf.outdst = 0
else:
    # Scribus's codes: 11 is PDF/X-1a (GTS_PDFXVersion PDF/X-1:2001), 12 is PDF/X-3:2002.
    pdf.version = 12 if variant == "x3" else 11
    pdf.outdst = 1  # for a printer: CMYK
    pdf.info = "The Salt Road"
    pdf.cropMarks = 1 if variant == "x1a-marks" else 0
    pdf.bleedMarks = 0
    pdf.markOffset = 0.125 if variant == "x1a-marks" else 0.0
pdf.save()
scribus.closeDoc()
sys.exit(0)
