#!/usr/bin/env bash
# Benchmark of `ai-audit scan` on this machine: wall time of the whole command (JVM start included, through the
# ./ai-audit launcher with its AOT cache), CPU time and peak memory, for the kspp and ai-host profiles.
# Prints a Markdown table. Usage: bench/scan-bench.sh [runs]   (needs /usr/bin/time; uses hyperfine if present)
# BENCH_RT=1 runs the measured commands (not the build) with real-time priority (chrt -f 10, root only), which
# pre-empts the other processes of a shared machine and so approximates an idle one.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
cd "$here"
./ai-audit scan --list-profiles >/dev/null            # builds the jar and the AOT cache if needed
rt=(); [ "${BENCH_RT:-0}" = 1 ] && rt=(chrt -f 10)
checks() { ./ai-audit scan --list-profiles | awk -v p="$1" '$1==p {print $2}'; }
echo "mode: ${rt[*]:-normal priority}"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r), $("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"/bin/java -version 2>&1 | head -1)"
echo
echo "| profile | checks | wall mean (s) | wall min (s) | CPU user+sys (s) | peak RSS (MB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
# exit 0 (compliant) and 1 (a failed check) are results; anything else is a failed run and stops the benchmark.
run_ok() { local rc=0; "$@" || rc=$?; if [ "$rc" -gt 1 ]; then echo "scan-bench: '$*' failed with exit $rc" >&2; exit 1; fi; }
for p in kspp ai-host; do
  cmd="./ai-audit scan -p $p -f json -o /dev/null"
  run_ok $cmd >/dev/null
  if command -v hyperfine >/dev/null; then
    "${rt[@]}" hyperfine -N --warmup 2 --runs "$runs" -i --export-json /tmp/scan-bench-$p.json "$cmd" >/dev/null 2>&1
    read -r mean min < <(python3 -c "import json;r=json.load(open('/tmp/scan-bench-$p.json'))['results'][0];print('%.3f %.3f'%(r['mean'],r['min']))")
  else
    ts=(); for _ in $(seq "$runs"); do s=$(date +%s.%N); run_ok "${rt[@]}" $cmd; ts+=("$(echo "$(date +%s.%N) - $s" | bc)"); done
    mean=$(printf '%s\n' "${ts[@]}" | awk '{s+=$1} END {printf "%.3f", s/NR}'); min=$(printf '%s\n' "${ts[@]}" | sort -n | head -1 | awk '{printf "%.3f", $1}')
  fi
  cpu=0; rss=0
  for _ in 1 2 3; do
    out=$( { run_ok "${rt[@]}" /usr/bin/time -f "%U %S %M" $cmd >/dev/null; } 2>&1 | tail -1)
    c=$(echo "$out" | awk '{printf "%.3f", $1+$2}'); m=$(echo "$out" | awk '{printf "%.0f", $3/1024}')
    cpu=$(echo "$cpu $c" | awk '{print ($1==0||$2<$1)?$2:$1}'); rss=$(echo "$rss $m" | awk '{print ($2>$1)?$2:$1}')
  done
  echo "| $p | $(checks "$p") | $mean | $min | $cpu | $rss |"
done
