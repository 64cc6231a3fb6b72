#!/usr/bin/env bash
# CPU the whole agent spends per 1,000 files of a small-file workload (a steadier figure than wall-clock
# overhead on a loaded machine): starts the agent, lets it settle, reads the utime+stime of each of its
# threads (/proc/PID/task/*/stat), runs the workload of overhead.sh (python3 opens, reads and closes
# 20,000 files of 4 KiB) --passes times, waits for the records to be journaled and indexed, reads the
# threads again, and prints the CPU per 1,000 files, in total and by thread (names from jcmd Thread.print).
# An idle period of the same length is measured first and shown apart (not subtracted).
# Usage (root, repository root, after building): sensor-linux/agent-cpu.sh [--agent 'CMD with {DIR}']
#   [--dir DIR] [--passes N] [--settle S] [--warmup N (passes before measuring: JIT, page cache, ignore marks)]
set -u
dir=/tmp/ai-audit-overhead; passes=3; settle=4; warmup=3
agent='./ai-audit watch --root {DIR}/models --root {DIR}/data --data-dir /tmp/oh-cpu-data --no-gpu-devices'
while [ $# -gt 0 ]; do
  case "$1" in
    --agent) agent=$2; shift 2;; --dir) dir=$2; shift 2;; --passes) passes=$2; shift 2;;
    --settle) settle=$2; shift 2;; --warmup) warmup=$2; shift 2;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$dir/models" "$dir/data"
if [ "$(ls "$dir/data" | wc -l)" -lt 20000 ]; then
  python3 - "$dir/data" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(20000):
    with open(os.path.join(d, f"s{i:05d}.jsonl"), "wb") as f: f.write(os.urandom(4096))
PY
fi
cat > "$dir/small.py" <<'PY'
import os, sys
d = sys.argv[1]; n = 0
for name in os.listdir(d):
    with open(os.path.join(d, name), "rb") as f: n += len(f.read())
PY
files=$(ls "$dir/data" | wc -l)
cmd=${agent//\{DIR\}/$dir}
bash -c "exec $cmd" >"$dir/agent-cpu.log" 2>&1 & apid=$!
for i in $(seq 1 60); do grep -q running "$dir/agent-cpu.log" 2>/dev/null && break; kill -0 $apid 2>/dev/null || break; sleep 1; done
kill -0 $apid 2>/dev/null || { echo "agent exited early:" >&2; tail -5 "$dir/agent-cpu.log" >&2; exit 1; }
# the JVM may be a child of a launcher script: take the java process
jpid=$(pgrep -P $apid -f java | head -1); [ -n "$jpid" ] || jpid=$apid
snap() {  # tid ticks, one per line
  for t in /proc/$jpid/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    s=${s##*) }; set -- $s; echo "${t##*/} $(( ${12} + ${13} ))"
  done
}
sleep 3
for p in $(seq 1 "$warmup"); do python3 "$dir/small.py" "$dir/data"; done  # JIT, page cache, ignore marks
sleep "$settle"
snap > "$dir/cpu.idle0"; t0=$(date +%s.%N)
python3 - <<PY
import time; time.sleep(max(0.5, $passes * 0.6 + $settle))
PY
snap > "$dir/cpu.idle1"; t1=$(date +%s.%N)
snap > "$dir/cpu.0"; w0=$(date +%s.%N)
for p in $(seq 1 "$passes"); do python3 "$dir/small.py" "$dir/data"; done
w1=$(date +%s.%N)
sleep "$settle"
snap > "$dir/cpu.1"
"$JAVA_HOME/bin/jcmd" $jpid Thread.print 2>/dev/null \
  | sed -n 's/^"\([^"]*\)".* nid=\(0x[0-9a-f]*\|[0-9]*\).*/\2 \1/p' > "$dir/threads.txt"
kill -INT $apid; wait $apid 2>/dev/null
# whether every access became a record: a starved reader lets the kernel queue overflow (lost events make the
# CPU per file look cheaper than it is)
stats=$(grep -o 'sensor stopped: SensorStats\[[^]]*' "$dir/agent-cpu.log" | tail -1)
emitted=$(echo "$stats" | grep -o 'eventsEmitted=[0-9]*' | cut -d= -f2)
echo "sensor over warm-up + passes ($(( (warmup + passes) * files )) files): records ${emitted:-?}," \
  "$(echo "$stats" | grep -o 'overflows=[0-9]*'), $(echo "$stats" | grep -o 'queueDrops=[0-9]*'); pipeline" \
  "$(grep -o 'journal last seq [0-9]*' "$dir/agent-cpu.log" | tail -1)"
python3 - "$dir" "$files" "$passes" "$(getconf CLK_TCK)" "$t0" "$t1" "$w0" "$w1" <<'PY'
import sys, re, collections
d, files, passes, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t0, t1, w0, w1 = map(float, sys.argv[5:9])
def load(n): return {int(a): int(b) for a, b in (l.split() for l in open(f"{d}/{n}") if l.strip())}
names = {}
for l in open(f"{d}/threads.txt"):
    tid, name = l.split(" ", 1); names[int(tid, 16) if tid.startswith("0x") else int(tid)] = name.strip()
def group(tid):
    n = names.get(tid, "(exited or unnamed)")
    return re.sub(r"[-#]?\d+$", "", re.sub(r"\s+#\d+", "", n))
def diff(a, b):
    g = collections.Counter()
    for tid, v in b.items(): g[group(tid)] += v - a.get(tid, 0)
    return g
work = diff(load("cpu.0"), load("cpu.1")); idle = diff(load("cpu.idle0"), load("cpu.idle1"))
k = 1000.0 / hz / (files * passes / 1000.0)
total = sum(work.values())
print(f"workload: {passes} x {files} files, wall {w1 - w0:.2f} s; agent CPU {total * 1000 / hz:.0f} ms"
      f" = {total * k:.1f} CPU-ms per 1,000 files (idle, {t1 - t0:.1f} s alone: {sum(idle.values()) * 1000 / hz:.0f} ms)")
ik = (w1 - w0) / (t1 - t0)  # idle CPU scaled to the workload's wall time
print(f"  net of idle (idle CPU scaled to the workload's wall time subtracted): {(total - sum(idle.values()) * ik) * k:.1f}"
      " CPU-ms per 1,000 files")
jit = sum(v for n, v in work.items() if "CompilerThread" in n)
own = sum(v for n, v in work.items() if n.startswith("ai-audit-fanotify") or n.startswith("ai-audit-strict"))
print(f"  without the JIT compiler threads: {(total - jit) * k:.1f}; the file sensor's own threads (reader, enrichment,"
      f" strict gate): {own * k:.1f} CPU-ms per 1,000 files")
print("  CPU-ms/1000 files  (idle, same wall time)  thread")
for name, v in work.most_common():
    if v > 0: print(f"  {v * k:17.2f}  {idle[name] * ik * k:23.2f}  {name}")
PY
