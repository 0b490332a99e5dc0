"""The registry pages: a person's and a unit's history, the registry with accent-free search and export, who
may see what, and the same number of queries for 1 record as for 3."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.core import text
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def give(person=None, unit=None, code="gk", year=2023, number="12/QĐ-TA", day=dt.date(2023, 12, 20), **extra):
    award = Award.objects.get(code=code)
    name = person.full_name if person else unit.name
    return AwardRecord.objects.create(
        award=award, subject="individual" if person else "collective", person=person,
        unit=person.unit if person else unit, recipient_name=name, year=year, level=award.level,
        decision_number=number, decision_date=day, signed_by="Chánh án TAND tỉnh", search_text=text.fold(name),
        **extra)


@pytest.fixture
def world(s1, make_user):
    units = s1["units"]
    huong = Person.objects.get(full_name="Chu Lệ Hường")
    return {
        "units": units, "huong": huong,
        "officer": make_user("tand", (Role.UNIT_OFFICER, units["tand"])),
        "stranger": make_user("vks", (Role.UNIT_OFFICER, units["vks"])),
        "outsider": make_user("snv", (Role.UNIT_OFFICER, units["snv"])),
        "staff": make_user("ubnd", (Role.ORGANISER_STAFF, s1["organiser"])),
    }


def test_person_history_shows_the_awards_as_decided(client, world):
    huong = world["huong"]
    give(huong, code="cstd-cs", year=2022, number="5/QĐ-TA", day=dt.date(2022, 12, 28), cash_amount=1_490_000)
    give(huong, code="bk-ttg", year=2024, number="1234/QĐ-TTg", day=dt.date(2025, 8, 1), cash_amount=8_190_000)
    give(unit=world["units"]["tand"], code="ttldxs")  # the unit's, not hers
    url = reverse("awards:person_history", args=[huong.pk])
    for who in ("officer", "staff"):
        client.force_login(world[who])
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert page.index("1234/QĐ-TTg") < page.index("5/QĐ-TA")  # newest first
        assert "Bằng khen của Thủ tướng Chính phủ" in page and "9.680.000 đồng" in page
        assert "Tập thể lao động xuất sắc" not in page
    sheet = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content)).active
    assert sheet.max_row == 3 and sheet["A2"].value == "Chu Lệ Hường"
    # a unit officer elsewhere may not see her; nor may anyone logged out
    client.force_login(world["stranger"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    # the person page links to the history
    client.force_login(world["officer"])
    assert url in client.get(huong.get_absolute_url()).content.decode()


def test_unit_history_is_open_to_logged_in_users(client, world):
    tand = world["units"]["tand"]
    give(unit=tand, code="ttldxs", number="77/QĐ-UBND")
    give(world["huong"], code="gk", number="78/QĐ-TA")
    url = reverse("awards:unit_history", args=[tand.pk])
    client.force_login(world["outsider"])
    page = client.get(url).content.decode()
    assert "77/QĐ-UBND" in page and "78/QĐ-TA" not in page and "unit-individual-awards" not in page
    client.force_login(world["officer"])
    page = client.get(url).content.decode()
    assert "Khen thưởng cá nhân của đơn vị (1 lượt)" in page
    assert url in client.get(tand.get_absolute_url()).content.decode()


def test_registry_finds_names_without_accents_and_hides_other_units_people(client, world):
    give(world["huong"], code="cstd-cs", number="5/QĐ-TA")
    vks_person = Person.objects.filter(unit=world["units"]["vks"]).first()
    give(vks_person, code="gk", number="9/QĐ-VKS")
    give(unit=world["units"]["vks"], code="ttldtt", number="10/QĐ-VKS")
    url = reverse("awards:registry")
    client.force_login(world["officer"])
    page = client.get(url, {"q": "chu le huong"}).content.decode()
    assert "Chu Lệ Hường" in page and "5/QĐ-TA" in page and "9/QĐ-VKS" not in page
    page = client.get(url).content.decode()
    assert "10/QĐ-VKS" in page  # collectives: everyone
    assert "9/QĐ-VKS" not in page  # another unit's people: not for this officer
    client.force_login(world["staff"])  # the organiser's staff see the member units' people
    page = client.get(url, {"award": Award.objects.get(code="gk").pk}).content.decode()
    assert "9/QĐ-VKS" in page and "5/QĐ-TA" not in page
    page = client.get(url, {"don_vi": "vien kiem sat"}).content.decode()
    assert "9/QĐ-VKS" in page and "10/QĐ-VKS" in page and "5/QĐ-TA" not in page
    page = client.get(url, {"year": 2022}).content.decode()
    assert "QĐ-" not in page.split('id="registry-table"')[1].split("</table>")[0]
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx", "level": "local"}).content)).active
    assert sheet["A1"].value == "Tên trong quyết định" and sheet.max_row == 4
    # an htmx refresh returns only the table
    partial = client.get(url, {"q": "chu"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "registry-table" in partial


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["registry", "registry_search", "registry_export", "person", "unit"])
def test_list_pages_do_not_query_per_record(client, world, page):
    huong, tand = world["huong"], world["units"]["tand"]
    client.force_login(world["staff"])
    urls = {"registry": reverse("awards:registry"), "registry_search": reverse("awards:registry") + "?q=huong",
            "registry_export": reverse("awards:registry") + "?export=xlsx",
            "person": reverse("awards:person_history", args=[huong.pk]),
            "unit": reverse("awards:unit_history", args=[tand.pk])}
    counts = []
    for n in (1, 3):
        AwardRecord.objects.all().delete()
        for i in range(n):
            give(huong, number=f"{i}/QĐ-TA")
            give(unit=tand, code="ttldtt", number=f"{i}/QĐ-UBND")
        counts.append(_count(client, urls[page]))
    assert counts[0] == counts[1], counts
