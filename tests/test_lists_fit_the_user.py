"""Issue 12 item 5, lists that fit the user: one's own clusters, units and people first, then natural order
("số 2" before "số 10"); a total under every list; people filtered by unit; the registry's Excel with real
dates, a frozen header and sized columns."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.clusters.domain.periods import add_members, create_period
from thidua.core import tables as core_tables
from thidua.core import text
from thidua.demo import builders as b
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year


@pytest.fixture
def provinces():
    """Lạng Sơn's organiser with its own block (one member unit); another province with 25 clusters named
    "Cụm thi đua số 1" … "số 25", alphabetically before the block."""
    lang_son = b.organiser("ubnd-ls", "UBND tỉnh Lạng Sơn", "province", area_code="lang-son")
    other = b.organiser("ubnd-bn", "UBND tỉnh Bắc Ninh", "province", area_code="bac-ninh")
    block = b.cluster("khoi-nc-ls", "Khối thi đua Nội chính tỉnh Lạng Sơn", lang_son, kind="khoi", area_code="lang-son")
    mine = b.unit("u-ls-ca", "Công an tỉnh Lạng Sơn", area_code="lang-son")
    ours = b.unit("u-ls-tand", "Tòa án nhân dân tỉnh Lạng Sơn", area_code="lang-son")
    add_members(create_period(block, YEAR), [mine, ours])
    clusters = [b.cluster(f"cum-bn-{n}", f"Cụm thi đua số {n}", other, area_code="bac-ninh") for n in range(1, 26)]
    strangers = [b.unit(f"u-bn-{n}", f"Ban An {n}", area_code="bac-ninh") for n in range(1, 4)]
    return {"lang_son": lang_son, "block": block, "mine": mine, "ours": ours, "clusters": clusters,
            "strangers": strangers}


def names_listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [row.record for row in response.context["table"].paginated_rows], response.content.decode()


# ---- own first, natural order -------------------------------------------------------------------------------

def test_the_organiser_sees_her_own_block_first(client, make_user, provinces):
    client.force_login(make_user("ls-staff", (Role.ORGANISER_STAFF, provinces["lang_son"])))
    rows, _html = names_listed(client, reverse("clusters:cluster_list"))
    assert rows[0] == provinces["block"]
    # then the others in natural order: số 1, 2, 3 … 9, 10
    assert [c.name for c in rows[1:11]] == [f"Cụm thi đua số {n}" for n in range(1, 11)]


def test_a_member_units_officer_sees_its_cluster_first_and_others_in_natural_order(client, make_user, provinces):
    client.force_login(make_user("ca-officer", (Role.UNIT_OFFICER, provinces["mine"])))
    rows, _html = names_listed(client, reverse("clusters:cluster_list"))
    assert rows[0] == provinces["block"]
    client.force_login(make_user("no-one", (Role.UNIT_OFFICER, provinces["strangers"][0])))
    rows, _html = names_listed(client, reverse("clusters:cluster_list"))
    assert [c.name for c in rows] == [f"Cụm thi đua số {n}" for n in range(1, 26)]  # the block on page 2


def test_own_clusters_first_whatever_the_column_sorted(client, make_user, provinces):
    client.force_login(make_user("ls-staff", (Role.ORGANISER_STAFF, provinces["lang_son"])))
    rows, _html = names_listed(client, reverse("clusters:cluster_list"), sort="-name")
    assert rows[0] == provinces["block"] and rows[1].name == "Cụm thi đua số 25"


def test_the_unit_list_puts_the_users_units_first(client, make_user, provinces):
    client.force_login(make_user("tand-officer", (Role.UNIT_OFFICER, provinces["ours"])))
    rows, _html = names_listed(client, reverse("orgs:unit_list"))
    assert rows[0] == provinces["ours"]
    # the organiser's staff: the units its clusters reach, then the others
    client.force_login(make_user("ls-staff", (Role.ORGANISER_STAFF, provinces["lang_son"])))
    rows, _html = names_listed(client, reverse("orgs:unit_list"))
    assert set(rows[:2]) == {provinces["mine"], provinces["ours"]}
    assert [u.name for u in rows[2:5]] == ["Ban An 1", "Ban An 2", "Ban An 3"]


def test_the_people_list_puts_the_users_own_unit_first(client, make_user, provinces):
    """A unit officer who is also the organiser's staff sees the people of both units: its own unit's first."""
    early = b.person(provinces["mine"], "An Văn Bình", "male", "")
    own = b.person(provinces["ours"], "Vũ Thị Yến", "female", "")
    user = make_user("both", (Role.UNIT_OFFICER, provinces["ours"]), (Role.ORGANISER_STAFF, provinces["lang_son"]))
    client.force_login(user)
    rows, _html = names_listed(client, reverse("orgs:person_list"))
    assert rows == [own, early]


# ---- totals --------------------------------------------------------------------------------------------------

def test_every_list_tells_its_total(client, make_user, provinces):
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    _rows, html = names_listed(client, reverse("clusters:cluster_list"))
    assert "Tổng: 26 cụm, khối" in html
    rows, html = names_listed(client, reverse("clusters:cluster_list"), q="so 1")
    assert "Tổng: 12 cụm, khối" in html  # số 1, 10 … 19, 21
    # the whole number first, then those it begins, then "21"
    assert [c.name[len("Cụm thi đua số "):] for c in rows] == ["1", *(str(n) for n in range(10, 20)), "21"]
    units = b.unit("u-x", "Đơn vị X").__class__.objects.count()
    _rows, html = names_listed(client, reverse("orgs:unit_list"))
    assert f"Tổng: {units:,} đơn vị".replace(",", ".") in html
    _rows, html = names_listed(client, reverse("orgs:person_list"))
    assert "Tổng: 0 người" in html
    _rows, html = names_listed(client, reverse("awards:registry"))
    assert "Tổng: 0 lượt khen thưởng" in html
    # the htmx refresh of the table carries it too
    html = client.get(reverse("orgs:unit_list"), {"q": "ban an"}, headers={"HX-Request": "true"}).content.decode()
    assert "Tổng: 3 đơn vị" in html


def test_a_long_list_counts_up_to_a_cap(client, make_user, provinces, monkeypatch, django_assert_num_queries):
    import random

    Person.objects.bulk_create(b.people_rows(provinces["mine"], 40, random.Random(3)))
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    _rows, html = names_listed(client, reverse("orgs:person_list"))
    assert "Tổng: 40 người" in html  # 2 pages: counted (at most TOTAL_CAP + 1 rows read)
    _rows, html = names_listed(client, reverse("orgs:person_list"), page=2)
    assert "Tổng: 40 người" in html  # the last page tells it without counting
    monkeypatch.setattr(core_tables, "TOTAL_CAP", 30)
    _rows, html = names_listed(client, reverse("orgs:person_list"))
    assert "Tổng: hơn 30 người" in html


def test_the_total_adds_no_query_on_a_last_page(client, make_user, provinces):
    """A list on one page (counted already, or the lazy paginator's last page) asks nothing more for its total;
    a longer lazy list asks one bounded count."""
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))

    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("orgs:person_list"), params)
        return [q["sql"] for q in ctx.captured_queries if "orgs_person" in q["sql"]]

    Person.objects.bulk_create(b.people_rows(provinces["mine"], 10, random.Random(4)))
    assert len(queries()) == 1  # the page's rows only
    Person.objects.bulk_create(b.people_rows(provinces["ours"], 30, random.Random(5)))
    counted = queries()
    assert len(counted) == 2 and "COUNT" in counted[1].upper() and "LIMIT" in counted[1].upper()


# ---- people by unit -------------------------------------------------------------------------------------------

def test_people_filtered_by_unit_name(client, make_user, provinces):
    in_ca = b.person(provinces["mine"], "Hoàng Văn Công", "male", "")
    in_tand = b.person(provinces["ours"], "Lý Thị Tòa", "female", "")
    outsider = b.person(provinces["strangers"][0], "Phạm Văn Ngoài", "male", "")
    client.force_login(make_user("ls-staff", (Role.ORGANISER_STAFF, provinces["lang_son"])))
    rows, html = names_listed(client, reverse("orgs:person_list"), don_vi="toa an")
    assert rows == [in_tand] and 'name="don_vi"' in html
    rows, _html = names_listed(client, reverse("orgs:person_list"), don_vi="Công an Lạng Sơn")
    assert rows == [in_ca]
    # a unit outside the user's reach gives no one
    rows, _html = names_listed(client, reverse("orgs:person_list"), don_vi="ban an")
    assert rows == []
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    rows, _html = names_listed(client, reverse("orgs:person_list"), don_vi="ban an 1")
    assert rows == [outsider]


# ---- the registry's Excel ------------------------------------------------------------------------------------

def test_the_registry_excel_has_dates_a_frozen_header_and_sized_columns(client, make_user, provinces):
    award = Award.objects.get(code="ldtt")
    person = b.person(provinces["mine"], "Nguyễn Thị Thủy", "female", "Trưởng phòng")
    AwardRecord.objects.create(award=award, subject="individual", person=person, unit=person.unit,
                               recipient_name=person.full_name, year=2023, level=award.level,
                               decision_number="15/QĐ-CAT", decision_date=dt.date(2024, 1, 5), signed_by="Giám đốc",
                               search_text=text.fold(person.full_name))
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    response = client.get(reverse("awards:registry"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    date_cell = sheet.cell(row=2, column=headers.index("Ngày QĐ") + 1)
    assert date_cell.is_date and date_cell.value.date() == dt.date(2024, 1, 5)
    assert date_cell.number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2"
    widths = {header: sheet.column_dimensions[chr(ord("A") + i)].width for i, header in enumerate(headers)}
    assert widths["Ngày QĐ"] >= 12  # a date shows whole
    assert widths["Chức vụ ghi trong quyết định"] >= len("Chức vụ ghi trong quyết định")
    assert all(10 <= width <= 60 for width in widths.values())


def test_hand_made_lists_tell_their_total_too(client, make_user, provinces):
    from thidua.orgs.models import Organiser

    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    html = client.get(reverse("orgs:organiser_list")).content.decode()
    assert f"Tổng: {Organiser.objects.count()} cơ quan tổ chức" in html
    assert "Tổng: 0 hội đồng" in client.get(reverse("orgs:council_list")).content.decode()
    period = provinces["block"].periods.get()
    assert "Tổng: 0 phiên bỏ phiếu" in client.get(reverse("voting:session_list", args=[period.pk])).content.decode()


def test_the_unit_list_counts_past_the_peoples_cap(client, make_user, provinces, monkeypatch):
    """Units are thousands, not millions: their list is counted whole where people stop at TOTAL_CAP."""
    from thidua.orgs.interfaces.tables import UnitTable
    from thidua.orgs.models import Unit

    monkeypatch.setattr(core_tables, "TOTAL_CAP", 3)
    monkeypatch.setattr(UnitTable, "total_cap", None)
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    Unit.objects.bulk_create([Unit(code=f"u-many-{n}", name=f"Đơn vị nhiều {n}") for n in range(30)])
    assert "Tổng: hơn 3 đơn vị" in client.get(reverse("orgs:unit_list")).content.decode()
    monkeypatch.setattr(UnitTable, "total_cap", 100_000)
    from thidua.core.formatting import format_number

    assert f"Tổng: {format_number(Unit.objects.count())} đơn vị" in client.get(reverse("orgs:unit_list")).content.decode()
