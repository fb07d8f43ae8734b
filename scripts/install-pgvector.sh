#!/usr/bin/env bash
# Install the pgvector extension into the machine's PostgreSQL 15 (Debian 12), as root.
#
#   bash scripts/install-pgvector.sh
#
# Debian 12 has no pgvector package for PostgreSQL 15, so this builds Debian 13's source package
# against PostgreSQL 15 (about 10 s of compiling):
#
# 1. nothing to do when vector.control is already in the server's extension folder;
# 2. install postgresql-server-dev-15 (headers, pg_config, PGXS) with the machine's apt sources;
# 3. download the source with *private* apt lists: a deb-src line for trixie on the mirror the
#    machine already uses (read from its apt sources, never a hard-coded host), in a temporary
#    folder, so the machine's own sources and lists stay untouched;
# 4. make with_llvm=no && make install (no LLVM bitcode: the server works without it).
#
# Environment:
#   PG_CONFIG          default /usr/lib/postgresql/15/bin/pg_config
#   PGVECTOR_SUITE     the Debian suite to take the source from (default trixie)
#   PGVECTOR_EXPECTED  version prefix the source must have (default 0.8.): a newer Debian
#                      upload fails loudly instead of slipping in unreviewed
set -euo pipefail

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
SUITE="${PGVECTOR_SUITE:-trixie}"
EXPECTED="${PGVECTOR_EXPECTED:-0.8.}"
export DEBIAN_FRONTEND=noninteractive

say() { echo "== pgvector: $*"; }

if [[ $EUID -ne 0 ]]; then
    echo "install-pgvector.sh installs into the system's PostgreSQL: run it as root" >&2
    exit 1
fi

share_dir() { "$PG_CONFIG" --sharedir; }

if [[ -x "$PG_CONFIG" && -f "$(share_dir)/extension/vector.control" ]]; then
    say "already installed ($(grep default_version "$(share_dir)/extension/vector.control"))"
    exit 0
fi

# 2. the server's development files (they bring pg_config for this version)
if [[ ! -x "$PG_CONFIG" ]] || ! dpkg -s postgresql-server-dev-15 >/dev/null 2>&1; then
    say "installing postgresql-server-dev-15"
    apt-get update </dev/null
    apt-get install -y -o DPkg::Lock::Timeout=600 postgresql-server-dev-15 make gcc </dev/null
fi

# 3. the mirror the machine already uses, from deb822 sources or a one-line sources.list
mirror=""
for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    mirror="$(awk '/^URIs:/ && $2 ~ /debian\/?$/ && $2 !~ /security/ {print $2; exit}' "$file")"
    [[ -n "$mirror" ]] && break
done
if [[ -z "$mirror" && -f /etc/apt/sources.list ]]; then
    mirror="$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)"
fi
if [[ -z "$mirror" ]]; then
    echo "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2
    exit 1
fi

WORK="$(mktemp -d /tmp/pgvector-build.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lists/partial" "$WORK/src"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb-src [signed-by=$keyring] $mirror $SUITE main" >"$WORK/sources.list"
APT=(apt-get -o "Dir::State::Lists=$WORK/lists" -o "Dir::Etc::SourceList=$WORK/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")

say "downloading the $SUITE source package from $mirror (private apt lists in $WORK)"
"${APT[@]}" update </dev/null >/dev/null
(cd "$WORK/src" && "${APT[@]}" source --download-only pgvector </dev/null)

orig="$(find "$WORK/src" -maxdepth 1 -name 'pgvector_*.orig.tar.*' | head -n 1)"
if [[ -z "$orig" ]]; then
    echo "the pgvector source package has no .orig tarball" >&2
    exit 1
fi
version="$(basename "$orig" | sed -E 's/^pgvector_([^.]+\.[^.]+\.[^.]+)\.orig.*/\1/')"
if [[ "$version" != "$EXPECTED"* ]]; then
    echo "pgvector $version found, $EXPECTED* expected (set PGVECTOR_EXPECTED to accept it)" >&2
    exit 1
fi
mkdir "$WORK/build"
tar -xf "$orig" -C "$WORK/build" --strip-components=1

# 4. build against this server's PGXS, without LLVM bitcode
say "building pgvector $version against $("$PG_CONFIG" --version)"
make -C "$WORK/build" -s with_llvm=no PG_CONFIG="$PG_CONFIG" >/dev/null
make -C "$WORK/build" -s with_llvm=no PG_CONFIG="$PG_CONFIG" install >/dev/null
[[ -f "$(share_dir)/extension/vector.control" ]] || { echo "vector.control was not installed" >&2; exit 1; }
say "installed pgvector $version into $(share_dir)/extension"
