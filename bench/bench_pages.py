"""Budgets: the cluster list with a filter and a search, and person search by accent-free name, each under
50 ms server time (median), each with its floor (the page's SQL replayed alone, bench/benchkit.py).

Run against a database filled by `thidua gen-data` (province scale on SQLite, national on PostgreSQL):
    DJANGO_SETTINGS_MODULE=thidua.settings .venv/bin/python bench/bench_pages.py
Requests go through Django's test client in this process (the whole middleware stack, the view, its queries
and the template), as a system administrator and, for person search, as a unit's emulation officer. Each
page is requested a few times to warm up, then RUNS times; the median is compared with the budget. Prints
`BUDGET <page>_<db>_<scale> <median>ms 50ms PASS|FAIL` and `FLOOR <same name> <SQL alone>ms ratio <x>
within|beyond` per page (scale: `province`, `national`, or BENCH_SCALE); details (p90, queries) on stderr."""

import datetime as dt
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

import benchkit as k  # noqa: E402
from django.test import Client  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402
from thidua.core.text import fold  # noqa: E402

BUDGET_MS = 50.0
CODE_PREFIX = "gen-"  # every code `thidua gen-data` writes starts with it
# A common full name: about 1 in 3.500 people at the generated distribution (Nguyễn, Thị, Thủy).
PERSON_QUERY = "nguyen thi thuy"
CLUSTER_QUERY = "noi chinh"


def user(username: str, superuser: bool) -> User:
    account, _created = User.objects.get_or_create(username=username, defaults={"full_name": username})
    account.is_superuser = account.is_staff = superuser
    account.set_unusable_password()
    account.save()
    return account


def main() -> None:
    Cluster, Person, Unit = k.model("Cluster"), k.model("Person"), k.model("Unit")
    scale = k.generated_scale()
    clusters = Cluster.objects.filter(code__startswith=CODE_PREFIX)
    cluster = clusters.filter(search_text__contains=fold(CLUSTER_QUERY)).select_related("area").order_by("pk").first()
    if cluster is None:
        raise SystemExit("Chưa có dữ liệu tổng hợp: chạy `thidua gen-data` trước.")
    year = dt.date.today().year
    k.log(f"{k.db()} ({scale}): {k.estimated_count(Person):,} people, {clusters.count():,} generated clusters; "
          f"{k.WARMUP} warm-up + {k.RUNS} measured requests per page")

    admin = Client()
    admin.force_login(user("bench-admin", superuser=True))
    url = f"/cum-khoi/?area={cluster.area_id}&q={CLUSTER_QUERY.replace(' ', '+')}&year={year}"
    k.measure_page(k.name("cluster_list_filter_search", scale), [(admin, url, cluster.name)], BUDGET_MS)

    matches = Person.objects.filter(search_text=PERSON_QUERY)
    expected = matches.order_by("sort_key").values_list("full_name", flat=True).first()
    if expected is None:
        raise SystemExit(f"Không có ai tên “{PERSON_QUERY}” trong dữ liệu.")
    url = f"/ca-nhan/?q={PERSON_QUERY.replace(' ', '+')}"
    k.measure_page(k.name("person_search", scale), [(admin, url, expected)], BUDGET_MS)

    # A unit's emulation officer sees only the people of their unit: search one of them by name.
    unit = Unit.objects.filter(code__startswith=CODE_PREFIX).order_by("pk").first()
    officer = user("bench-officer", superuser=False)
    RoleAssignment.objects.get_or_create(user=officer, role=Role.UNIT_OFFICER, unit=unit)
    colleague = unit.people.order_by("pk").first()
    client = Client()
    client.force_login(officer)
    url = f"/ca-nhan/?q={fold(colleague.full_name).replace(' ', '+')}"
    k.measure_page(k.name("person_search_officer", scale), [(client, url, colleague.full_name)], BUDGET_MS)


if __name__ == "__main__":
    main()
