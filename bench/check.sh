#!/bin/sh
# Times `podcover check` against running pdfinfo, pdffonts, pdfimages -list and
# pdftoppm -r 72 on the same file (Poppler's own tools, which see less), on the sample's
# vector cover and on a flattened cover (one 300 ppi JPEG of 7 MB). Reports; asserts nothing.
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
