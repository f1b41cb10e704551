#!/bin/sh
# Times `podcover spec` (both printers, with the comparison's page-count scan) and counts its
# instructions with callgrind when valgrind is installed. Reports; asserts nothing.
# Usage: bench/spec.sh [path/to/podcover]
set -eu
podcover=${1:-build/cli/podcover}
runs=50
args="spec --trim 6x9in --pages 300 --paper white"
start=$(date +%s%N)
i=0
while [ $i -lt $runs ]; do
    $podcover $args >/dev/null
    i=$((i + 1))
done
end=$(date +%s%N)
echo "podcover $args: $(( (end - start) / runs / 1000 )) us per run (mean of $runs, wall clock)"
if command -v valgrind >/dev/null 2>&1; then
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" $podcover $args >/dev/null 2>"$out.log"
    echo "instructions: $(grep -o 'Collected : [0-9]*' "$out.log" | cut -d' ' -f3)"
    rm -f "$out" "$out.log"
fi
