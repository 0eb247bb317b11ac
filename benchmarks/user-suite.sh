#!/usr/bin/env bash
# Issue 18's suite as a user meets it: `mvn test` (Surefire, one forked JVM) on ClassSuiteBenchmark's 20 fixture
# classes of 3 tests, with @MutualTls (M01-M20) and by hand (H01-H20), one class at a time and in JUnit's parallel
# mode, RUNS paired runs alternating the two sides. Prints medians: the whole `mvn test` (wall clock, the reactor's
# up-to-date modules included, alike for both sides), Surefire's time of the first class and of every later class
# (from its console lines, in the order the classes finished).
# Usage, from the repository root: benchmarks/user-suite.sh [RUNS, default 7]. Writes only under the modules'
# target/ directories (its logs under benchmarks/target/user-suite); installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
OUT=benchmarks/target/user-suite
rm -rf "$OUT" && mkdir -p "$OUT"
PARALLEL="-Djunit.jupiter.execution.parallel.enabled=true -Djunit.jupiter.execution.parallel.mode.default=concurrent -Djunit.jupiter.execution.parallel.mode.classes.default=concurrent"

run() { # side (M, H, or P: M with mutualtls.serverPool=false), mode (sequential or parallel), label
  local argline="" classes=$1
  [ "$2" = parallel ] && argline="$PARALLEL"
  [ "$1" = P ] && classes=M && argline="$argline -Dmutualtls.serverPool=false"
  local start end
  start=$(date +%s%N)
  ./mvnw -B -o -Puser-suite -pl benchmarks -am test -Dinvoker.skip -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest="ClassSuiteBenchmark\$$classes*" -DargLine="$argline" > "$OUT/$3.log" 2>&1
  end=$(date +%s%N)
  echo "$3 $(( (end - start) / 1000000 ))" >> "$OUT/wall.txt"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
run M sequential warmup-M && run H sequential warmup-H
for i in $(seq 1 "$RUNS"); do
  for mode in sequential parallel; do
    run M "$mode" "M-$mode-$i"
    run H "$mode" "H-$mode-$i"
    run P "$mode" "P-$mode-$i"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "$RUNS" <<'PY'
import os, re, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
wall = dict(line.split() for line in open(os.path.join(out, "wall.txt")))
def classes(label):
    """Surefire's time of each class, in the order the classes finished (one at a time: the order they ran)."""
    times = re.findall(r"Time elapsed: ([0-9.]+) s.* -- in dev\.mutualtls\.benchmarks\.ClassSuiteBenchmark\$",
                       open(os.path.join(out, label + ".log")).read())
    assert len(times) == 20, (label, len(times))
    return [float(t) * 1000 for t in times]
def med(values):
    return statistics.median(values)
rows = []
for side in "MHP":
    seq_wall = [int(wall[f"{side}-sequential-{i}"]) for i in range(1, runs + 1)]
    par_wall = [int(wall[f"{side}-parallel-{i}"]) for i in range(1, runs + 1)]
    first = [classes(f"{side}-sequential-{i}")[0] for i in range(1, runs + 1)]
    later = [med(classes(f"{side}-sequential-{i}")[1:]) for i in range(1, runs + 1)]
    rows.append((med(seq_wall), med(first), med(later), med(par_wall)))
m, h, p = rows
print(f"{runs} paired runs, medians | mutualtls | by hand | ratio")
print("|---|---:|---:|---:|")
names = ["whole `mvn test`, one class at a time", "first class (Surefire's time)",
         "every later class (median of 19 per run)", "whole `mvn test`, parallel mode"]
for n, a, b in zip(names, m, h):
    print(f"| {n} | {a:.0f} ms | {b:.0f} ms | {a / b:.2f} |")
print(f"| parallel mode against one class at a time | {m[0] / m[3]:.2f}x | {h[0] / h[3]:.2f}x | |")
print("mutualtls.serverPool=false: " + ", ".join(f"{n} {v:.0f} ms" for n, v in zip(names, p)))
PY
