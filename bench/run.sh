#!/usr/bin/env bash
# make bench: the performance budgets, each printed on stdout as `BUDGET <name> <measured> <budget> PASS|FAIL`,
# most with its floor beside it, `FLOOR <name> <floor> ratio <x> [within|beyond]` (bench/benchkit.py says how
# floors are measured); progress and details go to stderr. Every name says its database and scale
# (`person_search_sqlite_province`, `registry_list_pg_10m`) and appears once in a run: the run fails otherwise.
#   1. SQLite at province scale: a fresh database, `thidua gen-data --scale province` timed (30 clusters, 300
#      units, 50.000 people), the page benchmarks, the people import, the commendation registry with
#      1.000.000 award records (BENCH_AWARDS_SQLITE), the statistical forms, dashboards and year-end report on it,
#      a backup and restore of it all, then 50 users on gunicorn for a minute.
#   2. Every other bench/bench_*.py (scoring, voting), each in a fresh SQLite database of its own.
#   3. PostgreSQL at national scale in a throw-away cluster (scripts/with-postgres.sh, port PG_PORT, default
#      54350) with durable settings (PG_DURABLE=1: fsync, synchronous_commit, full_page_writes on):
#      `thidua gen-data --scale national` (34 provinces, 1.400 clusters, 15.000 units, 3.000.000 people)
#      timed against its 10-minute budget, the page benchmarks, scoring and voting, the registry with
#      10.000.000 award records (BENCH_AWARDS), the statistical forms (the country, the largest province), the
#      dashboards (a cluster's, a province's) and the year-end report (.docx, PDF) on it, then 50 users on
#      gunicorn for a minute.
# Environment: BENCH_ONLY=sqlite|other|pg runs one part; BENCH_PG_DATA=<dir> keeps the PostgreSQL cluster there
# between runs (a kept data set is reused and gen-data is then not timed); BENCH_AWARDS, BENCH_AWARDS_SQLITE,
# BENCH_RUNS, BENCH_WARMUP, BENCH_LOAD_USERS, BENCH_LOAD_SECONDS; BENCH_PG_SCALE=province generates the province
# set in PostgreSQL instead of the national one (a quick check of the scripts; the names then say `province`).
#   bash bench/run.sh --check <file>     checks the names in a saved output
# Exit status: 0 when every benchmark ran and every name is unique, whether its budget passed or not; non-zero
# if something crashed or a name repeats.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
THIDUA="$ROOT/.venv/bin/thidua"
# Parts 1 and 3 run these themselves, on their generated database; part 2 runs the rest.
OWN_DATABASE="bench/bench_pages.py bench/bench_import.py bench/bench_awards.py bench/bench_gendata.py bench/bench_load.py bench/bench_backup.py"
# The reports' benchmarks read the registry bench_awards.py loaded: they run right after it, in parts 1 and 3.
REPORTS="bench/bench_statforms.py bench/bench_dashboards.py bench/bench_year_report.py"
OWN_DATABASE="$OWN_DATABASE $REPORTS"

note() { echo "$*" >&2; }

# The statistical forms, the dashboards and the year-end report, on the registry just loaded.
reports_benches() {
  local script
  for script in $REPORTS; do
    note "== $script"
    "$PY" "$script"
  done
}

sqlite_part() {
  local var_dir
  var_dir=$(mktemp -d /tmp/thidua-bench-sqlite.XXXXXX)
  note "== SQLite, quy mô tỉnh ($var_dir)"
  (
    export THIDUA_VAR_DIR="$var_dir"
    unset DATABASE_URL
    "$THIDUA" migrate --noinput -v0 >&2
    "$PY" bench/bench_gendata.py --scale province
    "$PY" bench/bench_pages.py
    "$PY" bench/bench_import.py
    note "== bench/bench_awards.py (SQLite, ${BENCH_AWARDS_SQLITE:-1000000} lượt khen thưởng)"
    "$PY" bench/bench_awards.py --records "${BENCH_AWARDS_SQLITE:-1000000}"
    reports_benches
    "$PY" bench/bench_backup.py
    "$PY" bench/bench_load.py
  )
  rm -rf "$var_dir"
}

other_part() {
  # Each in a fresh SQLite database of its own: never the project's var/ database, which `make run` serves.
  local script var_dir
  for script in bench/bench_*.py; do
    case " $OWN_DATABASE " in *" $script "*) continue ;; esac
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
  note "== PostgreSQL, quy mô ${BENCH_PG_SCALE:-national} ($DATABASE_URL)"
  # What is measured must be what a server keeping real data does: refuse to measure a non-durable cluster.
  "$PY" - >&2 <<'PYTHON'
import os, psycopg
with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    values = {n: conn.execute(f"SHOW {n}").fetchone()[0] for n in ("fsync", "synchronous_commit", "full_page_writes")}
print("   " + ", ".join(f"{n}={v}" for n, v in values.items()))
raise SystemExit(0 if set(values.values()) == {"on"} else "PostgreSQL không chạy với cài đặt bền vững (PG_DURABLE=1).")
PYTHON
  "$THIDUA" migrate --noinput -v0 >&2
  "$PY" bench/bench_gendata.py --scale "${BENCH_PG_SCALE:-national}"
  "$PY" bench/bench_pages.py
  # The other benchmarks on the same PostgreSQL database; each cleans up what it made.
  for script in bench/bench_scoring.py bench/bench_voting.py; do
    if [ -f "$script" ]; then
      note "== $script (PostgreSQL)"
      "$PY" "$script"
    fi
  done
  # The commendation registry at national scale: 10.000.000 award records on the generated people.
  note "== bench/bench_awards.py (PostgreSQL, ${BENCH_AWARDS:-10000000} lượt khen thưởng)"
  "$PY" bench/bench_awards.py --records "${BENCH_AWARDS:-10000000}"
  reports_benches
  "$PY" bench/bench_load.py
  rm -rf "$var_dir"
}

pg_part() {
  local port="${PG_PORT:-54350}"
  if [ -n "${BENCH_PG_DATA:-}" ]; then
    mkdir -p "$BENCH_PG_DATA"
    PG_DURABLE=1 PG_PORT="$port" PG_KEEP_DATA="$BENCH_PG_DATA" bash scripts/with-postgres.sh bash bench/run.sh --pg-inside
  else
    PG_DURABLE=1 PG_PORT="$port" bash scripts/with-postgres.sh bash bench/run.sh --pg-inside
  fi
}

# Every BUDGET name once, each saying its database and scale (…_sqlite_<scale>, …_pg_<scale>); every FLOOR
# line beside a BUDGET of the same name.
check_names() {  # file
  local repeated unnamed orphans
  repeated=$(awk '$1 == "BUDGET" { print $2 }' "$1" | sort | uniq -d)
  unnamed=$(awk '$1 == "BUDGET" && $2 !~ /_(sqlite|pg)_[A-Za-z0-9.]+$/ { print $2 }' "$1")
  orphans=$(awk '$1 == "BUDGET" { b[$2] = 1 } $1 == "FLOOR" { f[$2] = 1 }
                 END { for (n in f) if (!(n in b)) print n }' "$1")
  [ -z "$repeated" ] || note "Tên BUDGET lặp lại trong lần chạy: $(echo $repeated)"
  [ -z "$unnamed" ] || note "Tên BUDGET không nói cơ sở dữ liệu và quy mô (…_sqlite_<quy mô>, …_pg_<quy mô>): $(echo $unnamed)"
  [ -z "$orphans" ] || note "Dòng FLOOR không có BUDGET cùng tên: $(echo $orphans)"
  [ -z "$repeated$unnamed$orphans" ]
}

run_parts() {
  case "${BENCH_ONLY:-all}" in
    sqlite) sqlite_part ;;
    pg) pg_part ;;
    other) other_part ;;
    all) sqlite_part; other_part; pg_part ;;
    *) note "BENCH_ONLY phải là sqlite, other hoặc pg."; return 2 ;;
  esac
}

case "${1:-}" in
  --pg-inside) pg_inside; exit 0 ;;
  --check) check_names "$2"; exit $? ;;
esac
output=$(mktemp /tmp/thidua-bench-output.XXXXXX)
trap 'rm -f "$output"' EXIT
set +e
(set -e; run_parts) | tee "$output"  # errexit again inside: a crash stops the run, as before
status=${PIPESTATUS[0]}
set -e
if ! check_names "$output"; then
  status=1
fi
exit "$status"
