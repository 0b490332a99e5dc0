"""A list's address typed by hand takes any parameter without a 500 (issue 11 item 4). Found by probing every
page the fuzz test reaches with garbage in its usual parameters: ?page= with 30 nines made SQLite answer
"datatype mismatch" for the OFFSET of the lazily paginated lists, and ?unit= with 30 nines raised OverflowError
in the people, registry and consecutive-titles filters (Django number fields left as hidden record ids)."""

import pytest
from django.urls import reverse

from thidua.accounts.models import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def admin(client, s1, make_user):
    user = make_user("quan-tri", (Role.ADMIN, None))
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return s1


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1e309", "NaN", "abc", "0", "-1"])
def test_lists_take_any_page_and_unit(client, admin, value):
    s1 = admin
    unit = s1["units"]["ca"]
    period = s1["cluster"].periods.order_by("year").first()
    urls = [reverse("orgs:unit_list"), reverse("orgs:person_list"), reverse("awards:registry"),
            reverse("awards:unit_history", args=[unit.pk]), reverse("awards:consecutive"),
            reverse("reports:figures_drilldown", args=[period.pk])]
    for url in urls:
        for param in ("page", "unit"):
            response = client.get(url, {param: value})
            assert response.status_code < 500, (url, param)


def test_a_page_past_the_last_shows_the_first(client, admin):
    response = client.get(reverse("orgs:person_list"), {"page": HUGE})
    assert response.status_code == 200 and response.context["table"].page.number == 1
