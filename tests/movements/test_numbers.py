"""A registered target typed the Vietnamese way: 1.003 is one thousand and three, 1,5 one and a half; 1.5 is
refused with a message saying to write 1,5, and nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.movements.models import Registration
from thidua.movements.models import RegistrationTarget as Target

pytestmark = pytest.mark.django_db


def rows(value: str) -> dict:
    return {"aimed_titles": "Tập thể lao động xuất sắc", "targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0",
            "targets-0-name": "Số vụ án giải quyết", "targets-0-kind": "quantitative",
            "targets-0-unit_of_measure": "vụ", "targets-0-target_value": value}


@pytest.fixture
def registration_url(client, s1, make_user):
    period = s1["cluster"].periods.get(year=2023)  # set-up phase: registration open
    client.force_login(make_user("ca", (Role.UNIT_OFFICER, s1["units"]["ca"])))
    return reverse("movements:registration", args=[period.pk, s1["units"]["ca"].pk])


@pytest.mark.parametrize(("typed", "stored", "shown"), [
    ("1.003", Decimal(1003), "1.003"),
    ("1,5", Decimal("1.5"), "1,5"),
    ("1.003,5", Decimal("1003.5"), "1.003,5"),
    ("12\u00a0345", Decimal(12345), "12.345"),
])
def test_a_target_is_stored_as_read(client, registration_url, typed, stored, shown):
    assert client.post(registration_url, rows(typed)).status_code == 302
    assert Target.objects.get().target_value == stored
    assert f'value="{shown}"' in client.get(registration_url).content.decode()  # written back the Vietnamese way


def test_a_decimal_point_is_refused_and_nothing_saved(client, registration_url):
    response = client.post(registration_url, rows("1.5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "viết phần thập phân sau dấu phẩy, ví dụ 1,5 (không viết 1.5)" in page
    assert 'value="1.5"' in page  # what was typed stays in its box
    assert not Registration.objects.exists() and not Target.objects.exists()
