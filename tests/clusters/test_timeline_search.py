"""The cluster's log searched with any text (issue 11 item 4): a NUL in the query made PostgreSQL refuse the query
and the page answer 500 (found by tests/test_fuzz_forms.py on PostgreSQL); the query is cleaned like a form's."""

import pytest
from django.urls import reverse

from thidua.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["A\x00B", "\u202eNội chính", "x" * 5000, "%_\\"])
def test_the_log_search_takes_any_text(client, s1, make_user, typed):
    client.force_login(make_user("so-noi-vu", (Role.ORGANISER_STAFF, s1["organiser"])))
    response = client.get(reverse("clusters:cluster_activity", args=[s1["cluster"].pk]), {"q": typed})
    assert response.status_code == 200
    assert "\x00" not in response.context["q"] and "\u202e" not in response.context["q"]
