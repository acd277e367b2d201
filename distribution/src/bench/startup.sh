#!/usr/bin/env bash
# Start-up benchmark: time from process start to the ready line, for Liaison and for bare Felix starting the same
# infrastructure bundles, measured alternately in the same run. Prints each run and the medians.
#
#   mvn -B package -DskipTests && distribution/src/bench/startup.sh [runs]
#
# Liaison: bin/liaison run, until "Liaison <version> ready in <N> ms: <M> bundles active".
# Bare Felix: org.apache.felix.main (the stock Felix launcher, fetched with Maven) auto-deploying the jars of the
# distribution's bundle/ folder except Liaison's own, until the Gogo shell echoes "felix-ready" once started.
# Both start from an empty bundle cache, as bin/liaison does on every start.
set -euo pipefail

runs=${1:-7}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dist="$root/distribution/target/liaison"
work="$root/distribution/target/bench"
[ -x "$dist/bin/liaison" ] || { echo "no distribution at $dist: run mvn -B package -DskipTests first" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/bare/bundle" "$work/bare/conf" "$work/felix-main"
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact=org.apache.felix:org.apache.felix.main:7.0.5 \
    -DoutputDirectory="$work/felix-main" -Dmdep.stripVersion=true
cp "$dist"/bundle/*.jar "$work/bare/bundle/"
rm "$work"/bare/bundle/liaison-*.jar
cat > "$work/bare/conf/config.properties" <<'PROPERTIES'
org.osgi.framework.storage.clean=onFirstInit
org.osgi.framework.system.packages.extra=sun.misc
felix.auto.deploy.dir=bundle
felix.auto.deploy.action=install,start
gosh.args=--nointeractive -c "echo felix-ready"
PROPERTIES

# time_until_line <pattern> <command...>: milliseconds from spawn until a line matching the pattern, then stops it.
time_until_line() {
    local pattern=$1; shift
    local start line elapsed=""
    start=$(date +%s%N)
    coproc RUN { exec "$@" 2>&1; }
    local pid=$RUN_PID
    while IFS= read -r line <&"${RUN[0]}"; do
        if [[ $line =~ $pattern ]]; then
            elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
            break
        fi
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$elapsed" ] || { echo "no line matching '$pattern' from: $*" >&2; exit 1; }
    echo "$elapsed"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

liaison_times=()
bare_times=()
echo "run  liaison_ms  bare_felix_ms"
for i in $(seq 1 "$runs"); do
    rm -rf "$dist/data/felix-cache"
    l=$(cd "$dist" && time_until_line '^Liaison .* ready in [0-9]+ ms' bin/liaison run)
    b=$(cd "$work/bare" && time_until_line '^felix-ready$' java -Dfelix.config.properties=file:conf/config.properties \
        -jar "$work/felix-main/org.apache.felix.main.jar")
    liaison_times+=("$l")
    bare_times+=("$b")
    printf '%3d  %10d  %13d\n' "$i" "$l" "$b"
done
lm=$(printf '%s\n' "${liaison_times[@]}" | median)
bm=$(printf '%s\n' "${bare_times[@]}" | median)
echo "median  liaison ${lm} ms  bare felix ${bm} ms  overhead $((lm - bm)) ms  ($runs runs, $(nproc) cores)"
