"""What the bench scripts share: budget names, the BUDGET and FLOOR lines, and the floors.

Every budget prints one line on stdout,

    BUDGET <what>_<db>_<scale> <measured> <budget> PASS|FAIL

whose name is unique across a `make bench` run (bench/run.sh checks) and says its database (`sqlite`, `pg`)
and the scale it was measured at (`province`, `national`, a record count such as `10m`, a size such as
`15x60`). Beside it, for bulk work and pages, a floor measured in the same run on the same connection:

    FLOOR <budget name> <floor> ratio <measured / floor>                      bulk work
    FLOOR <budget name> <floor> ratio <measured / floor> within|beyond        pages

- a page's floor is the SQL the page ran, captured while it served one request and replayed alone, statement
  by statement, on the same connection (rows fetched, nothing built from them); `within` when the page took
  at most max(10 × floor, floor + 15 ms), i.e. when Python (forms, tables, templates) adds no more than that;
- a bulk write's floor is the least the database needs for the same data: the same rows written by COPY
  (PostgreSQL) or one executemany (SQLite) into a bare table of the same columns (no index, constraint or
  trigger), committed (or rolled back, when the measured work was rolled back), plus, for an import, reading
  the same Excel file with openpyxl alone (read_only, values_only).

Not a bench_*.py: bench/run.sh runs those; this module is imported by them (bench/ is on sys.path when a
script in it runs). Imports of the project go through Django's app registry (models by class name) so that
moving a model from one app to another does not break the benchmarks."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence

WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
PAGE_FLOOR_FACTOR = 10.0
PAGE_FLOOR_MARGIN_MS = 15.0
READ_VERBS = ("SELECT", "WITH", "VALUES", "SHOW", "EXPLAIN")
TRANSACTION_VERBS = ("BEGIN", "COMMIT", "ROLLBACK", "END", "START")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Names


def db() -> str:
    from django.db import connection

    return "pg" if connection.vendor == "postgresql" else connection.vendor


def count_label(n: int) -> str:
    """10.000.000 → "10m", 1.000.000 → "1m", 200.000 → "200k", 1.500.000 → "1.5m" (two significant digits)."""
    if n <= 0:
        return "0"
    for size, suffix in ((1_000_000_000, "g"), (1_000_000, "m"), (1_000, "k"), (1, "")):
        if n >= size:
            value = float(f"{n / size:.2g}")
            return f"{value:g}{suffix}"
    return str(n)


def name(what: str, scale: str) -> str:
    return f"{what}_{db()}_{scale}"


def model(class_name: str):
    """The installed model of that class name, whichever app it lives in."""
    from django.apps import apps

    found = [m for m in apps.get_models() if m.__name__ == class_name]
    if len(found) != 1:
        raise LookupError(f"{len(found)} models named {class_name}")
    return found[0]


def generated_scale() -> str:
    """The scale of the `thidua gen-data` set in the database: BENCH_SCALE when bench/run.sh says it, else
    `national` or `province` when the counts are those of the named scales, else `<people>people`."""
    if os.environ.get("BENCH_SCALE"):
        return os.environ["BENCH_SCALE"]
    people = estimated_count(model("Person"))
    if people >= 2_500_000:
        return "national"
    if 40_000 <= people <= 70_000:
        return "province"
    return f"{count_label(people)}people"


def estimated_count(model_class) -> int:
    """COUNT(*) on SQLite; the planner's estimate on PostgreSQL (exact after ANALYZE, instant at any size)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return model_class.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model_class._meta.db_table])
        estimate = cursor.fetchone()[0]
    return estimate if estimate >= 0 else model_class.objects.count()


# ---------------------------------------------------------------------------------------------------------
# Lines


def show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f}ms"
    if unit == "s":
        return f"{value:.2f}s" if value < 10 else f"{value:.1f}s"
    return f"{value:g}{unit}"


def budget(budget_name: str, measured: float, limit: float, unit: str, passed: bool | None = None) -> bool:
    """Print `BUDGET name measured limit PASS|FAIL`; passed defaults to measured ≤ limit."""
    if passed is None:
        passed = measured <= limit
    print(f"BUDGET {budget_name} {show(measured, unit)} {limit:g}{unit} {'PASS' if passed else 'FAIL'}", flush=True)
    return passed


def floor(budget_name: str, floor_value: float, measured: float, unit: str, page: bool = False) -> None:
    """Print `FLOOR name floor ratio x` (pages: and whether within max(10 × floor, floor + 15 ms))."""
    ratio = measured / floor_value if floor_value > 0 else float("inf")
    line = f"FLOOR {budget_name} {show(floor_value, unit)} ratio {ratio:.1f}"
    if page:
        allowed = max(PAGE_FLOOR_FACTOR * floor_value, floor_value + PAGE_FLOOR_MARGIN_MS)
        line += " within" if measured <= allowed else " beyond"
    print(line, flush=True)


# ---------------------------------------------------------------------------------------------------------
# SQL captured and replayed


class Recorder:
    """An execute wrapper keeping (sql, params, many) of every statement, as Django sent it to the driver."""

    def __init__(self):
        self.statements: list[tuple[str, object, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        if many:
            params = list(params)  # may be a generator; keep it for the replay
        self.statements.append((sql, params, many))
        return execute(sql, params, many, context)


def record(fn: Callable):
    """(fn(), the statements it ran)."""
    from django.db import connection

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        result = fn()
    return result, recorder.statements


def _verb(sql: str) -> str:
    return sql.lstrip(" (\n\t").split(None, 1)[0].upper() if sql.strip() else ""


def reads(statements) -> list:
    return [s for s in statements if not s[2] and _verb(s[0]) in READ_VERBS]


class _Undo(Exception):
    pass


def replay(statements, writes: bool = False) -> float:
    """Seconds to run the statements again on the same connection, fetching every row. Reads only, unless
    writes: then every statement but transaction control, inside a savepoint rolled back afterwards."""
    from django.db import connection, transaction

    if not writes:
        chosen = reads(statements)
    else:
        chosen = [s for s in statements if _verb(s[0]) not in TRANSACTION_VERBS]

    def run() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params, many in chosen:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
        return time.perf_counter() - started

    if not writes:
        return run()
    try:
        with transaction.atomic():
            seconds = run()
            raise _Undo
    except _Undo:
        pass
    return seconds


def replay_median_ms(statement_lists: Sequence, runs: int = RUNS, writes: bool = False) -> float:
    """Median over `runs` replays, cycling through the lists as the measured runs cycled through their pages."""
    for statements in statement_lists[:2]:
        replay(statements, writes)
    return statistics.median(replay(statement_lists[i % len(statement_lists)], writes) * 1000 for i in range(runs))


# ---------------------------------------------------------------------------------------------------------
# Pages


def measure_page(budget_name: str, items: Sequence[tuple], limit_ms: float, runs: int = RUNS,
                 warmup: int = WARMUP) -> float:
    """items: (client, url, text the page must contain). Requests go through Django's test client in this
    process; the median of `runs` requests after `warmup`, cycling through the items, against limit_ms; then
    the floor: the SQL each item's page ran, replayed alone. Returns the median."""
    for i in range(max(warmup, len(items))):
        client, url, expect = items[i % len(items)]
        response = client.get(url)
        if response.status_code != 200 or (expect and expect not in response.content.decode()):
            raise SystemExit(f"{url}: HTTP {response.status_code}, “{expect}” không có trong trang.")
    timings, cpu = [], []
    for i in range(runs):
        client, url, _expect = items[i % len(items)]
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    statement_lists = [record(lambda c=client, u=url: c.get(u))[1] for client, url, _e in items]
    floor_ms = replay_median_ms(statement_lists, runs)
    timings.sort()
    median = statistics.median(timings)
    first = statement_lists[0]
    log(f"  {budget_name}: {items[0][1]}{f' (+{len(items) - 1} more)' if len(items) > 1 else ''} — median "
        f"{median:.1f} ms, p90 {timings[int(len(timings) * 0.9) - 1]:.1f} ms, CPU in this process "
        f"{statistics.median(cpu):.1f} ms, {len(first)} queries ({len(reads(first))} replayed), SQL alone "
        f"{floor_ms:.1f} ms")
    budget(budget_name, median, limit_ms, "ms")
    floor(budget_name, floor_ms, median, "ms", page=True)
    return median


def measure_call(budget_name: str, calls: Callable | Sequence[Callable], limit_ms: float, runs: int = RUNS,
                 warmup: int = WARMUP, writes: bool = False) -> float:
    """A domain function's median time against limit_ms (cycling through `calls` when several: the same
    function on different data), and the SQL each call ran, replayed alone, as its floor."""
    calls = [calls] if callable(calls) else list(calls)
    for i in range(max(warmup, min(len(calls), 3))):
        calls[i % len(calls)]()
    timings = []
    for i in range(max(runs, len(calls))):
        started = time.perf_counter()
        calls[i % len(calls)]()
        timings.append((time.perf_counter() - started) * 1000)
    statement_lists = [record(fn)[1] for fn in calls]
    floor_ms = replay_median_ms(statement_lists, max(runs, len(calls)), writes)
    median = statistics.median(timings)
    log(f"  {budget_name}: median {median:.1f} ms, max {max(timings):.1f} ms ({len(timings)} runs), "
        f"{len(statement_lists[0])} queries, SQL alone {floor_ms:.1f} ms")
    budget(budget_name, median, limit_ms, "ms")
    floor(budget_name, floor_ms, median, "ms", page=True)
    return median


# ---------------------------------------------------------------------------------------------------------
# Floors of bulk work


def read_excel_seconds(path) -> tuple[float, int]:
    """Reading an Excel file with openpyxl alone, read_only and values_only: (seconds, rows)."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            rows += 1
    workbook.close()
    return time.perf_counter() - started, rows


def _dump(cursor, folder: str, table: str, bare_table: str, columns: Sequence[str], where: str, params) -> tuple:
    """Create the bare table; read the rows out (a COPY file on PostgreSQL, a list on SQLite)."""
    from django.db import connection

    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.execute(f"DROP TABLE IF EXISTS {bare_table}")
    cursor.execute(f"CREATE TABLE {bare_table} AS SELECT {cols} FROM {table} WHERE 1 = 0")
    select = f"SELECT {cols} FROM {table}{' WHERE ' + where if where else ''}"
    if connection.vendor != "postgresql":
        cursor.execute(select, params or [])
        return bare_table, cols, cursor.fetchall()
    path = os.path.join(folder, f"{table}.copy")
    query = cursor.cursor.mogrify(select, params) if params else select
    with open(path, "wb") as out, cursor.cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for block in copy:
            out.write(block)
    return bare_table, cols, path


def _write(dumps) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for bare_table, cols, data in dumps:
            if connection.vendor == "postgresql":
                with open(data, "rb") as source, cursor.cursor.copy(f"COPY {bare_table} ({cols}) FROM STDIN") as copy:
                    while block := source.read(1 << 20):
                        copy.write(block)
            elif data:
                marks = ", ".join(["%s"] * len(data[0]))
                cursor.executemany(f"INSERT INTO {bare_table} ({cols}) VALUES ({marks})", data)


def write_floor_seconds(sources: Iterable[tuple[str, Sequence[str], str, Sequence]], commit: bool = True) -> float:
    """The least time the database takes to store the same rows: for each (table, columns, WHERE clause,
    params), the rows it selects are written again — COPY on PostgreSQL, one executemany on SQLite — into a
    bare table of the same columns (no index, constraint or trigger), all in one transaction, committed or
    rolled back as the measured work was. Reading the rows out beforehand is not timed. Called outside any
    transaction when commit is true; inside the measured work's transaction otherwise (the rows it wrote are
    visible there)."""
    from django.db import connection, transaction

    bare_tables = []
    with tempfile.TemporaryDirectory(prefix="thidua-floor.") as folder:
        try:
            with connection.cursor() as cursor:
                dumps = []
                for table, columns, where, params in sources:
                    bare_tables.append(f"bench_floor_{table}"[:60])
                    dumps.append(_dump(cursor, folder, table, bare_tables[-1], columns, where, params))
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    _write(dumps)
                    seconds = time.perf_counter() - started
                    if not commit:
                        raise _Undo
                seconds = time.perf_counter() - started  # with the commit
            except _Undo:
                pass
        finally:
            with connection.cursor() as cursor:
                for bare_table in bare_tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {bare_table}")
    return seconds


def columns_of(model_class, exclude: Sequence[str] = ()) -> list[str]:
    return [f.column for f in model_class._meta.concrete_fields if f.column not in exclude]
