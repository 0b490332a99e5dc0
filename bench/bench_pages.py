"""Budgets: the cluster list with a filter and a search, and person search by accent-free name, each under
50 ms server time (median).

Run against a database filled by `thidua gen-data` (province scale on SQLite, national on PostgreSQL):
    DJANGO_SETTINGS_MODULE=thidua.settings .venv/bin/python bench/bench_pages.py
Requests go through Django's test client in this process (the whole middleware stack, the view, its queries
and the template), as a system administrator and, for person search, as a unit's emulation officer. Each
page is requested a few times to warm up, then RUNS times; the median is compared with the budget. Prints one
line per budget, `BUDGET <name> <median>ms 50ms PASS|FAIL`; details (p90, queries) go to stderr."""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from thidua.accounts.models import Role, RoleAssignment, User  # noqa: E402
from thidua.clusters.domain.queries import current_year  # noqa: E402
from thidua.clusters.models import Cluster  # noqa: E402
from thidua.core.text import fold  # noqa: E402
from thidua.demo.gendata import CODE_PREFIX, number_vi  # noqa: E402
from thidua.orgs.models import Person, Unit  # noqa: E402

BUDGET_MS = 50.0
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
# A common full name: about 1 in 3.500 people at the generated distribution (Nguyễn, Thị, Thủy).
PERSON_QUERY = "nguyen thi thuy"
CLUSTER_QUERY = "noi chinh"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def user(username: str, superuser: bool) -> User:
    account, _created = User.objects.get_or_create(username=username, defaults={"full_name": username})
    account.is_superuser = account.is_staff = superuser
    account.set_unusable_password()
    account.save()
    return account


def measure(client: Client, url: str, expect: str) -> tuple[float, float, float, int]:
    """(median ms, p90 ms, median CPU ms of this process, queries) of RUNS requests after WARMUP."""
    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200 or expect not in response.content.decode():
            raise SystemExit(f"{url}: HTTP {response.status_code}, “{expect}” không có trong trang.")
    timings, cpu = [], []
    for _ in range(RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return (statistics.median(timings), timings[int(len(timings) * 0.9) - 1], statistics.median(cpu),
            len(queries.captured_queries))


def report(name: str, url: str, result: tuple[float, float, float, int]) -> None:
    median, p90, cpu, queries = result
    verdict = "PASS" if median < BUDGET_MS else "FAIL"
    # CPU time of this process (Django, and SQLite's own work) tells how much of the time other processes
    # on a busy machine took; PostgreSQL's work is in its own processes.
    log(f"  {name}: {url} — median {median:.1f} ms, p90 {p90:.1f} ms, CPU in this process {cpu:.1f} ms, "
        f"{queries} queries")
    print(f"BUDGET {name} {median:.1f}ms {BUDGET_MS:.0f}ms {verdict}", flush=True)


def main() -> None:
    suffix = "pg" if connection.vendor == "postgresql" else "sqlite"
    people = Person.objects.count()
    clusters = Cluster.objects.filter(code__startswith=CODE_PREFIX)
    cluster = clusters.filter(search_text__contains=fold(CLUSTER_QUERY)).select_related("area").order_by("pk").first()
    if cluster is None:
        raise SystemExit("Chưa có dữ liệu tổng hợp: chạy `thidua gen-data` trước.")
    year = current_year()
    log(f"{connection.vendor}: {number_vi(people)} people, {number_vi(clusters.count())} generated clusters; "
        f"{WARMUP} warm-up + {RUNS} measured requests per page")

    admin = Client()
    admin.force_login(user("bench-admin", superuser=True))
    url = f"/cum-khoi/?area={cluster.area_id}&q={CLUSTER_QUERY.replace(' ', '+')}&year={year}"
    report(f"cluster_list_filter_search_{suffix}", url, measure(admin, url, cluster.name))

    matches = Person.objects.filter(search_text=PERSON_QUERY)
    expected = matches.order_by("sort_key").values_list("full_name", flat=True).first()
    if expected is None:
        raise SystemExit(f"Không có ai tên “{PERSON_QUERY}” trong dữ liệu.")
    url = f"/ca-nhan/?q={PERSON_QUERY.replace(' ', '+')}"
    report(f"person_search_{suffix}", url, measure(admin, url, expected))

    # A unit's emulation officer sees only the people of their unit: search one of them by name.
    unit = Unit.objects.filter(code__startswith=CODE_PREFIX).order_by("pk").first()
    officer = user("bench-officer", superuser=False)
    RoleAssignment.objects.get_or_create(user=officer, role=Role.UNIT_OFFICER, unit=unit)
    colleague = unit.people.order_by("pk").first()
    client = Client()
    client.force_login(officer)
    url = f"/ca-nhan/?q={fold(colleague.full_name).replace(' ', '+')}"
    report(f"person_search_officer_{suffix}", url, measure(client, url, colleague.full_name))


if __name__ == "__main__":
    main()
