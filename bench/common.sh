# Helpers shared by the bench scripts (sourced, not run).

# Seconds a command takes, to the millisecond; its output and exit code do not matter.
seconds() {
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))" | awk '{ printf "%.3f", $1 / 1000 }'
}

# Peak resident memory of a command, when GNU time is installed.
peak_rss() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.0f MB", $1 / 1024 }'
    else
        echo "n/a (install the time package)"
    fi
}

# A file's size in MB.
size() { wc -c <"$1" | awk '{ printf "%.1f MB", $1 / 1048576 }'; }

# Wall and CPU (user + system) seconds of a command, each the median of `runs` runs (default
# 5), printed as "WALL CPU"; CPU needs GNU time (the time package), else "n/a".
median_times() {
    runs=${RUNS:-5}
    : >"${TMPDIR:-/tmp}/podcover-bench-times.$$"
    i=0
    while [ "$i" -lt "$runs" ]; do
        start=$(date +%s%N)
        if [ -x /usr/bin/time ]; then
            cpu=$(/usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.3f", $1 + $2 }')
        else
            "$@" >/dev/null 2>&1 || true
            cpu=n/a
        fi
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000000 )) $cpu" >>"${TMPDIR:-/tmp}/podcover-bench-times.$$"
        i=$((i + 1))
    done
    wall=$(cut -d' ' -f1 "${TMPDIR:-/tmp}/podcover-bench-times.$$" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] / 1000 }')
    cpu=$(cut -d' ' -f2 "${TMPDIR:-/tmp}/podcover-bench-times.$$" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    rm -f "${TMPDIR:-/tmp}/podcover-bench-times.$$"
    echo "$wall $cpu"
}

# How much larger the second number is than the first, in per cent.
percent_more() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%+.0f %%", (b - a) / a * 100; else print "n/a" }'; }
