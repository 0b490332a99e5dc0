"""A person's record takes no impossible birth date, no duplicate staff code and no hidden direction characters
(issue 11 item 4): each refused in the form in Vietnamese, nothing written, what was typed kept."""

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.core.models import Activity
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

GOOD = {"full_name": "Hoàng Văn Thụ", "gender": "male", "birth_date": "05/06/1985", "rank": "", "staff_code": "",
        "position": "Cán bộ", "category": "leader", "status": "working"}


@pytest.fixture
def officer(s1, make_user, client):
    unit = s1["units"]["vks"]
    client.force_login(make_user("can-bo-vks", (Role.UNIT_OFFICER, unit)))
    taken = Person.objects.create(unit=unit, full_name="Lê Thị Mai", gender="female", staff_code="CB-0001")
    return unit, taken


@pytest.mark.parametrize("typed", ["01/01/0001", "31/12/1899", "01/01/2999"])
def test_a_birth_date_out_of_1900_to_today_is_refused(client, officer, typed):
    unit, _taken = officer
    people, logged = Person.objects.count(), Activity.objects.count()
    response = client.post(reverse("orgs:person_create", args=[unit.pk]), {**GOOD, "birth_date": typed})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"birth_date"}
    assert "Ngày sinh" in response.content.decode() and f'value="{typed}"' in response.content.decode()
    assert (Person.objects.count(), Activity.objects.count()) == (people, logged)


def test_a_duplicate_staff_code_is_a_form_error_on_create_and_edit(client, officer):
    unit, taken = officer
    people = Person.objects.count()
    response = client.post(reverse("orgs:person_create", args=[unit.pk]), {**GOOD, "staff_code": "CB-0001"})
    assert response.status_code == 200 and "CB-0001" in response.content.decode()
    assert "staff_code" in response.context["form"].errors
    assert Person.objects.count() == people
    other = Person.objects.create(unit=unit, full_name="Nông Văn Dền", gender="male", staff_code="CB-0002")
    page = client.get(reverse("orgs:person_edit", args=[other.pk])).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0] if 'name="version"' in page else ""
    response = client.post(reverse("orgs:person_edit", args=[other.pk]),
                           {**GOOD, "full_name": other.full_name, "staff_code": "CB-0001", "version": version})
    assert response.status_code == 200 and "staff_code" in response.context["form"].errors
    other.refresh_from_db()
    assert other.staff_code == "CB-0002"


def test_direction_overrides_and_controls_are_taken_out_of_a_name(client, officer):
    unit, _taken = officer
    response = client.post(reverse("orgs:person_create", args=[unit.pk]),
                           {**GOOD, "full_name": "Hoàng\u202e Văn\u200f Thụ\x07", "position": "Cán\u2066 bộ"})
    assert response.status_code == 302
    person = Person.objects.get(unit=unit, full_name="Hoàng Văn Thụ")
    assert person.position == "Cán bộ"

