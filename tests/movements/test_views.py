"""Movement, covenant and registration pages: who may see and do what, bad input in Vietnamese that saves
nothing and keeps what was typed, and S1's covenant and registrations replayed through the pages."""

import datetime as dt
import html
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import create_period
from thidua.demo import builders as b
from thidua.movements.domain import covenants
from thidua.movements.models import Covenant, CovenantSignature, Movement, Registration

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def period(s1):
    return s1["cluster"].periods.get(year=2023)  # set-up phase: registration open, no covenant yet


@pytest.fixture
def users(s1, make_user):
    other_organiser = b.organiser("ubnd-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng", "province",
                                  area_code="cao-bang")
    create_period(b.cluster("cb-noi-chinh", "Khối Nội chính tỉnh Cao Bằng", other_organiser, area_code="cao-bang"), 2023)
    units = s1["units"]
    return {
        "organiser": make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])),
        "head": make_user("tand", (Role.HEAD_STAFF, units["tand"])),
        "ca": make_user("ca", (Role.UNIT_OFFICER, units["ca"])),
        "vks": make_user("vks", (Role.UNIT_OFFICER, units["vks"])),
        "outsider": make_user("so-noi-vu", (Role.UNIT_OFFICER, units["snv"])),  # a unit that is not a member
        "other_organiser": make_user("cao-bang", (Role.ORGANISER_STAFF, other_organiser)),
        "nobody": make_user("khong-vai-tro"),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


# ---- movements ----------------------------------------------------------------------------------------------

MOVEMENT = {"name": "Phong trào thi đua “Dân vận khéo” năm 2023", "motto": "Gần dân, hiểu dân",
            "kind": "thematic", "level": "province", "launched_by": "UBND tỉnh Lạng Sơn",
            "decision_ref": "Kế hoạch số 12/KH-UBND", "launched_on": "15/02/2023", "start_date": "01/03/2023",
            "end_date": "30/11/2023", "description": "Nội dung thử"}


def test_movement_list_search_filters_and_excel(client, s1, users, period):
    covenants.create_movement([period], "Phong trào Dân vận khéo", kind="thematic", level="province")
    covenants.create_movement([s1["cluster"].periods.get(year=2024)], "Thi đua yêu nước năm 2024", level="cluster")
    Movement.objects.filter(name="Phong trào Dân vận khéo").update(launched_on=dt.date(2023, 2, 15))
    as_user(client, users["ca"])

    def names(**params):
        return [m.name for m in client.get(reverse("movements:movement_list"), params).context["table"].data]

    assert names() == ["Phong trào Dân vận khéo", "Thi đua yêu nước năm 2024"]
    assert names(q="dan van kheo") == ["Phong trào Dân vận khéo"]
    assert names(level="cluster") == ["Thi đua yêu nước năm 2024"]
    assert names(kind="thematic") == ["Phong trào Dân vận khéo"]
    assert names(year=2024) == ["Thi đua yêu nước năm 2024"]
    assert names(cluster=s1["cluster"].pk, year=2023) == ["Phong trào Dân vận khéo"]
    # the cluster typed by name (accent-free, every word), not picked among every cluster of the country
    assert names(cum="noi chinh", year=2023) == ["Phong trào Dân vận khéo"]
    assert names(cum="noi chinh") == ["Phong trào Dân vận khéo", "Thi đua yêu nước năm 2024"]
    assert names(cum="khong co cum nay") == []
    page = client.get(reverse("movements:movement_list")).content.decode()
    assert 'name="cum"' in page and '<select name="cluster"' not in page
    assert client.get(reverse("movements:movement_list"), {"year": "abc"}).status_code == 200
    response = client.get(reverse("movements:movement_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tên phong trào", "Phương châm, khẩu hiệu", "Hình thức", "Cấp phát động")
    assert "Sửa" not in rows[0] and "" not in rows[0]
    assert rows[1][0] == "Phong trào Dân vận khéo" and rows[1][2] == "Theo chuyên đề"
    assert "Cụm thi đua các cơ quan Nội chính tỉnh — 2023" in rows[1]
    assert rows[1][rows[0].index("Ngày phát động")] == dt.datetime(2023, 2, 15)  # an Excel date, not its text
    # a member's officer reads the list but is offered no edit; the organiser is
    page = client.get(reverse("movements:movement_list")).content.decode()
    assert "/sua/" not in page and "Ghi phong trào" not in page
    as_user(client, users["organiser"])
    page = client.get(reverse("movements:movement_list")).content.decode()
    assert page.count("/sua/") == 2 and "Ghi phong trào" in page


def test_movement_list_does_not_query_per_row(client, s1, users, period):
    counts = []
    for n in (1, 3):
        Movement.objects.all().delete()
        for i in range(n):
            covenants.create_movement([period, s1["cluster"].periods.get(year=2024)], f"Phong trào {i}")
        as_user(client, users["organiser"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("movements:movement_list")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_movement_create_and_edit(client, s1, users, period):
    url = reverse("movements:movement_create")
    assert status(client, users["ca"], url) == 403
    assert status(client, users["nobody"], url) == 403
    assert status(client, users["outsider"], url) == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    as_user(client, users["organiser"])
    assert client.get(url, {"period": period.pk}).status_code == 200
    response = client.post(url, {**MOVEMENT, "periods": [period.pk]})
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert (movement.kind, movement.level, movement.launched_on.isoformat()) == ("thematic", "province", "2023-02-15")
    assert list(movement.periods.all()) == [period]

    edit = reverse("movements:movement_edit", args=[movement.pk])
    for who in ("ca", "vks", "outsider", "other_organiser", "nobody"):
        assert status(client, users[who], edit) == 403, who
    assert status(client, users["other_organiser"], edit, "post", {**MOVEMENT, "name": "Đổi"}) == 403
    as_user(client, users["head"])  # the head unit's staff manage the year too
    assert client.get(edit).status_code == 200
    p2024 = s1["cluster"].periods.get(year=2024)
    response = client.post(edit, {**MOVEMENT, "motto": "Gần dân, hiểu dân, giúp dân", "periods": [period.pk]})
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.motto == "Gần dân, hiểu dân, giúp dân"
    as_user(client, users["organiser"])
    client.post(edit, {**MOVEMENT, "periods": [period.pk, p2024.pk]})
    assert set(movement.periods.all()) == {period, p2024}


def test_movement_bad_input_saves_nothing_and_keeps_what_was_typed(client, s1, users, period):
    as_user(client, users["organiser"])
    url = reverse("movements:movement_create")
    response = client.post(url, {**MOVEMENT, "launched_on": "31/02/2024", "periods": [period.pk]})
    page = text_of(response)
    assert response.status_code == 200 and "Ngày không hợp lệ" in page
    assert 'value="31/02/2024"' in response.content.decode() and "“Dân vận khéo”" in response.content.decode()
    response = client.post(url, {**MOVEMENT, "periods": []})
    assert "Chọn ít nhất một năm thi đua tham gia phong trào." in text_of(response)
    response = client.post(url, {**MOVEMENT, "start_date": "01/12/2023", "end_date": "01/01/2023",
                                 "periods": [period.pk]})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in text_of(response)
    # the organiser of another province cannot attach a movement to this cluster's year
    as_user(client, users["other_organiser"])
    response = client.post(url, {**MOVEMENT, "periods": [period.pk]})
    assert "không thuộc quyền quản lý" in text_of(response)
    assert not Movement.objects.exists()


# ---- covenant -----------------------------------------------------------------------------------------------


def draft(period, items=("Hoàn thành nhiệm vụ chính trị.", "Khen thưởng người lao động trực tiếp.")):
    return covenants.draft_covenant(period, f"Giao ước thi đua năm {period.year}", list(items))


def test_covenant_page_permissions(client, users, period):
    url = reverse("movements:covenant", args=[period.pk])
    for who in ("organiser", "head", "ca"):
        assert status(client, users[who], url) == 200, who
    for who in ("outsider", "other_organiser", "nobody"):
        assert status(client, users[who], url) == 403, who
    # members read it; only the head and the organiser edit it
    assert status(client, users["ca"], url, "post", {"title": "x"}) == 403
    assert not Covenant.objects.exists()


def test_covenant_drafted_opened_and_signed_through_the_pages(client, s1, users, period):
    url = reverse("movements:covenant", args=[period.pk])
    as_user(client, users["organiser"])
    form = {"title": "Giao ước thi đua năm 2023", "preamble": "", "place": "Lạng Sơn",
            "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0", "items-0-text": "Nội dung một",
            "items-1-text": "", "items-2-text": "Nội dung hai"}
    # one more row: nothing saved, everything typed is still there, one more empty row
    response = client.post(url, {**form, "add_row": "items"})
    assert response.status_code == 200 and not Covenant.objects.exists()
    assert "Nội dung hai" in text_of(response) and 'name="items-3-text"' in response.content.decode()
    # no content at all: the domain's message, nothing saved
    response = client.post(url, {**form, "items-0-text": "", "items-2-text": ""})
    assert "Giao ước cần ít nhất một nội dung." in text_of(response) and not Covenant.objects.exists()
    assert client.post(url, form).status_code == 302
    covenant = Covenant.objects.get()
    assert [i.text for i in covenant.items.all()] == ["Nội dung một", "Nội dung hai"]

    open_url = reverse("movements:covenant_open", args=[period.pk])
    assert status(client, users["ca"], open_url, "post") == 403
    assert status(client, users["outsider"], open_url, "post") == 403
    as_user(client, users["organiser"])
    page = client.get(url).content.decode()
    assert "data-confirm=" in page and open_url in page
    client.post(open_url)
    covenant.refresh_from_db()
    assert covenant.state == "open"
    assert "Sửa dự thảo giao ước" not in text_of(client.get(url))  # no more editing once open

    sign_url = reverse("movements:covenant_sign", args=[period.pk])
    units = s1["units"]
    signature = {"signer_name": "Nguyễn Văn An", "signer_title": "Giám đốc Công an tỉnh", "signed_on": "15/02/2023"}
    # a member's officer signs for its own unit only
    assert status(client, users["ca"], sign_url, "post", {**signature, "unit": units["tand"].pk}) == 403
    assert status(client, users["outsider"], sign_url, "post", {**signature, "unit": units["snv"].pk}) == 403
    assert status(client, users["nobody"], sign_url, "post", {**signature, "unit": units["ca"].pk}) == 403
    assert not CovenantSignature.objects.exists()
    as_user(client, users["ca"])
    page = client.get(url)
    assert list(page.context["sign_form"].fields["unit"].queryset) == [units["ca"]]
    response = client.post(sign_url, {**signature, "unit": units["ca"].pk, "signer_name": "  "})
    assert response.status_code == 200 and "Cần ghi họ tên người ký." in text_of(response)
    assert "Giám đốc Công an tỉnh" in response.content.decode() and not CovenantSignature.objects.exists()
    response = client.post(sign_url, {**signature, "unit": units["ca"].pk, "signed_on": "31/02/2023"})
    assert "Ngày không hợp lệ" in text_of(response) and not CovenantSignature.objects.exists()
    assert client.post(sign_url, {**signature, "unit": units["ca"].pk}).status_code == 302
    assert CovenantSignature.objects.get().signer_name == "Nguyễn Văn An"
    assert "Công an tỉnh Lạng Sơn đã ký ngày 15/02/2023" in text_of(client.get(url))
    # the organiser records the others' signatures (signed on paper at the conference); the last one completes it
    as_user(client, users["organiser"])
    for key in ("tand", "thads", "bchqs", "bdbp", "vks", "cscd2"):
        response = client.post(sign_url, {**signature, "unit": units[key].pk, "signer_name": f"Lãnh đạo {key}"})
        assert response.status_code == 302, text_of(response)
    covenant.refresh_from_db()
    assert covenant.state == "signed" and covenant.signatures.count() == 7
    page = text_of(client.get(url))
    assert "Đã ký đủ" in page and "7/7" in page and "Tất cả thành viên đã ký." in page


def test_covenant_page_lists_who_has_not_signed(client, s1, users, period):
    covenant = draft(period)
    covenants.open_for_signing(covenant)
    covenants.sign(covenant, s1["units"]["tand"], "Chu Lệ Hường", "Chánh án", period.start_date)
    as_user(client, users["vks"])
    response = client.get(reverse("movements:covenant", args=[period.pk]))
    page = text_of(response)
    assert "Đang ký kết" in page and "1/7" in page and "Chưa ký (6)" in page
    assert [u.name for u in response.context["unsigned"]][0] == "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn"


# ---- registration -------------------------------------------------------------------------------------------


def target_rows(*rows):
    data = {"targets-TOTAL_FORMS": str(len(rows)), "targets-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"targets-{i}-{key}"] = value
    return data


def test_registration_permissions(client, s1, users, period):
    units = s1["units"]
    own = reverse("movements:registration", args=[period.pk, units["ca"].pk])
    other = reverse("movements:registration", args=[period.pk, units["tand"].pk])
    assert status(client, users["ca"], own) == 200
    assert status(client, users["ca"], other) == 403
    assert status(client, users["ca"], other, "post", {"aimed_titles": "x", **target_rows()}) == 403
    for who in ("outsider", "other_organiser", "nobody"):
        assert status(client, users[who], own) == 403, who
    # the organiser and the head read a member's registration but do not write it
    assert status(client, users["organiser"], own) == 200
    assert status(client, users["organiser"], own, "post", {"aimed_titles": "x", **target_rows()}) == 403
    assert status(client, users["head"], own) == 200
    assert not Registration.objects.exists()
    # a unit that is not a member has no registration page in this cluster
    assert status(client, users["organiser"], reverse("movements:registration",
                                                      args=[period.pk, units["snv"].pk])) == 404
    overview = reverse("movements:registrations", args=[period.pk])
    assert status(client, users["organiser"], overview) == 200
    assert status(client, users["head"], overview) == 200
    for who in ("ca", "outsider", "other_organiser", "nobody"):
        assert status(client, users[who], overview) == 403, who


def test_registration_with_targets_and_the_heads_overview(client, s1, users, period):
    from thidua.scoring.domain import sheets

    criteria_set = sheets.ensure_criteria_set(period)
    criterion = sheets.add_criterion(criteria_set, "1", "Hoàn thành chỉ tiêu chuyên môn", "quantitative", 30)
    url = reverse("movements:registration", args=[period.pk, s1["units"]["ca"].pk])
    as_user(client, users["ca"])
    rows = target_rows(
        {"name": "Tỷ lệ điều tra, khám phá án", "kind": "quantitative", "unit_of_measure": "%", "target_value": "92,5",
         "criterion": criterion.pk},
        {"name": "", "kind": "quantitative", "unit_of_measure": "", "target_value": ""},  # blank: skipped
        {"name": "Không có cán bộ vi phạm kỷ luật", "kind": "qualitative", "unit_of_measure": "", "target_value": ""},
    )
    data = {"aimed_titles": "Cờ thi đua của UBND tỉnh", "note": "", **rows}
    # one more row first: nothing saved, typed values kept
    response = client.post(url, {**data, "add_row": "targets"})
    assert response.status_code == 200 and not Registration.objects.exists()
    assert 'value="92,5"' in response.content.decode() and 'name="targets-3-name"' in response.content.decode()
    assert client.post(url, data).status_code == 302
    registration = Registration.objects.get()
    assert [(t.name, t.kind, t.target_value, t.criterion_id) for t in registration.targets.all()] == [
        ("Tỷ lệ điều tra, khám phá án", "quantitative", pytest.approx(92.5), criterion.pk),
        ("Không có cán bộ vi phạm kỷ luật", "qualitative", None, None)]
    page = client.get(url)
    assert 'value="92,5"' in page.content.decode()  # shown again the Vietnamese way

    as_user(client, users["organiser"])
    response = client.get(reverse("movements:registrations", args=[period.pk]))
    page = text_of(response)
    assert "1/7 đơn vị đã đăng ký (14,3%)" in page
    assert "Chưa đăng ký (6)" in page and "Tòa án nhân dân tỉnh Lạng Sơn" in page
    read_only = text_of(client.get(url))
    assert "Tỷ lệ điều tra, khám phá án" in read_only and "92,5 %" in read_only


def test_registration_bad_targets_save_nothing(client, s1, users, period):
    url = reverse("movements:registration", args=[period.pk, s1["units"]["ca"].pk])
    as_user(client, users["ca"])
    cases = [
        ({"name": "Tỷ lệ giải quyết án", "kind": "quantitative", "unit_of_measure": "%", "target_value": ""},
         "Chỉ tiêu định lượng cần giá trị đăng ký."),
        ({"name": "Tỷ lệ giải quyết án", "kind": "quantitative", "unit_of_measure": "%", "target_value": "chín mươi"},
         "“chín mươi” không phải là số"),
        ({"name": "Tỷ lệ giải quyết án", "kind": "quantitative", "unit_of_measure": "%", "target_value": "-5"},
         "Giá trị đăng ký phải lớn hơn 0."),
        ({"name": "Tỷ lệ giải quyết án", "kind": "quantitative", "unit_of_measure": "", "target_value": "90"},
         "Chỉ tiêu định lượng cần đơn vị tính"),
        ({"name": "", "kind": "quantitative", "unit_of_measure": "%", "target_value": "90"}, "Chưa ghi tên chỉ tiêu."),
    ]
    for row, message in cases:
        response = client.post(url, {"aimed_titles": "Tập thể lao động xuất sắc", **target_rows(row)})
        page = text_of(response)
        assert response.status_code == 200 and message in page, (row, page[-800:])
        assert "Tập thể lao động xuất sắc" in page  # what was typed is still there
        if row["target_value"]:
            assert f'value="{row["target_value"]}"' in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_closed_outside_its_phase(client, s1_year, make_user):
    period = s1_year["cluster"].periods.get(year=2023)  # closed
    client.force_login(make_user("ca", (Role.UNIT_OFFICER, s1_year["units"]["ca"])))
    url = reverse("movements:registration", args=[period.pk, s1_year["units"]["ca"].pk])
    response = client.get(url)
    assert response.status_code == 200 and "registration-form" not in response.content.decode()
    assert "Không có cán bộ bị kỷ luật" in text_of(response)  # S1's registration, read only
    before = list(Registration.objects.get(period=period, unit=s1_year["units"]["ca"]).targets.values_list("name"))
    response = client.post(url, {"aimed_titles": "x", **target_rows(
        {"name": "Mới", "kind": "qualitative", "unit_of_measure": "", "target_value": ""})})
    assert "chỉ mở ở giai đoạn" in text_of(response)
    assert list(Registration.objects.get(period=period, unit=s1_year["units"]["ca"]).targets
                .values_list("name")) == before


def test_covenant_registrations_and_conference_pages_do_not_query_per_member(client, make_user):
    from tests.clusters.test_year_page import build_year

    counts = []
    for n, members in enumerate((2, 5)):
        organiser, period = build_year(f"q{n}", members, 2)
        client.force_login(make_user(f"user-{n}", (Role.ORGANISER_STAFF, organiser)))
        row = []
        for url in (reverse("movements:covenant", args=[period.pk]), reverse("movements:registrations", args=[period.pk]),
                    reverse("meetings:conference_detail", args=[period.conferences.first().pk]),
                    reverse("meetings:conference_edit", args=[period.conferences.first().pk])):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1], counts
