#!/usr/bin/env bash
# make bench: the performance budgets, each printed on stdout as `BUDGET <name> <measured> <budget> PASS|FAIL`
# (progress and details go to stderr).
#   1. SQLite at province scale: a fresh database, `thidua gen-data --scale province` (30 clusters, 300 units,
#      50.000 people), the page benchmarks, then bench/bench_import.py if it exists.
#   2. Every other bench/bench_*.py, each in a fresh SQLite database of its own (see each one's docstring).
#   3. PostgreSQL at national scale in a throw-away cluster (scripts/with-postgres.sh, port PG_PORT, default
#      54350): `thidua gen-data --scale national` (34 provinces, 1.400 clusters, 15.000 units, 3.000.000
#      people) timed against its 10-minute budget, then the page benchmarks.
# Environment: BENCH_ONLY=sqlite|other|pg runs one part; BENCH_PG_DATA=<dir> keeps the PostgreSQL cluster there
# between runs (a kept data set is reused and gen-data is then not timed); BENCH_RUNS, BENCH_WARMUP.
# Exit status: 0 when every benchmark ran, whether its budget passed or not; non-zero if something crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
THIDUA="$ROOT/.venv/bin/thidua"
GEN_DATA_BUDGET=600

note() { echo "$*" >&2; }

seconds_budget() {  # name measured budget
  awk -v n="$1" -v m="$2" -v b="$3" 'BEGIN { printf "BUDGET %s %.1fs %ds %s\n", n, m, b, (m < b ? "PASS" : "FAIL") }'
}

has_generated_data() {
  DJANGO_SETTINGS_MODULE=thidua.settings "$PY" -c "import django; django.setup()
from thidua.clusters.models import Cluster
raise SystemExit(0 if Cluster.objects.filter(code__startswith='gen-').exists() else 1)"
}

sqlite_part() {
  local var_dir
  var_dir=$(mktemp -d /tmp/thidua-bench-sqlite.XXXXXX)
  note "== SQLite, quy mô tỉnh ($var_dir)"
  (
    export THIDUA_VAR_DIR="$var_dir"
    unset DATABASE_URL
    "$THIDUA" migrate --noinput -v0 >&2
    local started ended
    started=$(date +%s.%N)
    "$THIDUA" gen-data --scale province >&2
    ended=$(date +%s.%N)
    note "   gen-data province: $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }') s"
    "$PY" bench/bench_pages.py
    if [ -f bench/bench_import.py ]; then
      "$PY" bench/bench_import.py
    fi
  )
  rm -rf "$var_dir"
}

other_part() {
  # Each in a fresh SQLite database of its own: never the project's var/ database, which `make run` serves.
  local script var_dir
  for script in bench/bench_*.py; do
    case "$script" in bench/bench_pages.py|bench/bench_import.py) continue ;; esac
    var_dir=$(mktemp -d /tmp/thidua-bench-other.XXXXXX)
    note "== $script ($var_dir)"
    (unset DATABASE_URL; export THIDUA_VAR_DIR="$var_dir"; "$PY" "$script")
    rm -rf "$var_dir"
  done
}

# Runs inside scripts/with-postgres.sh, which exported DATABASE_URL.
pg_inside() {
  local var_dir
  var_dir=$(mktemp -d /tmp/thidua-bench-pg-var.XXXXXX)
  export THIDUA_VAR_DIR="$var_dir"
  note "== PostgreSQL, quy mô toàn quốc ($DATABASE_URL)"
  "$THIDUA" migrate --noinput -v0 >&2
  if [ -n "${BENCH_PG_DATA:-}" ] && has_generated_data; then
    note "   Dữ liệu tổng hợp đã có trong $BENCH_PG_DATA: dùng lại, không đo gen_data_national."
  else
    local started ended
    started=$(date +%s.%N)
    "$THIDUA" gen-data --scale national >&2
    ended=$(date +%s.%N)
    seconds_budget gen_data_national "$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')" "$GEN_DATA_BUDGET"
  fi
  "$PY" bench/bench_pages.py
  # The other benchmarks on the same PostgreSQL database; each cleans up what it made.
  for script in bench/bench_scoring.py bench/bench_voting.py; do
    if [ -f "$script" ]; then
      note "== $script (PostgreSQL)"
      "$PY" "$script"
    fi
  done
  # The commendation registry at national scale: 10.000.000 award records on the generated people.
  note "== bench/bench_awards.py (PostgreSQL, 10.000.000 lượt khen thưởng)"
  "$PY" bench/bench_awards.py --generate "${BENCH_AWARDS:-10000000}"
  rm -rf "$var_dir"
}

pg_part() {
  local port="${PG_PORT:-54350}"
  if [ -n "${BENCH_PG_DATA:-}" ]; then
    mkdir -p "$BENCH_PG_DATA"
    PG_PORT="$port" PG_KEEP_DATA="$BENCH_PG_DATA" bash scripts/with-postgres.sh bash bench/run.sh --pg-inside
  else
    PG_PORT="$port" bash scripts/with-postgres.sh bash bench/run.sh --pg-inside
  fi
}

if [ "${1:-}" = "--pg-inside" ]; then
  pg_inside
  exit 0
fi
case "${BENCH_ONLY:-all}" in
  sqlite) sqlite_part ;;
  pg) pg_part ;;
  other) other_part ;;
  all) sqlite_part; other_part; pg_part ;;
  *) note "BENCH_ONLY phải là sqlite, other hoặc pg."; exit 2 ;;
esac
