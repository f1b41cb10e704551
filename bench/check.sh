#!/bin/sh
# Times `podcover check` against running pdfinfo, pdffonts, pdfimages -list and
# pdftoppm -r 72 on the same file (Poppler's own tools, which see less), on the sample's
# vector cover, on a flattened cover (one 300 ppi JPEG of 7 MB), and on a large flattened
# cover as Canva exports an IngramSpark template page (one 4500 x 3600 CMYK JPEG, about
# 3.6 MB, on a 15 x 12 in page). Reports; asserts nothing.
# Usage: bench/check.sh [build-dir]   (after scripts/build)
set -eu
build=${1:-build}
podcover=$build/cli/podcover
make_art=$build/samples/podcover_make_art
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"

poppler_tools() {
    pdfinfo -box "$1" && pdffonts "$1" && pdfimages -list "$1" && pdftoppm -r 72 -png "$1" "$work/page"
}
bench() {
    echo "podcover check:            $(seconds "$podcover" check "$1" --printer kdp) s, peak $(peak_rss "$podcover" check "$1" --printer kdp)"
    echo "podcover check --proof:    $(seconds "$podcover" check "$1" --printer kdp --proof "$work/proof.pdf") s"
    echo "pdfinfo+pdffonts+pdfimages+pdftoppm -r 72: $(seconds poppler_tools "$1") s"
}

"$podcover" render "$build/samples/book/book.toml" -o "$work/sample" --printer kdp >/dev/null
echo "== the sample's KDP cover (vector text, a 0.26 MB JPEG) =="
bench "$work/sample/salt-road.kdp.pdf"
echo
"$make_art" "$work/flat.pdf" 12.9256 9.25 300 24
echo "== a flattened cover: one JPEG of $(wc -c <"$work/flat.pdf" | awk '{ printf "%.1f MB", $1 / 1048576 }'), 3878 x 2775 px =="
bench "$work/flat.pdf"
echo
# The template page's cover is not found on it (the art fills the page), so the book is given:
# every check then runs, each printer's barcode scan included.
"$make_art" "$work/template.pdf" 15 12 300 4 --cmyk
echo "== a flattened template page: one CMYK JPEG of $(size "$work/template.pdf"), 4500 x 3600 px, 15 x 12 in =="
book="--trim 6x9in --pages 300 --paper white"
# shellcheck disable=SC2086
check=$(seconds "$podcover" check "$work/template.pdf" $book)
look=$(seconds poppler_tools "$work/template.pdf")
# shellcheck disable=SC2086
echo "podcover check (both printers): $check s, peak $(peak_rss "$podcover" check "$work/template.pdf" $book)"
echo "pdfinfo+pdffonts+pdfimages+pdftoppm -r 72: $look s"
echo "the Poppler tools take $(echo "$look $check" | awk '{ printf "%.1f", $1 / $2 }') times as long as the check"
# Canva's export of a cover made on IngramSpark's template (tests/fixtures, when built with the
# tests): marks and info block in the pixels, flat art that Poppler converts quickly.
make_fixture=$build/tests/fixtures/podcover_make_fixture
if [ -x "$make_fixture" ]; then
    echo
    "$make_fixture" ingramspark-on-template-perfect-bound-canva "$work/canva.pdf" --ppi 300 --quality 98 >/dev/null
    echo "== Canva's export of a cover on IngramSpark's template page: one CMYK JPEG of $(size "$work/canva.pdf"), 4500 x 3600 px =="
    check=$(seconds "$podcover" check "$work/canva.pdf")
    look=$(seconds poppler_tools "$work/canva.pdf")
    echo "podcover check (found on the page, the book inferred): $check s, peak $(peak_rss "$podcover" check "$work/canva.pdf")"
    echo "pdfinfo+pdffonts+pdfimages+pdftoppm -r 72: $look s"
    echo "the Poppler tools take $(echo "$look $check" | awk '{ printf "%.1f", $1 / $2 }') times as long as the check"
fi
