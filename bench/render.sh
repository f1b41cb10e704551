#!/bin/sh
# Times `podcover render` on the sample book and on a large-art job (a 300 ppi full-wrap
# JPEG with photographic grain, as big as a real cover photo), and compares the output's size
# and time with copying the art's bytes; then what the CMYK conversion of IngramSpark's cover
# costs (docs/color.md: at most 50 % more than the same render in RGB). Reports; asserts
# nothing.
# Usage: bench/render.sh [build-dir]   (after scripts/build)
set -eu
build=${1:-build}
podcover=$build/cli/podcover
make_art=$build/samples/podcover_make_art
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"


sample=$build/samples/book/book.toml
echo "== sample book ($sample) =="
echo "render:      $(seconds "$podcover" render "$sample" -o "$work/sample") s," \
     "peak $(peak_rss "$podcover" render "$sample" -o "$work/sample")"

# A 8.5 x 11 in book: KDP's full wrap is 17.9256 x 11.25 in; at 300 ppi, 5378 x 3375 px.
mkdir -p "$work/large/art"
"$make_art" "$work/large/art/wrap.jpg" 17.93 11.25 300 24
sed -e 's/trim = "6x9in"/trim = "8.5x11in"/' samples/book/book.toml >"$work/large/book.toml"
art="$work/large/art/wrap.jpg"
echo
echo "== large art: $(size "$art") JPEG, 5379 x 3375 px, 300 ppi full wrap =="
echo "copy art:    $(seconds cp "$art" "$work/copy.jpg") s"
echo "render:      $(seconds "$podcover" render "$work/large/book.toml" -o "$work/out") s," \
     "peak $(peak_rss "$podcover" render "$work/large/book.toml" -o "$work/out")"
for pdf in "$work"/out/*.kdp.pdf "$work"/out/*.ingramspark.pdf; do
    echo "  $(basename "$pdf"): $(size "$pdf") (the art: $(size "$art"))"
done
echo "  proof: $(size "$work/out/salt-road.proof.pdf"), previews: $(size "$work/out/salt-road.kdp.png") each"

# The CMYK conversion: the sample rendered with every cover RGB (--color rgb), and as it is by
# default (IngramSpark's cover CMYK PDF/X-1a: the art re-encoded, the preview soft-proofed).
# Medians of 5 runs; CPU is user + system time, which a busy machine changes less than wall.
echo
echo "== CMYK conversion, sample book (medians of ${RUNS:-5} runs) =="
set -- $(median_times "$podcover" render "$sample" -o "$work/rgb" --color rgb)
rgb_wall=$1 rgb_cpu=$2
set -- $(median_times "$podcover" render "$sample" -o "$work/cmyk")
cmyk_wall=$1 cmyk_cpu=$2
echo "every cover RGB (--color rgb):   $rgb_wall s wall, $rgb_cpu s CPU"
echo "IngramSpark CMYK (the default):  $cmyk_wall s wall, $cmyk_cpu s CPU"
echo "CMYK adds:                       $(percent_more "$rgb_wall" "$cmyk_wall") wall, $(percent_more "$rgb_cpu" "$cmyk_cpu") CPU (at most +50 % asked)"
echo "  IngramSpark PDF: $(size "$work/rgb/salt-road.ingramspark.pdf") RGB, $(size "$work/cmyk/salt-road.ingramspark.pdf") CMYK (the art re-encoded once as a CMYK JPEG)"
