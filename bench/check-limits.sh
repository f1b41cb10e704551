#!/bin/sh
# `podcover check` on every hostile PDF of issue 11 (tests/fuzz/hostile_pdfs.cpp: images
# declaring huge sizes, a Flate bomb, forms fanned out 10^8 times, a million nested q, paths
# of 10^7 and 10^9 segments, odd MediaBoxes...): exit code, seconds on the wall and of
# processor time, peak memory and the first line of the message. Each run is stopped after 150 s and held to 8 GB of address
# space so that a build without the limits cannot take the machine down. Reports; asserts
# nothing (tests/check_limits_test.cpp asserts the exits and messages).
# Usage: bench/check-limits.sh [build-dir] [podcover]   (after scripts/build)
set -eu
build=${1:-build}
podcover=${2:-$build/cli/podcover}
make=$build/tests/fuzz/podcover_make_hostile_pdfs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$make" "$work" --large >"$work/list"
printf '| file | size | exit | seconds | processor s | peak memory | message |\n|---|---|---|---|---|---|---|\n'
tab=$(printf '\t')
while IFS="$tab" read -r name bytes what arguments; do
    # shellcheck disable=SC2086
    ( ulimit -v 8388608; exec /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
        timeout 150 "$podcover" check "$work/$name" $arguments ) >/dev/null 2>"$work/err" &&
        code=0 || code=$?
    # shellcheck disable=SC2046
    set -- $(tail -n 1 "$work/time")
    secs=$1 cpu=$(echo "$2 $3" | awk '{ printf "%.2f", $1 + $2 }') kb=$4
    [ "$code" = 124 ] && code='killed at 150 s'
    message=$(grep -v '^Command' "$work/err" | head -n 1 | cut -c 1-110 | sed 's/|/\\|/g')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" \
        "$(echo "$bytes" | awk '{ printf ($1 < 1048576 ? "%.1f KB" : "%.1f MB"), ($1 < 1048576 ? $1 / 1024 : $1 / 1048576) }')" \
        "$code" "$secs" "$cpu" "$(echo "$kb" | awk '{ printf "%.0f MB", $1 / 1024 }')" "$message"
done <"$work/list"
