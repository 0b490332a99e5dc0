"""Budgets of the dashboards (issue 13: "a dashboard page ≤ 100 ms median"), on the database already loaded (after
bench_awards.py filled the award registry: 10.000.000 records on PostgreSQL, the national data set):

    BUDGET dashboard_cluster_<db>_<n> <ms>ms 100ms     a cluster's charts over its years (/cum-khoi/<pk>/bieu-do/)
    BUDGET dashboard_province_<db>_<n> <ms>ms 100ms    an organiser's clusters of a year (/co-quan-to-chuc/<pk>/tong-hop/)

each requested through Django's test client as the organiser's staff (the whole middleware stack, the view, its
queries and the template), the median of RUNS requests after a warm-up; beside each, its floor: the page's SQL
replayed alone (bench/benchkit.py). The cluster measured is the one whose members hold the most award records of
the latest year; the organiser, the one whose clusters' members do. <n> is the number of award records
(bench/benchkit.count_label: 10m).

    .venv/bin/python bench/bench_dashboards.py       # the database of DATABASE_URL (else THIDUA_VAR_DIR's)

Figures go to stdout, details to stderr."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402

AwardRecord, Cluster, Organiser = k.model("AwardRecord"), k.model("Cluster"), k.model("Organiser")
BUDGET_MS = 100


def vi(number) -> str:
    return f"{number:,}".replace(",", ".")


def busiest(year: int, by: str) -> tuple[int, int]:
    """The cluster (by="cluster") or organiser (by="cluster__organiser") whose members hold the most records of
    the year, and how many (one aggregate query)."""
    key = f"unit__memberships__period__{by}"
    row = (AwardRecord.objects.filter(year=year, unit__memberships__period__year=year)
           .values(key).annotate(n=Count("id")).order_by("-n").first())
    if row is None:
        raise SystemExit(f"Không có năm thi đua {year} nào có lượt khen thưởng của đơn vị thành viên.")
    return row[key], row["n"]


def staff_client(organiser) -> Client:
    account, _created = User.objects.get_or_create(username=f"bench-snv-{organiser.pk}",
                                                   defaults={"full_name": "Cán bộ Sở Nội vụ (đo)"})
    account.set_unusable_password()
    account.save()
    RoleAssignment.objects.get_or_create(user=account, role=Role.ORGANISER_STAFF, organiser=organiser)
    client = Client()
    client.force_login(account)
    return client


def main() -> None:
    records = k.estimated_count(AwardRecord)
    scale = k.count_label(records)
    year = AwardRecord.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise SystemExit("Sổ khen thưởng chưa có lượt nào: chạy bench/bench_awards.py trước.")
    cluster_id, in_cluster = busiest(year, "cluster")
    cluster = Cluster.objects.select_related("organiser").get(pk=cluster_id)
    organiser_id, in_province = busiest(year, "cluster__organiser")
    organiser = Organiser.objects.get(pk=organiser_id)
    k.log(f"dashboards: khoảng {vi(records)} lượt khen thưởng ({scale}); năm {year}: {cluster.name} "
          f"{vi(in_cluster)} lượt, {organiser.name} {vi(in_province)} lượt ({cluster.periods.count()} năm, "
          f"{organiser.clusters.count()} cụm, khối)")
    k.measure_page(k.name("dashboard_cluster", scale),
                   [(staff_client(cluster.organiser), f"/cum-khoi/{cluster.pk}/bieu-do/", "chart-awards")], BUDGET_MS)
    k.measure_page(k.name("dashboard_province", scale),
                   [(staff_client(organiser), f"/co-quan-to-chuc/{organiser.pk}/tong-hop/?nam={year}",
                     "table-clusters")], BUDGET_MS)


if __name__ == "__main__":
    main()
