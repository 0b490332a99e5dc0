"""No lost update (issue 11 item 3) on the edit pages that followed the first ones: a movement, a conference, a
council and its members' rows, an account's details. Two people open the same page; the first saves; the second's
save, made from the page loaded before, is refused with who changed what, what the second typed stays on the page,
and the first's values stay stored. Saved again from the refused page (which now carries the current version), it
goes through (core.versions)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.test_versions import assert_refused, loaded_version, page, two_clients
from tests.meetings.test_views import s1_conference
from thidua.accounts.models import Role, User
from thidua.awards.models import Award, AwardLocalName
from thidua.demo import builders as b
from thidua.meetings.models import Conference
from thidua.movements.domain import covenants
from thidua.movements.models import Covenant, Movement, Registration
from thidua.orgs.domain import councils
from thidua.orgs.enums import CouncilRole
from thidua.orgs.models import Council, CouncilMember

pytestmark = pytest.mark.django_db


# -- a movement ---------------------------------------------------------------------------------------------------

MOVEMENT = {"name": "Phong trào thi đua “Dân vận khéo” năm 2023", "motto": "Gần dân, hiểu dân",
            "kind": "thematic", "level": "province", "launched_by": "UBND tỉnh Lạng Sơn",
            "decision_ref": "Kế hoạch số 12/KH-UBND", "launched_on": "15/02/2023", "start_date": "01/03/2023",
            "end_date": "30/11/2023", "description": "Nội dung thử"}


@pytest.fixture
def movement(s1):
    period = s1["cluster"].periods.get(year=2023)
    data = {k: v for k, v in MOVEMENT.items() if k not in ("name", "launched_on", "start_date", "end_date")}
    made = covenants.create_movement([period], MOVEMENT["name"], launched_on=dt.date(2023, 2, 15),
                                     start_date=dt.date(2023, 3, 1), end_date=dt.date(2023, 11, 30), **data)
    return made, period


def test_a_movement_edited_by_two_people(s1, make_user, movement):
    movement, period = movement
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("movements:movement_edit", args=[movement.pk])
    data = {**MOVEMENT, "periods": [period.pk]}
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {**data, "motto": "Gần dân, hiểu dân, giúp dân", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "launched_by": "Ban Dân vận Tỉnh ủy", "version": version_b})
    assert_refused(refused, "Phương châm, khẩu hiệu: Gần dân, hiểu dân → Gần dân, hiểu dân, giúp dân",
                   'value="Ban Dân vận Tỉnh ủy"')
    stored = Movement.objects.get(pk=movement.pk)
    assert (stored.motto, stored.launched_by) == ("Gần dân, hiểu dân, giúp dân", "UBND tỉnh Lạng Sơn")
    again = b.post(url, {**data, "motto": "Gần dân, hiểu dân, giúp dân", "launched_by": "Ban Dân vận Tỉnh ủy",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.motto, stored.launched_by) == ("Gần dân, hiểu dân, giúp dân", "Ban Dân vận Tỉnh ủy")


def test_a_movement_whose_years_changed_refuses_the_older_page(s1, make_user, movement):
    movement, period = movement
    p2024 = s1["cluster"].periods.get(year=2024)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("movements:movement_edit", args=[movement.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**MOVEMENT, "periods": [period.pk, p2024.pk], "version": version_a}).status_code == 302
    refused = b.post(url, {**MOVEMENT, "periods": [period.pk], "description": "B", "version": version_b})
    assert_refused(refused, "Các năm thi đua tham gia")
    assert set(Movement.objects.get(pk=movement.pk).periods.values_list("pk", flat=True)) == {period.pk, p2024.pk}


def test_the_movement_log_now_names_the_old_value(s1, make_user, movement):
    """The edit page's log entry says old → new (it used to read the old values from the form's instance, which
    the form had already changed, and logged no field)."""
    movement, period = movement
    editor = make_user("nguoi-sua-truoc", (Role.ORGANISER_STAFF, s1["organiser"]))
    client = Client()
    client.force_login(editor)
    url = reverse("movements:movement_edit", args=[movement.pk])
    client.post(url, {**MOVEMENT, "periods": [period.pk], "name": "Phong trào mới", "version":
                      loaded_version(client.get(url))})
    from thidua.core.models import Activity

    entry = Activity.objects.filter(scope=s1["cluster"].scope, action=Activity.Action.UPDATE).latest("id")
    assert {"field": "tên phong trào", "old": MOVEMENT["name"], "new": "Phong trào mới"} in [
        {**c, "field": c["field"].lower()} for c in entry.changes]


# -- a covenant's draft, a member's registration -------------------------------------------------------------------

def items(*texts) -> dict:
    data = {"items-TOTAL_FORMS": str(len(texts)), "items-INITIAL_FORMS": "0"}
    data.update({f"items-{i}-text": text for i, text in enumerate(texts)})
    return data


def test_a_covenant_draft_edited_by_two_people(s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("movements:covenant", args=[period.pk])
    draft = {"title": "Giao ước thi đua năm 2023", "preamble": "", "place": "Lạng Sơn"}
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))  # before the first draft
    assert a.post(url, {**draft, **items("Nội dung một"), "version": version_a}).status_code == 302
    refused = b.post(url, {**draft, **items("Nội dung của B"), "version": version_b})
    assert_refused(refused, "Soạn giao ước thi đua năm 2023", "Nội dung của B")
    covenant = Covenant.objects.get(period=period)
    assert [i.text for i in covenant.items.all()] == ["Nội dung một"]
    # both now edit the draft A wrote
    version_a, version_b = loaded_version(a.get(url)), loaded_version(refused)
    assert a.post(url, {**draft, "place": "Hội trường TAND tỉnh", **items("Nội dung một", "Nội dung hai"),
                        "version": version_a}).status_code == 302
    refused = b.post(url, {**draft, **items("Nội dung của B"), "version": version_b})
    assert_refused(refused, "Địa điểm ký: Lạng Sơn → Hội trường TAND tỉnh",
                   "Nội dung giao ước: Nội dung một → Nội dung một | Nội dung hai", "Nội dung của B")
    assert [i.text for i in covenant.items.all()] == ["Nội dung một", "Nội dung hai"]
    again = b.post(url, {**draft, **items("Nội dung một", "Nội dung của B"), "version": loaded_version(refused)})
    assert again.status_code == 302
    assert [i.text for i in covenant.items.all()] == ["Nội dung một", "Nội dung của B"]


def target(name, value) -> dict:
    return {"name": name, "kind": "quantitative", "unit_of_measure": "%", "target_value": value}


def test_a_registration_edited_by_two_officers_of_the_unit(s1, make_user):
    period = s1["cluster"].periods.get(year=2023)
    unit = s1["units"]["ca"]
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, unit))
    url = reverse("movements:registration", args=[period.pk, unit.pk])
    rows = lambda *targets: {"targets-TOTAL_FORMS": str(len(targets)), "targets-INITIAL_FORMS": "0",  # noqa: E731
                             **{f"targets-{i}-{k}": v for i, t in enumerate(targets) for k, v in t.items()}}
    first = {"aimed_titles": "Cờ thi đua của UBND tỉnh", "note": "", **rows(target("Tỷ lệ khám phá án", "90"))}
    a.post(url, first)  # the registration both open
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**first, **rows(target("Tỷ lệ khám phá án", "92,5")), "version": version_a}).status_code == 302
    refused = b.post(url, {**first, "note": "Ghi chú của B", "version": version_b})
    assert_refused(refused, "Chỉ tiêu đăng ký: Tỷ lệ khám phá án: 90 % → Tỷ lệ khám phá án: 92,5 %", "Ghi chú của B")
    registration = Registration.objects.get(period=period, unit=unit)
    assert registration.note == "" and [t.target_value for t in registration.targets.all()] == [Decimal("92.5")]
    again = b.post(url, {**first, **rows(target("Tỷ lệ khám phá án", "92,5")), "note": "Ghi chú của B",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    registration.refresh_from_db()
    assert registration.note == "Ghi chú của B"


# -- a conference -------------------------------------------------------------------------------------------------

def test_a_conference_edited_by_two_people(s1, make_user):
    units = s1["units"]
    period = s1["cluster"].periods.get(year=2023)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    data = s1_conference(units)
    assert a.post(reverse("meetings:conference_create", args=[period.pk]), data).status_code == 302
    conference = Conference.objects.get()
    url = reverse("meetings:conference_edit", args=[conference.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {**data, "place": "Hội trường UBND tỉnh", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "ends_at": "17 giờ 15 phút", "version": version_b})
    assert_refused(refused, "Tòa án nhân dân tỉnh Lạng Sơn → Hội trường UBND tỉnh", 'value="17 giờ 15 phút"')
    conference.refresh_from_db()
    assert (conference.place, conference.ends_at) == ("Hội trường UBND tỉnh", "")
    again = b.post(url, {**data, "place": "Hội trường UBND tỉnh", "ends_at": "17 giờ 15 phút",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    conference.refresh_from_db()
    assert (conference.place, conference.ends_at) == ("Hội trường UBND tỉnh", "17 giờ 15 phút")


def test_a_conference_whose_lists_changed_refuses_the_older_page(s1, make_user):
    """The lists the page replaces (chairs, guests, decisions) are part of its version."""
    units = s1["units"]
    period = s1["cluster"].periods.get(year=2023)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    data = s1_conference(units)
    a.post(reverse("meetings:conference_create", args=[period.pk]), data)
    conference = Conference.objects.get()
    url = reverse("meetings:conference_edit", args=[conference.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    with_guest = {**data, "guests-TOTAL_FORMS": "2", "guests-1-name": "Nguyễn Văn A",
                  "guests-1-title": "Phó Giám đốc", "guests-1-organisation": "Sở Nội vụ tỉnh Lạng Sơn"}
    assert a.post(url, {**with_guest, "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "agenda": "Chương trình của B", "version": version_b})
    assert_refused(refused, "Số khách mời: 1 → 2", "Chương trình của B")
    assert conference.guests.count() == 2 and Conference.objects.get().agenda == ""


# -- a council and its members' rows ----------------------------------------------------------------------------

@pytest.fixture
def council(make_user):
    organiser = b.organiser("ubnd-thu-nghiem", "UBND tỉnh Thử Nghiệm", "province")
    council = councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm",
                                      "Quyết định số 1/QĐ-UBND")
    member = councils.add_member(council, name="Nguyễn Văn Chủ Tịch", role=CouncilRole.CHAIR,
                                 valid_from=dt.date(2024, 1, 2), position="Chủ tịch UBND tỉnh")
    return council, member, organiser


def test_a_council_edited_by_two_people(make_user, council):
    council, _member, organiser = council
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, organiser))
    url = reverse("orgs:council_edit", args=[council.pk])
    data = {"name": council.name, "decision_ref": council.decision_ref}
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "decision_ref": "Quyết định số 7/QĐ-UBND", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "name": "Hội đồng TĐKT tỉnh Thử Nghiệm (B)", "version": version_b})
    assert_refused(refused, "Quyết định số 1/QĐ-UBND → Quyết định số 7/QĐ-UBND",
                   'value="Hội đồng TĐKT tỉnh Thử Nghiệm (B)"')
    stored = Council.objects.get(pk=council.pk)
    assert (stored.name, stored.decision_ref) == (council.name, "Quyết định số 7/QĐ-UBND")
    again = b.post(url, {"name": "Hội đồng TĐKT tỉnh Thử Nghiệm (B)", "decision_ref": "Quyết định số 7/QĐ-UBND",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.name, stored.decision_ref) == ("Hội đồng TĐKT tỉnh Thử Nghiệm (B)", "Quyết định số 7/QĐ-UBND")


def test_a_member_ended_by_two_people(make_user, council):
    council, member, organiser = council
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, organiser))
    url = reverse("orgs:council_member_end", args=[council.pk, member.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {"valid_to": "31/12/2024", "version": version_a}).status_code == 302
    refused = b.post(url, {"valid_to": "15/03/2025", "version": version_b})
    assert refused.status_code == 400  # the page's way with a refused form
    text = page(refused)
    assert "Kiểm tra lại rồi lưu" in text and "nguoi-sua-truoc" in text and "31/12/2024" in text
    assert 'value="15/03/2025"' in text
    assert CouncilMember.objects.get(pk=member.pk).valid_to == dt.date(2024, 12, 31)
    # sent again from the refused page: the row has a last day already, said in words, nothing changed
    current = re.search(r'name="version" value="([^"]*)"', text).group(1)
    again = b.post(url, {"valid_to": "15/03/2025", "version": current})
    assert again.status_code == 400 and "đã thôi là thành viên hội đồng" in page(again)
    assert CouncilMember.objects.get(pk=member.pk).valid_to == dt.date(2024, 12, 31)


def test_a_member_deleted_from_a_page_loaded_before_a_change(make_user, council):
    council, member, organiser = council
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, organiser))
    end = reverse("orgs:council_member_end", args=[council.pk, member.pk])
    delete = reverse("orgs:council_member_delete", args=[council.pk, member.pk])
    version_b = loaded_version(b.get(delete))
    assert a.post(end, {"valid_to": "31/12/2024", "version": loaded_version(a.get(end))}).status_code == 302
    refused = b.post(delete, {"version": version_b})
    assert_refused(refused, "31/12/2024")
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    assert b.post(delete, {"version": loaded_version(refused)}).status_code == 302  # confirmed again, knowingly
    assert not CouncilMember.objects.filter(pk=member.pk).exists()


# -- an account's details -----------------------------------------------------------------------------------------

def test_an_account_edited_by_two_people(s1, make_user):
    unit = s1["units"]["ca"]
    target = make_user("can-bo-ca", (Role.UNIT_OFFICER, unit))
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("account_edit", args=[target.pk])
    data = {"full_name": "Hoàng Văn Cán Bộ", "position": "Cán bộ thi đua", "email": ""}
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "email": "canbo@congan.langson.gov.vn", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "position": "Trưởng phòng (B gõ)", "version": version_b})
    assert_refused(refused, "canbo@congan.langson.gov.vn", 'value="Trưởng phòng (B gõ)"')
    stored = User.objects.get(pk=target.pk)
    assert (stored.position, stored.email) == ("Cán bộ thi đua", "canbo@congan.langson.gov.vn")
    again = b.post(url, {**data, "email": "canbo@congan.langson.gov.vn", "position": "Trưởng phòng (B gõ)",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert stored.position == "Trưởng phòng (B gõ)"


def test_an_account_saved_with_its_current_version_or_without_one(s1, make_user):
    """A save with the current version goes through; one without a version is not checked."""
    unit = s1["units"]["ca"]
    target = make_user("can-bo-ca", (Role.UNIT_OFFICER, unit))
    a, _b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("account_edit", args=[target.pk])
    data = {"full_name": "Hoàng Văn Cán Bộ", "position": "1"}
    assert a.post(url, {**data, "version": loaded_version(a.get(url))}).status_code == 302
    assert a.post(url, {**data, "position": "2", "version": loaded_version(a.get(url))}).status_code == 302
    assert a.post(url, {**data, "position": "3"}).status_code == 302
    assert User.objects.get(pk=target.pk).position == "3"


# -- a province's name for an award (a law table, core.dated's own version) -----------------------------------------

def test_an_award_name_edited_by_two_of_the_provinces_staff(s1, make_user):
    flag = Award.objects.get(code="co-tinh")
    row = AwardLocalName.objects.create(organiser=s1["organiser"], award=flag, name="Cờ thi đua của UBND tỉnh",
                                        valid_from=dt.date(2024, 1, 1), decision_ref="Quyết định 1/2024/QĐ-UBND")
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("law:local_names_edit", args=[row.pk])
    data = {"organiser": s1["organiser"].pk, "award": flag.pk, "name": row.name, "valid_from": "01/01/2024",
            "decision_ref": row.decision_ref}
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert a.post(url, {**data, "name": "Cờ thi đua của Ủy ban nhân dân tỉnh", "version": version_a}).status_code == 302
    refused = b.post(url, {**data, "decision_ref": "Quyết định 1/2024/QĐ-UBND, Điều 5", "version": version_b})
    assert_refused(refused, "Cờ thi đua của UBND tỉnh → Cờ thi đua của Ủy ban nhân dân tỉnh",
                   'value="Quyết định 1/2024/QĐ-UBND, Điều 5"')
    row.refresh_from_db()
    assert (row.name, row.decision_ref) == ("Cờ thi đua của Ủy ban nhân dân tỉnh", "Quyết định 1/2024/QĐ-UBND")
    again = b.post(url, {**data, "name": "Cờ thi đua của Ủy ban nhân dân tỉnh",
                         "decision_ref": "Quyết định 1/2024/QĐ-UBND, Điều 5", "version": loaded_version(refused)})
    assert again.status_code == 302
    row.refresh_from_db()
    assert (row.name, row.decision_ref) == ("Cờ thi đua của Ủy ban nhân dân tỉnh", "Quyết định 1/2024/QĐ-UBND, Điều 5")
