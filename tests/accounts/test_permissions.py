"""Every protected view refuses the wrong user, and changes nothing when it does."""

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.models import EmulationPeriod
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(s1, s2, make_user):
    units = s1["units"]
    return {
        **s1,
        "officer_ca": make_user("ca", (Role.UNIT_OFFICER, units["ca"])),
        "officer_vks": make_user("vks", (Role.UNIT_OFFICER, units["vks"])),
        "leader_ca": make_user("ld", (Role.LEADER, units["ca"])),
        "head_thads": make_user("thads", (Role.HEAD_STAFF, units["thads"])),
        "organiser_ls": make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])),
        "organiser_tw": make_user("tw", (Role.ORGANISER_STAFF, s2["organiser"])),
        "nobody": make_user("nobody"),
        "p2023": s1["cluster"].periods.get(year=2023),
        "p2024": s1["cluster"].periods.get(year=2024),
        "person_ca": Person.objects.filter(unit=units["ca"]).first(),
    }


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_anonymous_users_are_sent_to_log_in(client, world):
    for url in ["/", "/cum-khoi/", "/don-vi/", "/ca-nhan/", world["cluster"].get_absolute_url(),
                world["units"]["ca"].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_unit_edit_page_only_for_its_officers_and_organiser(client, world):
    url = reverse("orgs:unit_edit", args=[world["units"]["ca"].pk])
    assert status(client, world["officer_ca"], url) == 200
    assert status(client, world["organiser_ls"], url) == 200
    for user in ("officer_vks", "leader_ca", "organiser_tw", "nobody"):
        assert status(client, world[user], url) == 403, user
    name = world["units"]["ca"].name
    assert status(client, world["officer_vks"], url, "post", {"name": "Đổi tên trái phép"}) == 403
    world["units"]["ca"].refresh_from_db()
    assert world["units"]["ca"].name == name


def test_people_of_a_unit_are_private_to_it(client, world):
    person = world["person_ca"]
    detail, edit = reverse("orgs:person_detail", args=[person.pk]), reverse("orgs:person_edit", args=[person.pk])
    assert status(client, world["officer_ca"], detail) == 200
    assert status(client, world["leader_ca"], detail) == 200
    assert status(client, world["organiser_ls"], detail) == 200
    for user in ("officer_vks", "organiser_tw", "nobody"):
        assert status(client, world[user], detail) == 403, user
    assert status(client, world["officer_ca"], edit) == 200
    for user in ("leader_ca", "officer_vks", "organiser_tw", "nobody"):
        assert status(client, world[user], edit) == 403, user
    old = person.full_name
    assert status(client, world["officer_vks"], edit, "post", {"full_name": "X"}) == 403
    person.refresh_from_db()
    assert person.full_name == old


def test_person_list_shows_only_visible_people(client, world):
    client.force_login(world["officer_vks"])
    response = client.get("/ca-nhan/", {"unit": world["units"]["ca"].pk})
    assert response.status_code == 200
    assert list(response.context["table"].data) == []  # the other unit's people are not listed
    response = client.get("/ca-nhan/")
    rows = list(response.context["table"].data)
    assert rows and {r.unit_id for r in rows} == {world["units"]["vks"].pk}


def test_cluster_edit_and_new_period_only_for_the_organiser(client, world):
    for name in ("clusters:cluster_edit", "clusters:period_create"):
        url = reverse(name, args=[world["cluster"].pk])
        assert status(client, world["organiser_ls"], url) == 200
        for user in ("officer_ca", "head_thads", "organiser_tw", "nobody"):
            assert status(client, world[user], url) == 403, (name, user)
    assert status(client, world["officer_ca"], reverse("clusters:period_create", args=[world["cluster"].pk]),
                  "post", {"year": 2030, "start_date": "01/01/2030", "end_date": "31/12/2030"}) == 403
    assert not EmulationPeriod.objects.filter(year=2030).exists()


def test_head_unit_staff_manage_only_the_period_their_unit_heads(client, world):
    url_2024 = reverse("clusters:period_detail", args=[world["p2024"].pk])
    url_2023 = reverse("clusters:period_detail", args=[world["p2023"].pk])
    assert status(client, world["head_thads"], url_2024) == 200
    assert status(client, world["organiser_ls"], url_2024) == 200
    assert status(client, world["head_thads"], url_2023) == 403
    for user in ("officer_ca", "officer_vks", "organiser_tw", "nobody"):
        assert status(client, world[user], url_2024) == 403, user


def test_period_changes_are_refused_to_the_wrong_user(client, world):
    period, units = world["p2024"], world["units"]
    posts = [
        (reverse("clusters:period_remove_member", args=[period.pk, units["vks"].pk]), {}),
        (reverse("clusters:period_set_leader", args=[period.pk]),
         {"role": "deputy", "unit": units["ca"].pk, "method": "election"}),
        (reverse("clusters:period_transition", args=[period.pk]), {"phase": "registration"}),
        (reverse("clusters:period_add_member", args=[period.pk]), {"unit": units["snv"].pk}),
    ]
    for url, data in posts:
        for user in ("officer_ca", "organiser_tw", "nobody"):
            assert status(client, world[user], url, "post", data) == 403, (url, user)
    period.refresh_from_db()
    assert period.memberships.count() == 7 and period.phase == "setup"
    assert period.leadership_terms.get(role="deputy").unit == units["cscd2"]


def test_the_head_unit_can_run_its_period(client, world):
    period, units = world["p2024"], world["units"]
    client.force_login(world["head_thads"])
    client.post(reverse("clusters:period_add_member", args=[period.pk]), {"unit": units["snv"].pk})
    assert period.memberships.count() == 8
    client.post(reverse("clusters:period_transition", args=[period.pk]), {"phase": "registration"})
    period.refresh_from_db()
    assert period.phase == "registration"
