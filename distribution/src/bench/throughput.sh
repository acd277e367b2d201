#!/usr/bin/env bash
# End-to-end throughput benchmark: records per second from data/inbox/ to data/outbox/ through the assembled
# distribution (durable H2 journal, audit trail, agreement policy), with p50 and p99 latency per input file, and in
# the same run gson alone (the canonical JSON format decoding and encoding the same records).
#
#   mvn -B package -DskipTests && distribution/src/bench/throughput.sh [repetitions] [files] [records per file]
set -euo pipefail
repetitions=${1:-5}
files=${2:-200}
records=${3:-100}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dist="$root/distribution/target/liaison"
[ -x "$dist/bin/liaison" ] || { echo "no distribution at $dist: run mvn -B package -DskipTests first" >&2; exit 2; }
classpath="$dist/bundle/liaison-api.jar:$dist/bundle/gson.jar:$dist/deploy/liaison-plugin-canonical-json.jar"
exec java -cp "$classpath" "$root/distribution/src/bench/ThroughputBenchmark.java" "$dist" \
    "$root/distribution/target/bench-throughput" "$repetitions" "$files" "$records"
