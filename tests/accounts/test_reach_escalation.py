"""An organiser's staff reach the units of their clusters' years, and through them those units' accounts: they may
not widen that reach themselves — neither by putting another organiser's unit into a cluster of theirs (a cluster
without a province, or set to another one), nor by changing their organiser's province or sector."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.domain import scope
from thidua.accounts.models import Role, User
from thidua.clusters.models import Cluster
from thidua.demo import builders as b
from thidua.orgs.models import Area

pytestmark = pytest.mark.django_db


def _own_cluster_year(client, block, area=""):
    client.force_login(block["org_staff"])
    response = client.post(reverse("clusters:cluster_create"), {
        "name": "Khối tự lập", "short_name": "", "kind": "khoi", "organiser": block["org"].pk, "area": area,
        "regulation_doc": "", "description": ""})
    assert response.status_code == 302
    cluster = Cluster.objects.get(name="Khối tự lập")
    year = dt.date.today().year
    response = client.post(reverse("clusters:period_create", args=[cluster.pk]), {
        "year": year, "start_date": f"01/01/{year}", "end_date": f"31/12/{year}"})
    assert response.status_code == 302
    return cluster.periods.get()


@pytest.mark.parametrize("area", ["", "ha-noi"])
def test_another_organisers_unit_cannot_be_put_into_ones_own_cluster(client, block, make_user, area):
    officer_c = make_user("canbo.c", (Role.UNIT_OFFICER, block["c"]))
    far_unit = b.unit("hn-x", "Sở Xa Xôi", area_code="ha-noi")
    period = _own_cluster_year(client, block, Area.objects.get(code=area).pk if area else "")
    for unit in (block["c"], far_unit):
        client.post(reverse("clusters:period_add_member", args=[period.pk]), {"unit": unit.pk})  # refused
        assert not period.memberships.filter(unit=unit).exists()
    staff = User.objects.get(pk=block["org_staff"].pk)
    assert not scope.may_manage_account(staff, officer_c)
    response = client.post(f"{reverse('account_create')}?unit={block['c'].pk}", {
        "unit": block["c"].pk, "full_name": "Người ngoài", "username": "nguoingoai", "position": "", "email": "",
        "role": "unit_officer", "method": "sheet"})
    assert response.status_code in (200, 403)
    assert not User.objects.filter(username="nguoingoai").exists()


def test_a_unit_of_the_organisers_own_province_can_join(client, block):
    period = _own_cluster_year(client, block)
    response = client.post(reverse("clusters:period_add_member", args=[period.pk]), {"unit": block["a"].pk})
    assert response.status_code == 302
    assert period.memberships.filter(unit=block["a"]).exists()


def test_the_staff_do_not_change_their_organisers_province_or_sector(client, block):
    org = block["org"]
    client.force_login(block["org_staff"])
    page = client.get(reverse("orgs:organiser_edit", args=[org.pk])).content.decode()
    assert 'name="area"' not in page and 'name="sector"' not in page and 'name="kind"' not in page
    response = client.post(reverse("orgs:organiser_edit", args=[org.pk]), {
        "name": org.name, "short_name": "UBND", "doc_abbreviation": "", "council_name": "",
        "area": Area.objects.get(code="ha-noi").pk, "kind": "central"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.short_name, org.area.code, org.kind) == ("UBND", "lang-son", "province")
