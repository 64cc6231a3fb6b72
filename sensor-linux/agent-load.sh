#!/usr/bin/env bash
# Load on the whole agent, everything on (file-system marks, process table, launch records, detection,
# journal, index), as `ai-audit watch` runs it:
#   opens - 2 OpenLoad children (open, read 4 KiB, close; 20,000 files round robin) at increasing target
#           rates, 4 s a step; after each step the agent's status.json says how many kernel queue overflows
#           there were so far. Prints the achieved opens/s per step and the highest one before the first overflow.
#   execs - N shell loops exec /bin/true for S seconds; after the agent stopped, `query --class process`
#           must count every one of them (coalesced launch records carry counts) and `query --class sensor`
#           shows process_events_lost records (connector ENOBUFS, exec-watcher overflows), if any.
# Usage (root, repository root, after `./mvnw -pl sensor-linux test-compile` and building cli/target/ai-audit.jar):
#   sensor-linux/agent-load.sh [opens|execs|all] [--rates '20000 40000 80000 0'] [--loops N] [--seconds S]
#   AGENT_OPTS='--strict-attribution' adds options to `watch`.
set -u
mode=${1:-all}; [ $# -gt 0 ] && shift
rates="10000 20000 40000 60000 80000 0"; loops=4; seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates=$2; shift 2;; --loops) loops=$2; shift 2;; --seconds) seconds=$2; shift 2;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=${AGENT_JAR:-cli/target/ai-audit.jar}
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:-UsePerfData)
dir=/tmp/ai-audit-load; data=$dir/agent-data
mkdir -p "$dir/files"
python3 - "$dir/files" <<'PY'
import os, sys
for i in range(20000):
    p = os.path.join(sys.argv[1], f"f{i}")
    if not os.path.exists(p):
        with open(p, "wb") as f: f.write(os.urandom(4096))
PY
CP="sensor-linux/target/test-classes"

start_agent() {
  rm -rf "$data"
  # as the launcher runs it: the agent at nice 10, its kernel-queue readers at our own nice
  nice -n 10 "${java[@]}" -Daiaudit.sensor.reader_nice="$(nice)" -jar "$jar" watch --root "$dir/files" --data-dir "$data" --no-gpu-devices ${AGENT_OPTS:-} \
    > "$dir/agent.log" 2>&1 & apid=$!
  for i in $(seq 1 60); do grep -q running "$dir/agent.log" && break; kill -0 $apid 2>/dev/null || break; sleep 1; done
  kill -0 $apid 2>/dev/null || { echo "agent did not start:" >&2; tail -5 "$dir/agent.log" >&2; exit 1; }
  for i in $(seq 1 20); do [ -s "$data/status.json" ] && break; sleep 1; done
  sleep 2
}
stop_agent() { kill -INT $apid; wait $apid 2>/dev/null; }
overflows() {  # the file sensor's kernel queue overflows (status.json is one line: take sensor_stats, not the launch stats)
  python3 -c 'import json, re, sys; s = json.load(open(sys.argv[1]))["sensor_stats"]
print(s["overflows"] if isinstance(s, dict) else re.search(r"overflows=(\d+)", s).group(1))' \
    "$data/status.json" 2>/dev/null
}

if [ "$mode" = opens ] || [ "$mode" = all ]; then
  start_agent
  echo "opens: 2 load children, 4 s a step (0 = as fast as they can); agent: $(grep -m1 'sensor fanotify' "$dir/agent.log" | cut -c1-120)"
  printf "%10s %14s %22s\n" "target/s" "achieved/s" "overflows so far"
  best=0; first=""
  for r in $rates; do
    per=$(( r / 2 ))
    outs=()
    for c in 1 2; do
      "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.aiaudit.sensor.bench.OpenLoad \
        "$dir/files" "$per" 4 20000 > "$dir/load$c.out" 2>&1 & outs+=($!)
    done
    wait "${outs[@]}"
    sleep 6  # status.json is rewritten every 5 s
    achieved=$(cat "$dir/load1.out" "$dir/load2.out" | sed -n 's/opens=\([0-9]*\) seconds=\([0-9.]*\)/\1 \2/p' \
      | awk '{o+=$1; s=($2>s?$2:s)} END {printf "%d", o/s}')
    of=$(overflows); of=${of:-?}
    printf "%10s %14s %22s\n" "${r/#0/max}" "$achieved" "$of"
    if [ "$of" = 0 ] && [ "$achieved" -gt "$best" ]; then best=$achieved; fi
    case "$of" in ''|*[!0-9]*|0) ;; *) [ -z "$first" ] && first=${r/#0/max};; esac
  done
  stop_agent
  echo "highest achieved rate with no overflow: $best opens/s${first:+ (first overflow in the $first step)}"
fi

if [ "$mode" = execs ] || [ "$mode" = all ]; then
  start_agent
  script='end=$(( $(date +%s) + '$seconds' )); n=0; while [ $(date +%s) -lt $end ]; do for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done; n=$((n+10)); done; echo $n'
  t0=$(date +%s.%N); pids=()
  for l in $(seq 1 "$loops"); do sh -c "$script" > "$dir/loop$l.out" & pids+=($!); done
  wait "${pids[@]}"; t1=$(date +%s.%N)
  sleep 3; stop_agent
  made=$(cat "$dir"/loop*.out | awk '{n+=$1} END {print n}')
  true_exe=$(readlink -f /bin/true)
  counted=$("${java[@]}" -jar "$jar" query --data-dir "$data" --class process --limit 100000000 --format jsonl 2>/dev/null \
    | python3 -c '
import json, sys
exe, n = sys.argv[1], 0
for l in sys.stdin:
    l = l.strip().rstrip(",")
    if not l.startswith("{"): continue
    r = json.loads(l)
    if r.get("process", {}).get("file", {}).get("path") == exe: n += r.get("count", 1)
print(n)' "$true_exe")
  lost=$("${java[@]}" -jar "$jar" query --data-dir "$data" --class sensor --limit 1000000 --format jsonl 2>/dev/null \
    | grep -c process_events_lost)
  python3 - "$made" "$counted" "$lost" "$t0" "$t1" "$loops" <<'PY'
import sys
made, counted, lost = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t = float(sys.argv[5]) - float(sys.argv[4])
print(f"execs: {sys.argv[6]} shell loops, {made} execs of /bin/true in {t:.1f} s = {made / t:.0f} execs/s; "
      f"launches of /bin/true in the journal: {counted} ({'none missing' if counted == made else str(made - counted) + ' MISSING'}); "
      f"process_events_lost records: {lost}")
PY
fi
