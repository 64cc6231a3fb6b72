#!/usr/bin/env bash
# Side-by-side benchmark: `ai-audit scan -p kspp --kconfig FILE` against kernel-hardening-checker `-c FILE` on the
# same kernel config, the two commands alternated round by round (so load drifts hit both alike). Each run is
# timed (wall, user+sys CPU and max RSS from the child's rusage); prints the medians and the ours/theirs ratios.
#
# Usage: KHC='python3 -m kernel_hardening_checker' KHC_PYTHONPATH=/path/to/checkout bench/khc-bench.sh [rounds] [config]
#   rounds  default 20; config default: the running kernel's config (/proc/config.gz, unpacked to a temp file)
#   KHC     the kernel-hardening-checker command (default: kernel-hardening-checker on PATH)
#   AI_AUDIT the ai-audit launcher (default: ./ai-audit of this checkout)
# kernel-hardening-checker is not shipped with ai-audit (GPL-3.0, not on PyPI or in Debian 12): install it from
# https://github.com/a13xp0p0v/kernel-hardening-checker and point KHC / KHC_PYTHONPATH at it.
# A failed run (ai-audit exit > 1, kernel-hardening-checker exit != 0) stops the benchmark with exit 1.
# BENCH_RT=1 runs both commands with real-time priority (chrt -f 10, root only): on a shared machine this
# pre-empts the other work and approximates an idle one for the wall times.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-20}"
config="${2:-}"
khc="${KHC:-kernel-hardening-checker}"
cd "$here"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "$config" ]; then
  [ -r /proc/config.gz ] || { echo "khc-bench: no config given and /proc/config.gz is not readable" >&2; exit 2; }
  zcat /proc/config.gz > "$tmp/host.config"
  config="$tmp/host.config"
fi
[ -r "$config" ] || { echo "khc-bench: cannot read $config" >&2; exit 2; }
command -v python3 >/dev/null || { echo "khc-bench: python3 is needed (it times the runs)" >&2; exit 2; }

rt=(); [ "${BENCH_RT:-0}" = 1 ] && rt=(chrt -f 10)
# AI_AUDIT: the ai-audit launcher to time (default ./ai-audit of this checkout, whose source-freshness check walks
# the main sources on every command, ~5 ms; an installed copy, without pom.xml beside it, skips that check)
ours=("${rt[@]}" "${AI_AUDIT:-./ai-audit}" scan -p kspp --kconfig "$config")
theirs=("${rt[@]}" $khc -c "$config")
export PYTHONPATH="${KHC_PYTHONPATH:-${PYTHONPATH:-}}"

# one warm-up each (builds the jar / AOT cache and Python's bytecode cache if needed); also the failure check
warm() {
  local max=$1; shift; local rc=0
  "$@" >/dev/null 2>"$tmp/err" || rc=$?
  if [ "$rc" -gt "$max" ]; then echo "khc-bench: '$*' failed with exit $rc:" >&2; cat "$tmp/err" >&2; exit 1; fi
}
warm 1 "${ours[@]}"
warm 0 "${theirs[@]}"

# timed run: appends "wall cpu rss_kb" to $tmp/<name>. The child's rusage comes from wait4() (microsecond CPU
# figures; /usr/bin/time prints only hundredths, too coarse for commands of ~0.1 s); a failed run stops everything.
timer='import os, subprocess, sys, time
t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open(os.environ["ERR"], "w"))
_, status, ru = os.wait4(p.pid, 0)
wall = time.monotonic() - t
print("%.4f %.4f %d %d" % (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, os.waitstatus_to_exitcode(status)))'
timed() {
  local name=$1 max=$2; shift 2
  read -r wall cpu rss status < <(ERR="$tmp/err" python3 -c "$timer" "$@")
  if [ "$status" -lt 0 ] || [ "$status" -gt "$max" ]; then
    echo "khc-bench: '$*' failed with exit $status:" >&2; cat "$tmp/err" >&2; exit 1
  fi
  echo "$wall $cpu $rss" >> "$tmp/$name"
}
for _ in $(seq "$rounds"); do
  timed ours 1 "${ours[@]}"      # exit 1 = a failed check, a result
  timed theirs 0 "${theirs[@]}"
done

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) printf "%.3f\n", a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v c="$2" '{print $c}' "$tmp/$1" | median; }
ow=$(col ours 1); oc=$(col ours 2); om=$(col ours 3)
tw=$(col theirs 1); tc=$(col theirs 2); tm=$(col theirs 3)
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
echo "config: $config ($(wc -l < "$config") lines); $rounds rounds, commands alternated; priority: ${rt[*]:-normal}"
echo
echo "| command | wall median (s) | CPU user+sys median (s) | max RSS median (MB) |"
echo "| --- | ---: | ---: | ---: |"
echo "| \`ai-audit scan -p kspp --kconfig FILE\` | $ow | $oc | $(awk -v k="$om" 'BEGIN {printf "%.0f", k/1024}') |"
echo "| \`kernel-hardening-checker -c FILE\` | $tw | $tc | $(awk -v k="$tm" 'BEGIN {printf "%.0f", k/1024}') |"
echo "| ratio ai-audit / kernel-hardening-checker | $(awk -v a="$ow" -v b="$tw" 'BEGIN {printf "%.2f", a/b}') | $(awk -v a="$oc" -v b="$tc" 'BEGIN {printf "%.2f", (b>0)?a/b:0}') | $(awk -v a="$om" -v b="$tm" 'BEGIN {printf "%.2f", a/b}') |"
