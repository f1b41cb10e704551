#!/bin/sh
# Regenerates the covers of this folder with the real tools (Debian 12: Inkscape 1.2.2,
# Scribus 1.5.8). CI does not run this: it reads the committed PDFs (README.md says what
# check must find in each). Run from anywhere; writes into this folder.
#
#   [PODCOVER=build/cli/podcover] sh tests/data/real-exports/vector/make-vector.sh [ART.jpg]
#
# ART.jpg: the sample book's art (build/samples/book/art/wrap.jpg, 3885 x 2775 px, 300 ppi);
# without it, the committed art-300.jpg is used as it is. art-300.jpg is that art saved again
# at JPEG quality 55 (84 KB instead of 263 KB, still 300 ppi), so that every PDF stays small.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if [ $# -ge 1 ]; then
    convert "$1" -quality 55 -sampling-factor 4:2:0 art-300.jpg
fi
# PODCOVER=build/cli/podcover: podcover's KDP guide layer made again (else the committed one).
if [ -n "${PODCOVER:-}" ]; then
    tmp=$(mktemp -d)
    "$PODCOVER" template --trim 6x9in --pages 300 --paper white --printer kdp -o "$tmp" >/dev/null
    cp "$tmp/template.kdp.guide.svg" podcover-guide.kdp.svg
    rm -r "$tmp"
fi

python3 gen-svg.py

ink() { # ink SVG PDF [OPTIONS...]
    svg=$1 pdf=$2
    shift 2
    inkscape "$svg" --export-type=pdf --export-filename="$pdf" "$@" 2>/dev/null
}

# KDP's full cover in mm (text as text, Cairo's font subsets), and with text as paths.
ink inkscape-kdp-mm.svg inkscape-kdp-mm.pdf
ink inkscape-kdp-mm.svg inkscape-kdp-mm-outlines.pdf --export-text-to-path
# In px at 96/in (Inkscape's default unit), the art embedded in the SVG.
ink inkscape-kdp-px-embedded.svg inkscape-kdp-px-embedded.pdf
# In inches, a white box left where KDP prints its barcode; PDF 1.4.
ink inkscape-kdp-in-barcode-box.svg inkscape-kdp-in-barcode-box.pdf --export-pdf-version=1.4
ink inkscape-kdp-in-barcode-box.svg inkscape-kdp-in-barcode-box-outlines.pdf \
    --export-text-to-path --export-pdf-version=1.4
# The bleed forgotten: the page is trim + spine, the art overflowing it.
ink inkscape-kdp-trim-only.svg inkscape-kdp-trim-only.pdf
# The bleed added at export instead: --export-margin takes whole mm only, so 3 mm (0.118 in)
# rather than 3.175.
ink inkscape-kdp-trim-only.svg inkscape-kdp-trim-export-margin-3mm.pdf --export-margin=3
# Exported with --export-area-drawing: the page becomes the art's own size (12.95 in wide).
ink inkscape-kdp-mm.svg inkscape-kdp-mm-area-drawing.pdf --export-area-drawing
# A half-transparent band, a blurred drop shadow and a gradient to transparent.
# Inkscape rasterizes the blur at 96 dpi unless told: --export-dpi=300.
ink inkscape-kdp-mm-effects.svg inkscape-kdp-mm-effects.pdf
ink inkscape-kdp-mm-effects.svg inkscape-kdp-mm-effects-300dpi.pdf --export-dpi=300
# The back copy run into KDP's barcode area.
ink inkscape-kdp-mm-copy-low.svg inkscape-kdp-mm-copy-low.pdf
# The spine's lettering 0.3 in off centre, over the back fold: as text and as paths.
ink inkscape-kdp-mm-spine-off.svg inkscape-kdp-mm-spine-off.pdf
ink inkscape-kdp-mm-spine-off.svg inkscape-kdp-mm-spine-off-outlines.pdf --export-text-to-path
# No spine text; small stars drawn as circles over the sky, some on the spine's folds.
ink inkscape-kdp-mm-stars.svg inkscape-kdp-mm-stars.pdf
# Lato (tall declared ascent and descent) set just inside KDP's safe lines, and just over.
ink inkscape-kdp-mm-tight.svg inkscape-kdp-mm-tight.pdf
ink inkscape-kdp-mm-tight-over.svg inkscape-kdp-mm-tight-over.pdf
# Designed on podcover's guide layer (podcover template ... --printer kdp: guide.svg), its
# locked layers hidden before export, or forgotten.
ink inkscape-kdp-guide-hidden.svg inkscape-kdp-guide-hidden.pdf
ink inkscape-kdp-guide-visible.svg inkscape-kdp-guide-visible.pdf
# IngramSpark's full cover (12.879 x 9.25 in), RGB as Inkscape writes it.
ink inkscape-ingramspark-mm.svg inkscape-ingramspark-mm.pdf

# Scribus: page = trim + spine with 0.125 in document bleeds; PDF 1.4 (with the bleeds, and
# without them: "Use document bleeds" unchecked), PDF/X-1a (with and without crop marks) and
# PDF/X-3. Offscreen: no display needed. The PDF/X files: images downsampled to
# 120 ppi and the output intent's 1 MB profile replaced by Ghostscript's 5 KB PS CMYK one
# (shrink-profile.py), to stay small.
for variant in pdf14 pdf14-nobleed x1a x1a-marks x3; do
    dpi=120
    case $variant in pdf14*) dpi=0 ;; esac
    QT_QPA_PLATFORM=offscreen SCRIBUS_VARIANT=$variant SCRIBUS_DPI=$dpi SCRIBUS_OUT="$here" \
        scribus -g -ns -py scribus-cover.py >/dev/null 2>&1
    case $variant in pdf14*) ;; *)
        python3 shrink-profile.py scribus-ingramspark-$variant.pdf \
            /usr/share/color/icc/ghostscript/ps_cmyk.icc ;;
    esac
done

ls -l *.pdf
