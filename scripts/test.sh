#!/usr/bin/env bash
# The whole test suite, as `make test` runs it.
#
#   bash scripts/test.sh [extra pytest args...]
#
# Legs:
#   1. SQLite (or the database in $DATABASE_URL if you set one), including the Playwright
#      browser tests when Chromium is present (/usr/bin/chromium, or $CHROMIUM_PATH), run
#      through scripts/with-clamd.sh: the `clamav` tests scan with a throwaway clamd when
#      clamav-daemon is installed.
#   2. PostgreSQL 15, through scripts/with-postgres.sh, without the browser tests; runs when the
#      server binaries exist and CI=true or HUB_TEST_POSTGRES=1. The tests marked "postgres" (the
#      fault tests that restart PostgreSQL and drive gunicorn, tests/faults/) run only here.
#   3. Topology: tests/test_topology.py against the production topology on loopback
#      (scripts/topology.py: PostgreSQL, Redis, moto's S3 emulator, three gunicorn servers behind
#      Caddy or nginx, a task worker); runs when CI=true or HUB_TEST_TOPOLOGY=1 and needs
#      redis-server, caddy or nginx, the PostgreSQL binaries and moto (a dev dependency). The
#      other legs leave its tests out (-m "not topology").
# A summary at the end says which legs ran and which were skipped (and how to enable them).
#
# Each leg runs its tests in parallel processes (pytest-xdist, one per CPU): HUB_TEST_WORKERS sets
# how many (a number, or "auto" for one per CPU, the default); 1 runs them in this one process.
# The processes share nothing they write: each has its own test database (pytest-django), its own
# MEDIA_ROOT (conftest.py), its own live server on a free port and its own Chromium; the throwaway
# clamd and PostgreSQL cluster serve them all.
#
# With CI=true nothing may be skipped: a missing Chromium, clamd, PostgreSQL, Redis or reverse
# proxy, or a leg that collects
# no tests (pytest exit code 5), fails the run. Exits non-zero if any leg failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CI="${CI:-}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
PYTEST=(.venv/bin/pytest -q -p no:cacheprovider)

# Parallel workers: "auto" is one per CPU. "--dist load" hands tests out in collection order, so
# each worker keeps pytest-django's order: tests in a transaction first, then the transactional
# ones, whose final flush empties the tables. ("worksteal" would let a worker take an earlier
# test after a flush, which then finds no vocabulary.)
WORKERS="${HUB_TEST_WORKERS:-auto}"
if [[ "$WORKERS" == "auto" ]]; then
    WORKERS="$(python3 -c 'import os; print(len(os.sched_getaffinity(0)))')"
fi
if [[ ! "$WORKERS" =~ ^[0-9]+$ ]]; then
    echo "ERROR: HUB_TEST_WORKERS must be a number or auto, not '$WORKERS'." >&2
    exit 2
fi
if [[ "$WORKERS" -gt 1 ]]; then
    PYTEST+=(-n "$WORKERS" --dist load)
fi
# One BLAS thread per test process: with a process per CPU already, more threads only spin and
# wait for each other (numpy's OpenBLAS would start one per CPU in every process).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# One line per leg for the summary, and whether anything failed.
SUMMARY=()
FAILED=0

note() { SUMMARY+=("$(printf '%-16s %s' "$1" "$2")"); }
fail() { note "$1" "$2"; FAILED=1; }

# Run one pytest leg ("$1" is its name, the rest the command) and record the outcome.
run_leg() {
    local name="$1"
    shift
    echo
    echo "================ $name: $* ================"
    local rc=0
    "$@" || rc=$?
    if [[ $rc -eq 0 ]]; then
        note "$name" "ran (passed)"
    elif [[ $rc -eq 5 && "$CI" != "true" ]]; then
        note "$name" "ran (no tests collected)"
    elif [[ $rc -eq 5 ]]; then
        fail "$name" "FAILED (no tests collected; in CI that is an error)"
    else
        fail "$name" "FAILED (exit code $rc)"
    fi
}

# --- Leg 1: SQLite (+ browser tests) ------------------------------------------------------
if [[ -n "${DATABASE_URL:-}" ]]; then
    main_leg="Main (${DATABASE_URL%%:*})"
    echo "Note: using DATABASE_URL from the environment for the main leg (unset it for SQLite)."
else
    main_leg="SQLite"
fi

# Tests marked "postgres" (the fault tests on PostgreSQL, tests/faults/) are deselected here, not
# skipped, and run in the PostgreSQL leg; with CI=true they fail rather than skip without it.
main_marks="not topology and not postgres"
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    main_marks="not topology"
fi
browser_failed=0
if [[ -x "$CHROMIUM" ]]; then
    export CHROMIUM_PATH="$CHROMIUM"
    browser_status="ran (in the $main_leg leg, Chromium at $CHROMIUM)"
elif [[ "$CI" == "true" ]]; then
    echo "ERROR: Chromium not found at $CHROMIUM; the browser tests cannot be skipped in CI." >&2
    browser_status="FAILED (no Chromium at $CHROMIUM; CI must install it: apt-get install chromium)"
    browser_failed=1
    main_marks="not browser${main_marks:+ and $main_marks}"
else
    browser_status="SKIPPED (no Chromium at $CHROMIUM; to enable: apt-get install chromium, or set CHROMIUM_PATH)"
    main_marks="not browser${main_marks:+ and $main_marks}"
fi
main_args=()
if [[ -n "$main_marks" ]]; then
    main_args=(-m "$main_marks")
fi

# ClamAV: with-clamd.sh starts clamd for this leg (and itself fails in CI when it is missing).
CLAMD_BIN="${CLAMD:-$(command -v clamd || echo /usr/sbin/clamd)}"
clamav_failed=0
if [[ -x "$CLAMD_BIN" ]]; then
    clamav_status="ran (in the $main_leg leg, throwaway clamd at $CLAMD_BIN, EICAR signature only)"
elif [[ "$CI" == "true" ]]; then
    clamav_status="FAILED (no clamd; CI must install it: apt-get install clamav-daemon)"
    clamav_failed=1
else
    clamav_status="SKIPPED (no clamd; to enable: apt-get install clamav-daemon)"
fi

run_leg "$main_leg" bash scripts/with-clamd.sh "${PYTEST[@]}" "${main_args[@]}" "$@"
if [[ $browser_failed -eq 1 ]]; then
    fail "Browser tests" "$browser_status"
else
    note "Browser tests" "$browser_status"
fi
if [[ $clamav_failed -eq 1 ]]; then
    fail "ClamAV" "$clamav_status"
else
    note "ClamAV" "$clamav_status"
fi

# The production queue engine's test (core/tests/test_queue_engine.py: Procrastinate, real
# workers, one killed mid-task) starts its own PostgreSQL inside the main leg; without the
# server binaries it skips there, and fails in CI.
if [[ -x "$PG_BIN/initdb" ]]; then
    note "Queue engine" "ran (in the $main_leg leg, with its own PostgreSQL)"
elif [[ "$CI" == "true" ]]; then
    fail "Queue engine" "FAILED (no PostgreSQL binaries at $PG_BIN; CI must install postgresql-15)"
else
    note "Queue engine" "SKIPPED (no PostgreSQL binaries at $PG_BIN; to enable: apt-get install postgresql-15)"
fi

# --- Leg 2: PostgreSQL --------------------------------------------------------------------
if [[ ! -x "$PG_BIN/initdb" ]]; then
    if [[ "$CI" == "true" ]]; then
        echo "ERROR: PostgreSQL binaries not found at $PG_BIN; the PostgreSQL leg cannot be skipped in CI." >&2
        fail "PostgreSQL" "FAILED (no server binaries at $PG_BIN; CI must install postgresql-15)"
    else
        note "PostgreSQL" "SKIPPED (no server binaries at $PG_BIN; to enable: apt-get install postgresql-15 and set HUB_TEST_POSTGRES=1)"
    fi
elif [[ "$CI" == "true" || "${HUB_TEST_POSTGRES:-}" == "1" ]]; then
    # (the ClamAV tests touch no database; they ran in the main leg)
    run_leg "PostgreSQL" bash scripts/with-postgres.sh "${PYTEST[@]}" -m "not browser and not clamav and not topology" "$@"
else
    note "PostgreSQL" "SKIPPED (not requested; to enable: HUB_TEST_POSTGRES=1 make test, or make test-postgres)"
fi

# --- Leg 3: the production topology ------------------------------------------------------
# One test process: the tests share one topology (started once, about two minutes).
topology_missing="$(.venv/bin/python scripts/topology.py --check | grep '^missing' || true)"
if [[ -n "$topology_missing" ]]; then
    what="$(echo "$topology_missing" | sed 's/^missing: //' | paste -sd ';' | sed 's/;/; /g')"
    if [[ "$CI" == "true" ]]; then
        echo "ERROR: the topology leg cannot be skipped in CI; missing: $what" >&2
        fail "Topology" "FAILED (missing: $what)"
    else
        note "Topology" "SKIPPED (missing: $what)"
    fi
elif [[ "$CI" == "true" || "${HUB_TEST_TOPOLOGY:-}" == "1" ]]; then
    topology_started=$SECONDS
    HUB_TEST_TOPOLOGY=1 run_leg "Topology" .venv/bin/pytest -q -p no:cacheprovider -m topology \
        tests/test_topology.py "$@"
    SUMMARY[-1]+=" in $((SECONDS - topology_started)) s"
else
    note "Topology" "SKIPPED (not requested; to enable: HUB_TEST_TOPOLOGY=1 make test)"
fi

# --- Summary ------------------------------------------------------------------------------
if [[ "$WORKERS" -gt 1 ]]; then
    note "Parallel" "$WORKERS test processes per leg (HUB_TEST_WORKERS=1 for one)"
else
    note "Parallel" "no (one test process; HUB_TEST_WORKERS=auto for one per CPU)"
fi
echo
echo "================ Test summary ================"
printf '  %s\n' "${SUMMARY[@]}"
if [[ $FAILED -ne 0 ]]; then
    echo "Result: FAILED"
else
    echo "Result: OK"
fi
echo "=============================================="
exit "$FAILED"
