#!/usr/bin/env bash
# Start-up benchmark: time from process start to ready, measured alternately in the same run for
#   - Liaison: bin/liaison run, until "Liaison <version> ready in <N> ms: <M> bundles active";
#   - bare Felix: org.apache.felix.main (the stock Felix launcher, fetched with Maven) auto-deploying the jars of the
#     distribution's bundle/ folder except Liaison's own, until the Gogo shell echoes "felix-ready" once started;
#   - Apache Karaf 4.4 minimal (fetched with Maven), cold (an empty data/), until its shell port 8101 answers.
# Prints each run and the medians.
#
#   mvn -B package -DskipTests && distribution/src/bench/startup.sh [runs]
#
# Liaison and bare Felix start from an empty bundle cache, as bin/liaison does on every start. Liaison's first start
# after installation has no class data sharing archive yet (it writes one when it stops): it is measured once, on its
# own, then every run uses the archive, as every start after the first does.
set -euo pipefail

runs=${1:-7}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dist="$root/distribution/target/liaison"
work="$root/distribution/target/bench"
[ -x "$dist/bin/liaison" ] || { echo "no distribution at $dist: run mvn -B package -DskipTests first" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/bare/bundle" "$work/bare/conf" "$work/felix-main" "$work/karaf"
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact=org.apache.felix:org.apache.felix.main:7.0.5 \
    -DoutputDirectory="$work/felix-main" -Dmdep.stripVersion=true
karaf_version=4.4.8
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact=org.apache.karaf:apache-karaf-minimal:$karaf_version:tar.gz \
    -DoutputDirectory="$work/karaf" -Dmdep.stripVersion=true
tar xzf "$work/karaf/apache-karaf-minimal.tar.gz" -C "$work/karaf"
karaf="$work/karaf/apache-karaf-minimal-$karaf_version"
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

# time_until_port <port> <command...>: milliseconds from spawn until 127.0.0.1:<port> accepts, then stops it.
time_until_port() {
    local port=$1; shift
    local start elapsed
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 &
    local pid=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "$* exited before port $port answered" >&2; exit 1; }
        sleep 0.01
    done
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    pkill -f "karaf.base=$karaf" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    while pgrep -f "karaf.base=$karaf" >/dev/null; do sleep 0.1; done
    echo "$elapsed"
}

liaison_run() {
    rm -rf "$dist/data/felix-cache"
    (cd "$dist" && time_until_line '^Liaison .* ready in [0-9]+ ms' bin/liaison run)
}

rm -rf "$dist"/data/cds
first=$(liaison_run)
echo "Liaison's first start (no class data sharing archive yet): $first ms"

liaison_times=()
bare_times=()
karaf_times=()
echo "run  liaison_ms  bare_felix_ms  karaf_ms"
for i in $(seq 1 "$runs"); do
    l=$(liaison_run)
    b=$(cd "$work/bare" && time_until_line '^felix-ready$' java -Dfelix.config.properties=file:conf/config.properties \
        -jar "$work/felix-main/org.apache.felix.main.jar")
    rm -rf "$karaf/data"
    k=$(cd "$karaf" && time_until_port 8101 bin/karaf server)
    liaison_times+=("$l")
    bare_times+=("$b")
    karaf_times+=("$k")
    printf '%3d  %10d  %13d  %8d\n' "$i" "$l" "$b" "$k"
done
lm=$(printf '%s\n' "${liaison_times[@]}" | median)
bm=$(printf '%s\n' "${bare_times[@]}" | median)
km=$(printf '%s\n' "${karaf_times[@]}" | median)
echo "median  liaison ${lm} ms  bare felix ${bm} ms  karaf ${km} ms  ($runs runs, $(nproc) cores)"
awk -v l="$lm" -v b="$bm" -v k="$km" 'BEGIN { printf "liaison / bare felix %.2f   karaf / liaison %.1f\n", l / b, k / l }'
