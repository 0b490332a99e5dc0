#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL cluster: starts it, exports DATABASE_URL, runs the command,
# stops and deletes the cluster whatever happens. Usage: scripts/with-postgres.sh COMMAND [ARGS…]
# PG_PORT (default 54329) and PG_KEEP_DATA (a directory to keep the cluster in, for benchmarks) may be set.
# The cluster trades durability for speed (fsync, synchronous_commit and full_page_writes off: a crash may lose
# it, which a throw-away test database does not mind), unless PG_DURABLE=1: then they stay on, as on a server
# that keeps real data. bench/run.sh sets PG_DURABLE=1 so that what `make bench` measures is what a real
# server would do; `make test-postgres` keeps the fast settings.
set -euo pipefail
port="${PG_PORT:-54329}"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "Không tìm thấy PostgreSQL (/usr/lib/postgresql/*/bin)." >&2; exit 1; }
data="${PG_KEEP_DATA:-$(mktemp -d /tmp/thidua-pg.XXXXXX)}"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  as_pg=(runuser -u postgres --)
  chown postgres "$data"
  chmod 700 "$data"
fi
if [ ! -f "$data/PG_VERSION" ]; then
  "${as_pg[@]}" "$bindir/initdb" -D "$data" -U thidua --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
  [ -n "${PG_KEEP_DATA:-}" ] || rm -rf "$data"
}
trap cleanup EXIT
if [ "${PG_DURABLE:-0}" = "1" ]; then
  # Also sized as a dedicated server of this machine would be (the usual rules: a quarter of the memory for
  # PostgreSQL's own cache, at most 8 GB; three quarters for what the operating system caches; reading at random
  # from an SSD costs little more than in order).
  mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
  buffers_mb=$(( mem_mb / 4 < 8192 ? mem_mb / 4 : 8192 ))
  durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=${buffers_mb}MB"
  durability="$durability -c effective_cache_size=$(( mem_mb * 3 / 4 ))MB -c random_page_cost=1.1"
else
  durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB"
fi
"${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -o \
  "-p $port -k /tmp -c listen_addresses=127.0.0.1 $durability -c max_connections=300 -c work_mem=32MB -c maintenance_work_mem=512MB" \
  start >/dev/null
"$bindir/psql" -h 127.0.0.1 -p "$port" -U thidua -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='thidua'" | grep -q 1 \
  || "$bindir/createdb" -h 127.0.0.1 -p "$port" -U thidua thidua
export DATABASE_URL="postgres://thidua@127.0.0.1:${port}/thidua"
"$@"
