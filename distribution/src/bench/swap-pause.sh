#!/usr/bin/env bash
# Pause in deliveries while a partner plugin is hot-swapped under load: a fresh copy of the assembled distribution,
# a steady stream of one-record inputs interpol -> unpol, and liaison:swap of the un-peacekeeping plugin (which
# encodes unpol's deliveries) v1 -> v2 -> v1 ... several seconds apart. Reports the longest gap in deliveries around
# each swap (median and worst), the same measure in windows without a swap (the baseline, same run), the rate the
# engine sustained, and whether every input was delivered exactly once. The producer offers the target rate but
# never has more than [max in flight] inputs dropped and not yet delivered, so it runs at the engine's pace when
# the engine is slower.
#
#   mvn -B package -DskipTests && distribution/src/bench/swap-pause.sh [swaps] [seconds apart] [target rate/s] [max in flight]
set -euo pipefail
swaps=${1:-10}
spacing=${2:-6}
rate=${3:-1000}
in_flight=${4:-300}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dist="$root/distribution/target/liaison"
[ -x "$dist/bin/liaison" ] || { echo "no distribution at $dist: run mvn -B package -DskipTests first" >&2; exit 2; }
exec java "$root/distribution/src/bench/SwapPauseBenchmark.java" "$dist" "$root/distribution/target/bench-swap-pause" \
    "$swaps" "$spacing" "$rate" "$in_flight"
