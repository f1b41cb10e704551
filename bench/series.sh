#!/bin/sh
# Times `podcover series` on a generated 50-volume series (5 x 8 in paperbacks of 80 to 570
# pages for KDP and IngramSpark, every volume with the sample series' art), with 1 worker and
# with 2, and prints the throughput (volumes a second) and the ratio; then a run with nothing
# changed, which skips every volume. Reports; asserts nothing (docs/series.md).
# Usage: bench/series.sh [build-dir]   (after scripts/build, which paints the sample art)
set -eu
build=${1:-build}
podcover=$(cd "$(dirname "$build/cli/podcover")" && pwd)/podcover
art=$(cd "$build/samples/series/art" && pwd)/volume-3.jpg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"

volumes=50
manifest=$work/series.toml
{
    echo 'authors = ["Ann Author"]'
    echo 'trim = "5x8in"'
    echo 'paper = "white"'
    echo 'printers = ["kdp", "ingramspark"]'
    echo 'name = "volume-{number}"'
    echo "art = { wrap = \"$art\" }"
    echo '[spine]'
    echo 'head = ["{title}", "ANN AUTHOR"]'
    echo 'tail = ["{number}"]'
    i=1
    while [ "$i" -le "$volumes" ]; do
        echo '[[volume]]'
        echo "title = \"Volume $i\""
        echo "pages = $((70 + i * 10))"
        i=$((i + 1))
    done
} >"$manifest"

echo "== podcover series: $volumes volumes x 2 printers ($(nproc) cores) =="
one=$(seconds "$podcover" series "$manifest" -o "$work/one" -j 1)
two=$(seconds "$podcover" series "$manifest" -o "$work/two" -j 2)
skip=$(seconds "$podcover" series "$manifest" -o "$work/two" -j 2)
echo "-j 1:        $one s, $(awk -v t="$one" -v n="$volumes" 'BEGIN { printf "%.2f", n / t }') volumes/s"
echo "-j 2:        $two s, $(awk -v t="$two" -v n="$volumes" 'BEGIN { printf "%.2f", n / t }') volumes/s"
echo "speed-up:    $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }') x (-j 2 against -j 1)"
echo "unchanged:   $skip s (every volume skipped)"
