#!/bin/sh
# Checks every fixture that imitates how real tools export covers (tests/fixtures: IngramSpark
# template pages as designers and Canva export them, the printers' own templates, KDP covers
# with the template left visible, Illustrator's whole-point pages) with `podcover check` and no
# options, as a new user would, and counts false failures: a clean cover (or a printer's
# template) that exits 1, and a defect (a template left visible, spine text on the fold, no
# bleed) that exits 0; and times each check against the poppler-utils look at the same file.
# Usage: bench/real-covers.sh [build-dir] [podcover]   (after scripts/build with tests)
# The second argument checks with another podcover binary (an older build, for a before/after).
set -eu
build=${1:-build}
podcover=${2:-$build/cli/podcover}
make_fixture=$build/tests/fixtures/podcover_make_fixture
[ -x "$make_fixture" ] || { echo "bench/real-covers.sh: $make_fixture is missing; build with tests (scripts/test)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"
poppler_tools() {
    pdfinfo -box "$1" && pdffonts "$1" && pdfimages -list "$1" && pdftoppm -r 72 -png "$1" "$work/page"
}

clean=0; clean_failed=0; defects=0; defects_missed=0; slower=0
printf '%-50s %-8s %-7s %-7s %s\n' fixture expected check look "exit (errors)"
for name in $("$make_fixture" --list | awk '{ print $1 }'); do
    "$make_fixture" "$name" "$work/$name.pdf" >/dev/null
    # The catalog describes each defect fixture as "defect: ..."; the rest are clean.
    if "$make_fixture" --list | grep -q "^$name  *defect:" || case "$name" in *template-visible*) true ;; *) false ;; esac; then
        expected=defect
    else
        expected=clean
    fi
    set +e
    "$podcover" check "$work/$name.pdf" >"$work/$name.txt" 2>&1
    code=$?
    set -e
    errors=$(grep -o '✗ [a-z-]*' "$work/$name.txt" | sed 's/✗ //' | sort -u | tr '\n' ' ')
    # Time: the check against the poppler-utils look at the same file.
    check_s=$(seconds "$podcover" check "$work/$name.pdf")
    look_s=$(seconds poppler_tools "$work/$name.pdf")
    if awk "BEGIN { exit !($check_s > $look_s) }"; then slower=$((slower + 1)); fi
    printf '%-50s %-8s %-7s %-7s %s\n' "$name" "$expected" "$check_s" "$look_s" "$code ($errors)"
    if [ "$expected" = clean ]; then
        clean=$((clean + 1))
        [ "$code" -ne 0 ] && clean_failed=$((clean_failed + 1))
    else
        defects=$((defects + 1))
        [ "$code" -ne 1 ] && defects_missed=$((defects_missed + 1))
    fi
done
echo
echo "false failures: $clean_failed of $clean clean covers and templates"
echo "defects missed: $defects_missed of $defects"
echo "checks slower than pdfinfo+pdffonts+pdfimages -list+pdftoppm -r 72: $slower"
