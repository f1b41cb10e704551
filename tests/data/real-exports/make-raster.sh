#!/bin/sh
# Regenerates the real-tool exports in this folder (README.md lists each with what check must
# say). Needs a built podcover (its sample art is painted by the build) and the tools that
# authors use: poppler-utils (pdftocairo, pdftoppm), libjpeg-turbo-progs (cjpeg), img2pdf,
# ImageMagick 6 (/usr/bin/convert), qpdf and Ghostscript. CI does not run this: it reads the committed files (tests/real_exports_test.cpp).
#
#   tests/data/real-exports/make-raster.sh [BUILD_DIR]     (default: build)
#
# The files are kept small: the cover's art is smoothed before rendering (the findings depend on
# the page, its image's pixels, colours, fonts and boxes, not on the art's detail), the JPEGs
# are written at low quality, and the Ghostscript runs start from the cover without its art.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
podcover=$build/cli/podcover
convert=/usr/bin/convert  # ImageMagick's own, whatever else is on PATH
icc=/usr/share/color/icc/ghostscript/default_cmyk.icc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# The sample book, 6 x 9 in, 300 pages on white: its KDP cover (RGB, 12.9256 x 9.25 in), once
# with its art smoothed (for the flattened exports) and once without art (for Ghostscript).
mkdir -p "$work/art" "$work/plain"
cp "$build/samples/book/book.toml" "$work/book.toml"
"$convert" "$build/samples/book/art/wrap.jpg" -resize 10% -resize 3885x2775! -quality 60 \
    "$work/art/wrap.jpg"
"$podcover" render "$work/book.toml" -o "$work/art-out" >/dev/null
grep -v '^wrap = ' "$work/book.toml" >"$work/plain/book.toml"
"$podcover" render "$work/plain/book.toml" -o "$work/plain-out" >/dev/null
kdp=$work/art-out/salt-road.kdp.pdf
plain=$work/plain-out/salt-road.kdp.pdf

# A. Flattened: the cover exported as one 300 ppi JPEG (a designer's Photoshop, GIMP or Canva
# export), 3878 x 2775 px: 12.9256 in rounded to whole pixels, 12.9267 in.
pdftocairo -jpeg -jpegopt quality=25 -r 300 -singlefile "$kdp" "$work/cover"
img2pdf "$work/cover.jpg" -o "$here/img2pdf-300ppi.pdf"
"$convert" "$work/cover.jpg" -quality 10 -density 72 -units PixelsPerInch "$work/cover-72.jpg"
img2pdf "$work/cover-72.jpg" -o "$here/img2pdf-72ppi.pdf"
# libjpeg's cjpeg writes no resolution (JFIF units 0, aspect 1:1): img2pdf then takes 96 ppi.
pdftoppm -r 300 -singlefile "$kdp" "$work/cover"
cjpeg -quality 30 "$work/cover.ppm" >"$work/cover-nodpi.jpg"
img2pdf "$work/cover-nodpi.jpg" -o "$here/img2pdf-no-density.pdf"
img2pdf --imgsize 12.9256inx9.25in "$work/cover-72.jpg" -o "$here/img2pdf-imgsize.pdf"
"$convert" "$work/cover.jpg" -colorspace CMYK -quality 20 "$work/cover-cmyk.jpg"
img2pdf "$work/cover-cmyk.jpg" -o "$here/img2pdf-cmyk.pdf"
# Debian's ImageMagick policy refuses to write PDF; EPDF is the same writer under another name.
"$convert" "$work/cover.jpg" -quality 25 -density 300 -units PixelsPerInch \
    "epdf:$here/convert-density300.pdf"
qpdf --empty --pages "$here/img2pdf-300ppi.pdf" 1 "$here/img2pdf-300ppi.pdf" 1 -- \
    "$here/img2pdf-two-pages.pdf"

# A PNG with an alpha channel (GIMP's and Canva's RGBA export): img2pdf keeps the alpha as a
# soft mask. Opaque everywhere, and with a corner at 50% (from the cover without art: small).
pdftocairo -png -r 300 -singlefile "$plain" "$work/plain"
"$convert" "$work/plain.png" -alpha set -channel A -evaluate set 100% +channel \
    "PNG32:$work/opaque.png"
img2pdf "$work/opaque.png" -o "$here/img2pdf-png-opaque-alpha.pdf"
"$convert" "$work/plain.png" -alpha set -region 300x300+0+0 -channel A -evaluate set 50% \
    +region +channel "PNG32:$work/alpha.png"
img2pdf "$work/alpha.png" -o "$here/img2pdf-png-alpha.pdf"

# B. Ghostscript re-distilling the vector cover, as "PDF/X converters" do. PDFX_def.ps is
# Ghostscript's own, with its ICC profile named (gs finds a PDFX_def.ps given without a path in
# its own library first, so it is given by its path).
sed "s|(ISO Coated sb.icc)|($icc)|" /usr/share/ghostscript/*/lib/PDFX_def.ps >"$work/PDFX_def.ps"
gs="gs -q -dBATCH -dNOPAUSE -sDEVICE=pdfwrite"
$gs -dPDFX -sColorConversionStrategy=CMYK -sProcessColorModel=DeviceCMYK \
    --permit-file-read="$icc" -sOutputFile="$here/gs-pdfx3.pdf" "$work/PDFX_def.ps" "$plain"
$gs -dPDFX -sColorConversionStrategy=CMYK -sProcessColorModel=DeviceCMYK \
    -sOutputFile="$here/gs-pdfx-no-def.pdf" "$plain"
$gs -dPDFSETTINGS=/printer -sOutputFile="$here/gs-printer.pdf" "$plain"

ls -l "$here"/*.pdf
