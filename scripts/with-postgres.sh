#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster.
#
#   bash scripts/with-postgres.sh COMMAND [ARGS...]
#
# Creates a fresh cluster in a temporary folder, starts it on a free port on 127.0.0.1,
# creates the database "hub" (and enables pgvector when installed), then runs COMMAND with
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/hub
# The cluster is stopped and its folder deleted on exit, whatever happens; the script exits
# with COMMAND's exit code.
#
# Environment:
#   PG_BIN  folder holding initdb/pg_ctl/postgres (default /usr/lib/postgresql/15/bin)
#   CI      when "true", missing server binaries are an error instead of a skip, and so is a
#           missing pgvector extension (scripts/install-pgvector.sh), unless HUB_PGVECTOR=optional
#
# When run as root the server runs as the "postgres" user (PostgreSQL refuses to run as root).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" || ! -x "$PG_BIN/postgres" ]]; then
    echo "PostgreSQL server binaries not found at $PG_BIN (need initdb, pg_ctl, postgres)." >&2
    echo "Install them (Debian: apt-get install postgresql-15) or set PG_BIN." >&2
    if [[ "${CI:-}" == "true" ]]; then
        exit 1
    fi
    echo "SKIPPED: PostgreSQL leg (no server binaries at $PG_BIN)"
    exit 0
fi

# Run a server binary as the cluster's owner: "postgres" when we are root, ourselves otherwise.
# It runs from inside the cluster folder so the postgres user never needs access to our cwd.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$DIR" && runuser -u postgres -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

# /tmp rather than $TMPDIR: the postgres user must be able to reach the folder, and the Unix
# socket path inside it must stay short (about 100 characters at most).
DIR="$(mktemp -d /tmp/hub-pg.XXXXXX)"
STARTED=0

cleanup() {
    local rc=$?
    set +e
    if [[ $STARTED -eq 1 ]]; then
        as_owner "$PG_BIN/pg_ctl" -D "$DIR" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$DIR"
fi

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

echo "== PostgreSQL: initialising a throwaway cluster in $DIR"
# (initdb needs an empty folder, so its output is kept in a variable, not a file in $DIR.)
if ! initdb_output="$(as_owner "$PG_BIN/initdb" -D "$DIR" -A trust -U postgres 2>&1)"; then
    echo "initdb failed:" >&2
    echo "$initdb_output" >&2
    exit 1
fi

echo "== PostgreSQL: starting on 127.0.0.1:$PORT"
# Durability is pointless for a throwaway test cluster: fsync and friends off make it faster.
if ! as_owner "$PG_BIN/pg_ctl" -D "$DIR" \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    -l "$DIR/log" -w start >/dev/null; then
    echo "PostgreSQL failed to start; server log follows:" >&2
    cat "$DIR/log" >&2 || true
    exit 1
fi
STARTED=1

PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres)

"${PSQL[@]}" -d postgres -c "CREATE DATABASE hub"

if "${PSQL[@]}" -d hub -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null 2>&1; then
    echo "== PostgreSQL: pgvector is available (extension created in hub)"
elif [[ "${CI:-}" == "true" && "${HUB_PGVECTOR:-required}" != "optional" ]]; then
    # CI must test the production path (scripts/install-pgvector.sh installs the extension).
    echo "pgvector is not installed (run scripts/install-pgvector.sh as root)." >&2
    echo "In CI it is required; HUB_PGVECTOR=optional runs without it." >&2
    exit 1
else
    echo "== PostgreSQL: pgvector is NOT available (search uses numpy; its tests skip)"
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/hub"
echo "== PostgreSQL: running: $*"
set +e
"$@"
rc=$?
set -e
exit "$rc"
