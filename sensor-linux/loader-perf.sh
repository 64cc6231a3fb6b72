#!/usr/bin/env bash
# What watching costs the workload itself, in the kernel: perf samples of the small-file loader of overhead.sh
# (python3 opens, reads and closes 20,000 files of 4 KiB), one warm-up pass and then 3 passes under
# `perf record -F 10000`, and the share of them in fanotify/fsnotify code (event allocation, file handle, name
# hash, fanotify_merge: the walk over queued events that grows with the depth of the kernel queue).
# Start the agent (or nothing, for the bare figure) first, then:
#   sensor-linux/loader-perf.sh LABEL [--dir DIR]      (root; writes /tmp/loader-perf.LABEL.{data,txt})
# Prints the loader's CPU for the 3 passes (perf's event count) and the fanotify share, then the top fanotify symbols.
set -u
label=${1:?usage: loader-perf.sh LABEL [--dir DIR]}; shift
dir=/tmp/ai-audit-overhead
while [ $# -gt 0 ]; do
  case "$1" in --dir) dir=$2; shift 2;; *) echo "unknown argument: $1" >&2; exit 2;; esac
done
[ -f "$dir/small.py" ] && [ -d "$dir/data" ] || { echo "run overhead.sh or agent-cpu.sh once to create $dir" >&2; exit 2; }
out=/tmp/loader-perf.$label
python3 "$dir/small.py" "$dir/data"
perf record -F 10000 -o "$out.data" -- sh -c "for i in 1 2 3; do python3 '$dir/small.py' '$dir/data'; done" >/dev/null 2>&1 \
  || { echo "perf record failed (perf installed? root?)" >&2; exit 1; }
perf report -i "$out.data" --no-children --sort sym 2>/dev/null > "$out.txt"
count=$(sed -n 's/^# Event count (approx.): \([0-9]*\)/\1/p' "$out.txt" | head -1)
share=$(grep -E '^ +[0-9.]+%' "$out.txt" | grep -E 'fanotify|fsnotify|encode_fh|encode_ino32|full_name_hash' \
  | awk '{s += $1} END {printf "%.2f", s}')
echo "$label: loader CPU for 3 passes $(( ${count:-0} / 1000000 )) ms; fanotify/fsnotify share ${share} %"
grep -E '^ +[0-9.]+%' "$out.txt" | grep -E 'fanotify|fsnotify' | head -5
