#!/usr/bin/env bash
# Idle benchmark: starts the assembled distribution with bin/liaison run and its default JVM options, lets it settle,
# then reads from /proc the CPU time it used over a window with nothing flowing, the threads that used it, and its
# resident memory. Stops it afterwards.
#
#   mvn -B package -DskipTests && distribution/src/bench/idle.sh [settle_seconds] [window_seconds]
set -euo pipefail

settle=${1:-60}
window=${2:-60}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dist="$root/distribution/target/liaison"
[ -x "$dist/bin/liaison" ] || { echo "no distribution at $dist: run mvn -B package -DskipTests first" >&2; exit 2; }

cd "$dist"
bin/liaison run >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
sleep "$settle"
# CPU time per thread in nanoseconds, from schedstat (exact, unlike the clock-tick counts of stat); bin/liaison
# execs java, so the script's pid is the JVM's
threads() { for t in /proc/"$pid"/task/*; do echo "$(basename "$t") $(cut -d' ' -f1 "$t/schedstat") $(tr ' ' _ < "$t/comm")"; done | sort; }
threads > "$dist/data/idle-before.txt"
ticks_before=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
sleep "$window"
ticks_after=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
threads > "$dist/data/idle-after.txt"
# threads that came during the window count from zero; threads that ended during it are not counted
join -a2 "$dist/data/idle-before.txt" "$dist/data/idle-after.txt" \
    | awk '{ d = (NF == 5) ? $4 - $2 : $2; print d, $NF }' | sort -rn > "$dist/data/idle-threads.txt"
awk -v w="$window" '{ t += $1 } END { printf "idle CPU over %d s: %.0f ms = %.2f %% of one core\n", w, t / 1e6, t / 1e7 / w }' \
    "$dist/data/idle-threads.txt"
awk -v t=$((ticks_after - ticks_before)) -v w="$window" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "  (utime + stime of /proc/<pid>/stat, in clock ticks: %d = %.2f %% of one core)\n", t, t * 100 / hz / w }'
echo "busiest threads (ms):" $(head -8 "$dist/data/idle-threads.txt" | awk '{ printf "%s %.1f  ", $2, $1 / 1e6 }')
grep -E 'VmRSS|VmHWM' /proc/"$pid"/status
rm -f "$dist/data/idle-before.txt" "$dist/data/idle-after.txt" "$dist/data/idle-threads.txt"
