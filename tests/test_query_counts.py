"""Every list page makes the same number of queries for 1 item as for 3: no query per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.demo import builders as b
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year


def build(n: int, tag: str):
    """n clusters of one organiser, each with a period this year, 2 members, head and deputy; n people."""
    organiser = b.organiser(f"org-{tag}", f"UBND tỉnh {tag}", "province", area_code="lang-son")
    units = []
    for i in range(n):
        cluster = b.cluster(f"c-{tag}-{i}", f"Khối {tag} số {i}", organiser, area_code="lang-son")
        head = b.unit(f"u-{tag}-{i}-a", f"Đơn vị {tag} {i} A", area_code="lang-son", sector_code="toa-an")
        deputy = b.unit(f"u-{tag}-{i}-b", f"Đơn vị {tag} {i} B", area_code="lang-son", sector_code="toa-an")
        period = create_period(cluster, YEAR)
        add_members(period, [head, deputy])
        set_leader(period, "head", head)
        set_leader(period, "deputy", deputy)
        create_period(cluster, YEAR - 1, copy_members_from=period)
        units += [head, deputy]
    Person.objects.bulk_create(b.people_rows(units[0], n, __import__("random").Random(1)))
    return organiser, units


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [
    "/", "/cum-khoi/", "/cum-khoi/?q=khoi", f"/cum-khoi/?year={YEAR}", "/cum-khoi/?export=xlsx",
    "/don-vi/", "/don-vi/?q=don+vi", "/don-vi/?export=xlsx", "/ca-nhan/", "/ca-nhan/?export=xlsx",
])
def test_list_pages_do_not_query_per_row(client, make_user, url):
    counts = []
    for n, tag in ((1, "mot"), (3, "ba")):
        organiser, units = build(n, tag)
        user = make_user(f"user-{tag}", (Role.ORGANISER_STAFF, organiser), (Role.UNIT_OFFICER, units[0]))
        client.force_login(user)
        counts.append(count(client, url.replace("q=khoi", f"q={tag}")))
        # the second round sees the first round's rows too; what matters is that the count does not grow
    assert counts[0] == counts[1], counts


def test_detail_pages_do_not_query_per_member(client, make_user):
    counts = []
    for n, tag in ((1, "mot"), (3, "ba")):
        organiser, units = build(1, tag)
        cluster = organiser.clusters.get()
        period = cluster.periods.get(year=YEAR)
        extra = [b.unit(f"x-{tag}-{i}", f"Thành viên {tag} {i}", area_code="lang-son") for i in range(n)]
        add_members(period, extra)
        user = make_user(f"user-{tag}", (Role.ORGANISER_STAFF, organiser))
        client.force_login(user)
        counts.append((count(client, cluster.get_absolute_url()), count(client, period.get_absolute_url()),
                       count(client, units[0].get_absolute_url())))
    assert counts[0] == counts[1], counts
