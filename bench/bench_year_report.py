"""Budget of a cluster year's year-end report (báo cáo tổng kết, issue 13): the document made from the records,
.docx and PDF, on the database already loaded (after bench_awards.py filled the award registry: 10.000.000
records on PostgreSQL, the national data set). The cluster year measured is the one with the most award records
among the latest year's; its figures, ranking, nominations, conferences and next year's head are read as the
view reads them (reports.documents.year_report_*_bytes: gather, then render).

    BUDGET year_report_docx_<db>_<n> <ms>ms 1000ms     the .docx (docxtpl), median
    BUDGET year_report_pdf_<db>_<n> <ms>ms 1000ms      the PDF (WeasyPrint), median

<n> is the number of award records (bench/benchkit.count_label: 10m); beside each, its floor: the SQL the
document ran, replayed alone.

    .venv/bin/python bench/bench_year_report.py             # the database of DATABASE_URL (else THIDUA_VAR_DIR's)

Figures go to stdout, details to stderr."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import translation  # noqa: E402

from thidua.core.documents import DOCUMENT_LANGUAGE  # noqa: E402
from thidua.reports.documents import year_report_docx_bytes, year_report_pdf_bytes  # noqa: E402
from thidua.reports.domain.figures import cluster_year_figures  # noqa: E402

AwardRecord, EmulationPeriod = k.model("AwardRecord"), k.model("EmulationPeriod")
BUDGET_MS = 1000
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "10"))


def vi(number) -> str:
    return f"{number:,}".replace(",", ".")


def busiest_period():
    """The cluster year with the most award records among the latest year's (one aggregate query)."""
    year = AwardRecord.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise SystemExit("Sổ khen thưởng chưa có lượt nào: chạy bench/bench_awards.py trước.")
    row = (AwardRecord.objects.filter(year=year, unit__memberships__period__year=year)
           .values("unit__memberships__period").annotate(n=Count("id")).order_by("-n").first())
    if row is None:
        raise SystemExit(f"Không có năm thi đua {year} nào có lượt khen thưởng của đơn vị thành viên.")
    return EmulationPeriod.objects.select_related("cluster").get(pk=row["unit__memberships__period"]), row["n"]


def main() -> None:
    records = k.estimated_count(AwardRecord)
    scale = k.count_label(records)
    period, count = busiest_period()
    figures = cluster_year_figures(period)
    k.log(f"year_report: khoảng {vi(records)} lượt khen thưởng ({scale}); {period.cluster.name} năm {period.year}, "
          f"{period.memberships.count()} đơn vị, {vi(count)} lượt ({vi(figures.collective_total)} tập thể, "
          f"{vi(figures.individual_total)} cá nhân)")
    with translation.override(DOCUMENT_LANGUAGE):
        _name, content = year_report_docx_bytes(period)
        k.log(f"  .docx {vi(len(content))} byte")
        k.measure_call(k.name("year_report_docx", scale), lambda: year_report_docx_bytes(period), BUDGET_MS,
                       warmup=2)
        _name, content = year_report_pdf_bytes(period)
        k.log(f"  PDF {vi(len(content))} byte")
        k.measure_call(k.name("year_report_pdf", scale), lambda: year_report_pdf_bytes(period), BUDGET_MS,
                       runs=PDF_RUNS, warmup=1)


if __name__ == "__main__":
    main()
