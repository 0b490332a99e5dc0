"""A year typed on a form is read like every number (2.030 is 2030) and shown back without a thousands dot;
a year with decimals is refused and nothing is saved."""

import html

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.models import EmulationPeriod

pytestmark = pytest.mark.django_db


def test_a_new_cluster_year(client, s1, make_user):
    cluster = s1["cluster"]
    client.force_login(make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])))
    url = reverse("clusters:period_create", args=[cluster.pk])
    last = cluster.periods.order_by("-year").first().year
    form = client.get(url).content.decode()
    assert f'value="{last + 1}"' in form and 'inputmode="numeric"' in form  # 2025, not 2.025
    for typed in ("2030,5", "2030.5"):
        response = client.post(url, {"year": typed, "start_date": "01/01/2030", "end_date": "31/12/2030"})
        assert response.status_code == 200 and "không phải là số nguyên" in html.unescape(response.content.decode())
    assert not cluster.periods.filter(year__gt=last).exists()
    assert client.post(url, {"year": "2.030", "start_date": "01/01/2030", "end_date": "31/12/2030"}).status_code == 302
    assert EmulationPeriod.objects.filter(cluster=cluster, year=2030).exists()
