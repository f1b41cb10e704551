#!/bin/sh
# Times `podcover render` against pdflatex with the LaTeX bookcover class making one
# comparable cover; then on the sample book and on a large-art job (a 300 ppi full-wrap JPEG
# with photographic grain, as big as a real cover photo), against copying the art's bytes; then
# what the CMYK conversion of IngramSpark's cover costs (docs/color.md: at most 50 % more than
# the same render in RGB). Reports; asserts nothing. docs/BENCHMARKS.md has the last run.
# Usage: bench/render.sh [build-dir]   (after scripts/build; pdflatex and bookcover.cls come
# with Debian's texlive-latex-extra, without which that part is skipped)
set -eu
build=${1:-build}
podcover=$build/cli/podcover
make_art=$build/samples/podcover_make_art
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/common.sh"
# The PDF/X dates from a fixed time, so that every run writes the same bytes.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export SOURCE_DATE_EPOCH

sample=$build/samples/book/book.toml

# pdflatex makes one RGB cover: the sample's size (6 x 9 in, KDP's 0.6756 in spine, 0.125 in
# bleed), its art (the same 3885 x 2775 px JPEG) over the whole wrap, its title, subtitle and
# author on the front, its two spine lines, its back copy; no barcode, no PDF/X, no preview,
# no proof. podcover is timed three ways: its whole render (the KDP cover, IngramSpark's CMYK
# PDF/X-1a cover with the art re-encoded, a PNG preview of each, the proof PDF and PNG); the
# same without PNGs (--previews none); and the job closest to pdflatex's, the KDP cover alone
# (--printer kdp --previews none: that cover and the proof PDF).
echo "== render vs pdflatex + bookcover (medians of ${RUNS:-5} runs; CPU is user + system) =="
if command -v pdflatex >/dev/null 2>&1 && command -v kpsewhich >/dev/null 2>&1 &&
    [ -n "$(kpsewhich bookcover.cls)" ]; then
    mkdir -p "$work/tex"
    cp "$build/samples/book/art/wrap.jpg" "$work/tex/wrap.jpg"
    cat >"$work/tex/cover.tex" <<'TEX'
\documentclass[coverwidth=6in,coverheight=9in,spinewidth=0.6756in,bleedwidth=0.125in,marklength=0in]{bookcover}
\usepackage{graphicx}
\begin{document}
\begin{bookcover}
\bookcovercomponent{normal}{bg whole}{\includegraphics[width=\partwidth,height=\partheight]{wrap.jpg}}
\bookcovercomponent{center}{front}{\color{white}\Huge\bfseries The Salt Road\\[1ex]\Large\itshape A Novel\\[20ex]\Large\upshape Ann Author}
\bookcovercomponent{center}{spine}{\rotatebox[origin=c]{-90}{\color{white}\bfseries THE SALT ROAD\hspace{8em}ANN AUTHOR}}
\bookcovercomponent{center}{back}{\color{white}\begin{minipage}{4.5in}\large When the salt caravans stop coming, Mara walks the old road alone: past the dry wells, the stone markers and the towns that forgot her father's name. What she finds at its end will change the coast forever.

A story of distance, water and the people who carry both, from the author of The Tide Tables.\end{minipage}}
\end{bookcover}
\end{document}
TEX
    # A script, not a function: GNU time runs programs.
    printf 'cd "%s" && exec pdflatex -interaction=batchmode -halt-on-error cover.tex\n' \
        "$work/tex" >"$work/tex/run.sh"
    latex() { sh "$work/tex/run.sh"; }
    latex >/dev/null 2>&1 || { echo "pdflatex failed: $(tail -n 5 "$work/tex/cover.log")"; exit 1; }
    set -- $(median_times sh "$work/tex/run.sh")
    tex_wall=$1 tex_cpu=$2
    echo "pdflatex, one RGB cover:                $tex_wall s wall, $tex_cpu s CPU," \
         "peak $(peak_rss sh "$work/tex/run.sh") ($(size "$work/tex/cover.pdf"))"
    ratio() {
        awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'BEGIN {
            if (b > 0 && d > 0) printf "pdflatex takes %.1fx its wall time, %.1fx its CPU", a / b, c / d
            else printf "n/a" }'
    }
    versus() {
        label=$1
        shift
        set -- $(median_times "$podcover" render "$sample" "$@")
        echo "$label $1 s wall, $2 s CPU: $(ratio "$tex_wall" "$1" "$tex_cpu" "$2")"
    }
    versus "podcover, whole render:                " -o "$work/whole"
    echo "  peak $(peak_rss "$podcover" render "$sample" -o "$work/whole")"
    versus "podcover, PDFs only (--previews none): " -o "$work/pdfs" --previews none
    versus "podcover, KDP cover + proof PDF:       " -o "$work/kdp" --printer kdp --previews none
    echo "  peak $(peak_rss "$podcover" render "$sample" -o "$work/kdp" --printer kdp --previews none)"
else
    echo "skipped: no pdflatex with bookcover.cls (apt-get install texlive-latex-extra)"
fi
echo

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
