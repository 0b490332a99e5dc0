"""The achievement year of a proposal, its only typed number, is read like every number: 2.023 is 2023; 2023,5
and 2023.5 are refused and nothing is saved."""

import html

import pytest
from django.urls import reverse

from tests.dossiers import test_views
from thidua.dossiers.models import Proposal

pytestmark = pytest.mark.django_db
world = test_views.world  # S1 with its organiser, a unit officer and the rest, a fixture here too


def test_the_achievement_year(client, world):
    client.force_login(world["officer"])
    data = {"sender": world["units"]["tand"].pk, "channel": "province", "recipient": world["organiser"].pk,
            "period": world["period"].pk, "title": "Đề nghị khen thưởng năm 2023", "number": "",
            "award_type": "merit"}
    url = reverse("dossiers:proposal_create")
    for typed, message in (("2023,5", "không phải là số nguyên"), ("2023.5", "không phải là số nguyên"),
                           ("1.003", "lớn hơn hoặc bằng 1945")):
        response = client.post(url, {**data, "year": typed})
        assert response.status_code == 200 and message in html.unescape(response.content.decode()), typed
    assert not Proposal.objects.exists()
    assert client.post(url, {**data, "year": "2.023"}).status_code == 302
    assert Proposal.objects.get().year == 2023
