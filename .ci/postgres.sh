#!/usr/bin/env bash
# A throw-away PostgreSQL server for the journal's PostgreSQL tests (JournalPostgresTest).
#
#   eval "$(bash .ci/postgres.sh start)"   starts one on a free loopback port and prints the export lines of
#                                          LIAISON_TEST_POSTGRES_URL, _USER, _PASSWORD and _DIR
#   bash .ci/postgres.sh stop              stops the one named by LIAISON_TEST_POSTGRES_DIR and removes it
#
# Only the export lines go to standard output; what the script does goes to standard error. When no PostgreSQL
# can be started, it says why, prints nothing to evaluate and exits 0: the tests then report themselves skipped.
# PostgreSQL refuses to run as root, so as root the server runs as the user postgres (or liaison-pg, made with
# useradd when neither exists, or nobody).
set -uo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local name=$1 found
    found=$(command -v "$name" 2>/dev/null) && { echo "$found"; return 0; }
    for found in /usr/lib/postgresql/*/bin/"$name"; do
        [ -x "$found" ] && { echo "$found"; return 0; }
    done
    return 1
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    local initdb pg_ctl
    if ! initdb=$(find_bin initdb) || ! pg_ctl=$(find_bin pg_ctl); then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${LIAISON_CI_INSTALL_POSTGRES:-1}" = 1 ]; then
            log "no initdb found; installing Debian's postgresql package"
            { timeout 300 apt-get update -q && DEBIAN_FRONTEND=noninteractive timeout 600 \
                apt-get install -y -q --no-install-recommends postgresql; } >&2 || log "the install failed"
        fi
        if ! initdb=$(find_bin initdb) || ! pg_ctl=$(find_bin pg_ctl); then
            log "no PostgreSQL server programs (initdb, pg_ctl): the PostgreSQL tests will be skipped"
            return 0
        fi
    fi

    local run_as=() owner
    owner=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        if id postgres >/dev/null 2>&1; then
            owner=postgres
        elif id liaison-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin \
                liaison-pg >/dev/null 2>&1; then
            owner=liaison-pg
        else
            owner=nobody
        fi
        run_as=(runuser -u "$owner" --)
    fi

    local dir password
    dir=$(mktemp -d "${TMPDIR:-/tmp}/liaison-postgres.XXXXXX") || { log "cannot make a temporary folder"; return 0; }
    chmod 755 "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    printf '%s\n' "$password" > "$dir/pwfile"
    mkdir "$dir/data"
    [ "$(id -u)" = 0 ] && chown -R "$owner" "$dir"

    if ! "${run_as[@]}" "$initdb" --pgdata="$dir/data" --username=liaison --pwfile="$dir/pwfile" \
            --auth=scram-sha-256 --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
        log "initdb failed, the PostgreSQL tests will be skipped:"
        tail -n 20 "$dir/initdb.log" >&2
        rm -rf "$dir"
        return 0
    fi
    rm -f "$dir/pwfile"

    local port tries
    for tries in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 30000))
        port_is_free "$port" || continue
        if "${run_as[@]}" "$pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c max_connections=50" \
                start >/dev/null 2>&1; then
            log "PostgreSQL $("$(dirname "$pg_ctl")/postgres" --version | awk '{print $3}') runs as $owner on" \
                "127.0.0.1:$port, data in $dir/data (a throw-away cluster, user liaison, database postgres)"
            echo "export LIAISON_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/postgres'"
            echo "export LIAISON_TEST_POSTGRES_USER='liaison'"
            echo "export LIAISON_TEST_POSTGRES_PASSWORD='$password'"
            echo "export LIAISON_TEST_POSTGRES_DIR='$dir'"
            return 0
        fi
        log "could not start on port $port (attempt $tries)"
    done
    log "PostgreSQL did not start, the PostgreSQL tests will be skipped; its log:"
    tail -n 20 "$dir/server.log" >&2 2>/dev/null
    rm -rf "$dir"
    return 0
}

stop() {
    local dir=${LIAISON_TEST_POSTGRES_DIR:-}
    [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
    local pg_ctl run_as=()
    pg_ctl=$(find_bin pg_ctl) || return 0
    [ "$(id -u)" = 0 ] && run_as=(runuser -u "$(stat -c %U "$dir/data")" --)
    "${run_as[@]}" "$pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null 2>&1
    rm -rf "$dir"
    log "stopped the throw-away PostgreSQL and removed $dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: eval \"\$(bash .ci/postgres.sh start)\"; bash .ci/postgres.sh stop" >&2; exit 2 ;;
esac
