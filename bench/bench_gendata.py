"""Budget: `thidua gen-data --scale <scale>` on an empty database, timed as a user runs it (the command in a
process of its own, wall clock), with its floor:

    BUDGET gen_data_<db>_<scale> <s>s <budget>s PASS|FAIL     national: 600 s; province: 10 s (the national
                                                                budget scaled by the people, 50.000/3.000.000)
    FLOOR gen_data_<db>_<scale> <s>s ratio <x>                  the rows gen-data wrote (organisers, clusters,
                                                                units and their names, periods, members, heads,
                                                                people, the index of names) written again by COPY
                                                                (PostgreSQL) or executemany (SQLite) into bare
                                                                tables, in one committed transaction

The database is DATABASE_URL, else the SQLite database under THIDUA_VAR_DIR (bench/run.sh migrates it first).
When it already holds a generated set (a PostgreSQL cluster kept with BENCH_PG_DATA), nothing is timed and no
line is printed.

    .venv/bin/python bench/bench_gendata.py --scale province
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = {"national": 600, "province": 10}
PREFIX = "gen-%"  # every code gen-data writes starts with "gen-"


def sources() -> list[tuple[str, list[str], str, list]]:
    """(table, columns, WHERE, params) of every row gen-data wrote."""
    def table(name):
        return k.model(name)._meta.db_table

    def everything(name):
        return k.columns_of(k.model(name))

    units = f"SELECT id FROM {table('Unit')} WHERE code LIKE %s"
    clusters = f"SELECT id FROM {table('Cluster')} WHERE code LIKE %s"
    periods = f"SELECT id FROM {table('EmulationPeriod')} WHERE cluster_id IN ({clusters})"
    return [
        (table("Organiser"), everything("Organiser"), "code LIKE %s", [PREFIX]),
        (table("Cluster"), everything("Cluster"), "code LIKE %s", [PREFIX]),
        (table("Unit"), everything("Unit"), "code LIKE %s", [PREFIX]),
        (table("UnitName"), everything("UnitName"), f"unit_id IN ({units})", [PREFIX]),
        (table("EmulationPeriod"), everything("EmulationPeriod"), f"cluster_id IN ({clusters})", [PREFIX]),
        (table("Membership"), everything("Membership"), f"period_id IN ({periods})", [PREFIX]),
        (table("LeadershipTerm"), everything("LeadershipTerm"), f"period_id IN ({periods})", [PREFIX]),
        (table("Person"), everything("Person"), f"unit_id IN ({units})", [PREFIX]),
        (table("PersonName"), everything("PersonName"), "", []),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(BUDGET_SECONDS), default="province")
    args = parser.parse_args()
    if k.model("Cluster").objects.filter(code__startswith="gen-").exists():
        k.log("   Đã có dữ liệu tổng hợp: dùng lại, không đo gen-data.")
        return 0
    command = [str(ROOT / ".venv" / "bin" / "thidua"), "gen-data", "--scale", args.scale]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=sys.stderr)
    seconds = time.perf_counter() - started
    name = k.name("gen_data", args.scale)
    k.log(f"   gen-data {args.scale}: {seconds:.1f} s; sàn: ghi lại cùng các dòng…")
    floor = k.write_floor_seconds(sources())
    k.log(f"   sàn ({'COPY' if k.db() == 'pg' else 'executemany'} vào bảng trần): {floor:.1f} s")
    k.budget(name, seconds, BUDGET_SECONDS[args.scale], "s")
    k.floor(name, floor, seconds, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
