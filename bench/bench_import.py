"""Budget: 50.000 people from one Excel file read, checked row by row and imported in under 60 seconds.

Run against a database with the demo loaded:
    DJANGO_SETTINGS_MODULE=thidua.settings .venv/bin/python bench/bench_import.py
Generates the file for existing units, times read + check + write, prints
`BUDGET import_people_50k_<db>_<scale> <seconds>s 60s PASS|FAIL` and its floor, `FLOOR <same name> <seconds>s
ratio <x>`: reading the same file with openpyxl alone (read_only, values_only) plus the same people rows
written by COPY (PostgreSQL) or executemany (SQLite) into a bare table (bench/benchkit.py); then deletes what
it imported (details go to stderr)."""

import datetime as dt
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from thidua.accounts.models import Role, User  # noqa: E402
from thidua.core.formatting import format_number as n  # noqa: E402
from thidua.core.models import Activity  # noqa: E402
from thidua.demo import names  # noqa: E402
from thidua.orgs.enums import PersonStatus, WorkerCategory  # noqa: E402
from thidua.orgs.interfaces import importers  # noqa: E402

Person, Unit = k.model("Person"), k.model("Unit")

COUNT = 50_000
BUDGET_SECONDS = 60.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_file(path: Path, unit_codes: list[str], prefix: str) -> None:
    rng = random.Random(50_000)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cá nhân")
    sheet.append([c.header for c in importers.PEOPLE_COLUMNS])
    category = {"leader": WorkerCategory.LEADER.label, "direct": WorkerCategory.DIRECT.label}
    for i in range(COUNT):
        full_name, gender = names.person_name(rng)
        position, kind = names.position(rng)
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 36))
        sheet.append([full_name, "Nam" if gender == "male" else "Nữ", birth.strftime("%d/%m/%Y"),
                      unit_codes[i % len(unit_codes)], f"{prefix}-{i + 1:06d}", position, str(category[kind]),
                      str(PersonStatus.WORKING.label)])
    workbook.save(path)


def admin_user() -> tuple[User, bool]:
    user = (User.objects.filter(is_superuser=True).first()
            or User.objects.filter(role_assignments__role=Role.ADMIN).first())
    if user is not None:
        return user, False
    return User.objects.create(username=f"bench-{secrets.token_hex(4)}", is_superuser=True), True


def main() -> int:
    unit_codes = list(Unit.objects.filter(valid_to__isnull=True).order_by("pk").values_list("code", flat=True))
    if not unit_codes:
        log("Chưa có đơn vị nào: hãy nạp dữ liệu trình diễn trước (THIDUA_DEMO=1 thidua demo).")
        return 2
    actor, temporary = admin_user()
    prefix = "BENCH-" + secrets.token_hex(3).upper()
    last_activity = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    people_before = Person.objects.count()
    floor = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ca-nhan-50000.xlsx"
        started = time.perf_counter()
        write_file(path, unit_codes, prefix)
        log(f"Tạo tệp {n(COUNT)} dòng cho {len(unit_codes)} đơn vị: {time.perf_counter() - started:.1f} s; "
            f"{path.stat().st_size / 1024 / 1024:.1f} MB")
        try:
            started = time.perf_counter()
            result = importers.read(importers.PEOPLE, path, actor, path.name)
            checked = time.perf_counter()
            if result.errors:
                for error in result.errors[:5]:
                    log(f"  lỗi dòng {error.line}, {error.column}: {error.reason}")
                log(f"Tệp có {len(result.errors)} lỗi: không nhập.")
                elapsed = float("inf")
            else:
                written = importers.apply(result, actor)
                elapsed = time.perf_counter() - started
                log(f"Đọc và kiểm tra: {checked - started:.1f} s; ghi {n(written)} dòng: "
                    f"{elapsed - (checked - started):.1f} s")
                assert Person.objects.count() == people_before + COUNT
                # The floor: the same file read by openpyxl alone, the same rows written to a bare table.
                read_floor, rows = k.read_excel_seconds(path)
                write_floor = k.write_floor_seconds([(Person._meta.db_table, k.columns_of(Person, exclude=["id"]),
                                                      "staff_code LIKE %s", [prefix + "-%"])])
                floor = read_floor + write_floor
                log(f"Sàn: openpyxl đọc {n(rows)} dòng {read_floor:.2f} s; "
                    f"{'COPY' if k.db() == 'pg' else 'executemany'} {n(COUNT)} dòng {write_floor:.2f} s")
        finally:
            deleted, _ = Person.objects.filter(staff_code__startswith=prefix + "-").delete()
            # The benchmark's own log entry goes too (a queryset delete: the model refuses single deletes).
            Activity.objects.filter(pk__gt=last_activity, action=Activity.Action.IMPORT,
                                    summary__contains=path.name).delete()
            if temporary:
                actor.delete()
            log(f"Đã xóa {n(deleted)} bản ghi của lần đo.")
    name = k.name("import_people_50k", k.generated_scale())
    k.budget(name, elapsed, BUDGET_SECONDS, "s")
    if floor:
        k.floor(name, floor, elapsed, "s")
    return 0  # a missed budget is reported on the BUDGET line; a non-zero status means the benchmark crashed


if __name__ == "__main__":
    sys.exit(main())
