#!/bin/sh
# Times `podcover adapt` (read, plan, measure, write, check the result; and with --proof) on
# the sample's KDP cover to IngramSpark (narrower), its IngramSpark cover to KDP (wider), and,
# when the tests are built, IngramSpark's template page to KDP as a designer's vector export
# and as Canva's flattened CMYK JPEG (4500 x 3600 px): the JPEG drawn once per placement,
# each drawing decoded whole by Poppler. Reports; asserts nothing.
# Usage: bench/adapt.sh [build-dir]   (after scripts/build)
set -eu
build=${1:-build}
podcover=$build/cli/podcover
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"

bench() {
    name=$1
    shift
    echo "$name: $(seconds "$podcover" adapt "$@" -o "$work/out.pdf") s, peak $(peak_rss "$podcover" adapt "$@" -o "$work/out.pdf");" \
        "with --proof $(seconds "$podcover" adapt "$@" -o "$work/out.pdf" --proof "$work/proof.pdf") s;" \
        "podcover check of the result $(seconds "$podcover" check "$work/out.pdf" --printer "$to") s"
}

"$podcover" render "$build/samples/book/book.toml" -o "$work/sample" >/dev/null
to=ingramspark bench "KDP sample to IngramSpark" "$work/sample/salt-road.kdp.pdf" --to ingramspark
to=kdp bench "IngramSpark sample to KDP" "$work/sample/salt-road.ingramspark.pdf" --to kdp
make_fixture=$build/tests/fixtures/podcover_make_fixture
if [ -x "$make_fixture" ]; then
    "$make_fixture" ingramspark-on-template-perfect-bound "$work/vector.pdf" >/dev/null
    "$make_fixture" ingramspark-on-template-perfect-bound-canva "$work/canva.pdf" --ppi 300 >/dev/null
    to=kdp bench "IngramSpark template page (vector) to KDP" "$work/vector.pdf" --to kdp
    to=kdp bench "IngramSpark template page (Canva, $(size "$work/canva.pdf")) to KDP" \
        "$work/canva.pdf" --to kdp --paper cream --pages 238
fi
