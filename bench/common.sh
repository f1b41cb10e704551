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
