"""The national statistical forms (reports.domain.statforms) computed on the records already in the database —
run by bench/run.sh right after bench_awards.py loaded the registry (10.000.000 award records on PostgreSQL,
1.000.000 on SQLite):

    BUDGET statforms_national_<db>_<n> <ms>ms 2000ms   the whole set of forms for the whole country
    BUDGET statforms_province_<db>_<n> <ms>ms 300ms    the whole set for the province with the most units

each the median of a few runs, with its floor (the SQL the computation ran, replayed alone). The report year is
the one whose period (1/12 of the year before to 30/11) holds the latest decisions — with the generated registry,
a whole year's decisions; the set computed is the latest loaded one (Circular 02/2023/TT-BNV's forms 0601–0605),
whichever set governs that year. `<n>` is the registry's size ("10m").

    .venv/bin/python bench/bench_statforms.py          # on DATABASE_URL, else the SQLite database in THIDUA_VAR_DIR
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.db.models import Count, Max  # noqa: E402

from thidua.orgs.enums import OrganiserKind  # noqa: E402
from thidua.reports.domain.statforms import compute, sets  # noqa: E402

AwardRecord, Organiser, Unit = k.model("AwardRecord"), k.model("Organiser"), k.model("Unit")
NATIONAL_RUNS = int(os.environ.get("BENCH_STATFORMS_RUNS", "5"))
PROVINCE_RUNS = int(os.environ.get("BENCH_STATFORMS_PROVINCE_RUNS", "15"))


def vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def report_year() -> int | None:
    latest = AwardRecord.objects.aggregate(latest=Max("decision_date"))["latest"]
    if latest is None:
        return None
    return latest.year + 1 if (latest.month, latest.day) > (11, 30) else latest.year


def largest_province():
    """The province organiser whose province holds the most units (one grouped query over the units)."""
    by_area = dict(Unit.objects.filter(area__isnull=False).values_list("area").annotate(n=Count("id")).order_by())
    organisers = list(Organiser.objects.filter(kind=OrganiserKind.PROVINCE, area__isnull=False))
    return max(organisers, key=lambda o: by_area.get(o.area_id, 0), default=None)


def main() -> None:
    records = k.estimated_count(AwardRecord)
    scale = k.count_label(records)
    year = report_year()
    form_set = sets.reference_set(year) if year else None
    province = largest_province()
    if year is None or form_set is None or province is None:
        raise SystemExit("Không có dữ liệu để tính biểu thống kê: chạy `thidua gen-data` và bench_awards.py trước.")
    national = compute.Scope(None)
    own = compute.Scope(province)
    result = compute.compute(national, form_set, year)
    in_period = result.forms["0602"].value("01", "total") + result.forms["0603"].value("01", "total") or 0
    k.log(f"{k.db()}: khoảng {vi(records)} lượt khen thưởng; năm báo cáo {year} ({result.start:%d/%m/%Y}–"
          f"{result.cutoff:%d/%m/%Y}), bộ biểu {form_set.circular}; tỉnh lớn nhất: {province.name}; "
          f"toàn quốc biểu 0602+0603: {vi(in_period)} lượt")
    k.measure_call(k.name("statforms_national", scale), lambda: compute.compute(national, form_set, year), 2000,
                   runs=NATIONAL_RUNS, warmup=1)
    k.measure_call(k.name("statforms_province", scale), lambda: compute.compute(own, form_set, year), 300,
                   runs=PROVINCE_RUNS, warmup=2)


if __name__ == "__main__":
    main()
