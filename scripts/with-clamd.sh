#!/usr/bin/env bash
# Run a command beside a throwaway ClamAV daemon that knows one signature: the EICAR test file.
#
#   bash scripts/with-clamd.sh COMMAND [ARGS...]
#
# Signatures cannot be downloaded here (and the tests must not depend on them), so the daemon
# gets a database holding only the MD5 signature of the EICAR test string. It listens on a
# free port on 127.0.0.1, and COMMAND runs with
#   HUB_TEST_CLAMD=tcp://127.0.0.1:PORT
# (the tests marked `clamav` read it). The daemon is stopped and its folder deleted on exit,
# whatever happens; the script exits with COMMAND's exit code.
#
# Environment:
#   CLAMD  the daemon binary (default: clamd on PATH, else /usr/sbin/clamd)
#   CI     when "true", a missing clamd is an error; otherwise COMMAND runs without
#          HUB_TEST_CLAMD and the ClamAV tests skip
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

CLAMD="${CLAMD:-$(command -v clamd || echo /usr/sbin/clamd)}"
SIGTOOL="$(command -v sigtool || echo /usr/bin/sigtool)"

if [[ ! -x "$CLAMD" || ! -x "$SIGTOOL" ]]; then
    echo "ClamAV not found (need clamd and sigtool; Debian: apt-get install clamav-daemon)." >&2
    if [[ "${CI:-}" == "true" ]]; then
        echo "ERROR: the ClamAV tests cannot be skipped in CI." >&2
        exit 1
    fi
    echo "== ClamAV: not installed; running without HUB_TEST_CLAMD, the ClamAV tests will skip"
    unset HUB_TEST_CLAMD
    exec "$@"
fi

DIR="$(mktemp -d /tmp/hub-clamd.XXXXXX)"
PID=""

cleanup() {
    local rc=$?
    set +e
    if [[ -n "$PID" ]]; then
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
    fi
    rm -rf "$DIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir "$DIR/db"
# The EICAR test string (68 bytes, no newline). The database file is named after the signature
# so that sigtool's third field, the signature name, reads well in clamd's "FOUND" reply.
printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' \
    >"$DIR/Eicar-Test-Signature"
(cd "$DIR" && "$SIGTOOL" --md5 Eicar-Test-Signature) >"$DIR/db/eicar.hdb"

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# No LocalSocket (TCP only), no freshclam, logs in the folder. As root clamd keeps running as
# root (no User line), which is fine for a private test daemon on 127.0.0.1.
cat >"$DIR/clamd.conf" <<EOF
DatabaseDirectory $DIR/db
TCPSocket $PORT
TCPAddr 127.0.0.1
Foreground yes
LogFile $DIR/clamd.log
LogTime yes
MaxThreads 4
StreamMaxLength 100M
SelfCheck 0
Bytecode no
EOF

echo "== ClamAV: starting clamd on 127.0.0.1:$PORT (EICAR signature only)"
"$CLAMD" --config-file="$DIR/clamd.conf" >"$DIR/clamd.out" 2>&1 &
PID=$!

# Wait until it answers PING (database loading takes a moment), or give up after 60 s.
ping_clamd() {
    python3 - "$PORT" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
    s.sendall(b"zPING\0")
    sys.exit(0 if s.recv(64).rstrip(b"\0") == b"PONG" else 1)
PY
}
for _ in $(seq 1 120); do
    if ping_clamd 2>/dev/null; then
        break
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
        PID=""
        break
    fi
    sleep 0.5
done
if [[ -z "$PID" ]] || ! ping_clamd 2>/dev/null; then
    echo "clamd did not answer PING on 127.0.0.1:$PORT; its output and log follow:" >&2
    cat "$DIR/clamd.out" "$DIR/clamd.log" >&2 2>/dev/null || true
    exit 1
fi

export HUB_TEST_CLAMD="tcp://127.0.0.1:$PORT"
echo "== ClamAV: clamd ready ($HUB_TEST_CLAMD); running: $*"
set +e
"$@"
rc=$?
set -e
exit "$rc"
