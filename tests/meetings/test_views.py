"""Conference pages: record, correct and read a conference with its chairs, attending units, guests and
decisions; who may do so; bad input in Vietnamese that saves nothing and keeps what was typed."""

import html
import re

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import create_period
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.meetings.models import Conference

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def period(s1):
    return s1["cluster"].periods.get(year=2023)


@pytest.fixture
def users(s1, make_user):
    other_organiser = b.organiser("ubnd-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng", "province",
                                  area_code="cao-bang")
    create_period(b.cluster("cb-noi-chinh", "Khối Nội chính tỉnh Cao Bằng", other_organiser, area_code="cao-bang"),
                  2023)
    units = s1["units"]
    return {
        "organiser": make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])),
        "head": make_user("tand", (Role.HEAD_STAFF, units["tand"])),
        "ca": make_user("ca", (Role.UNIT_OFFICER, units["ca"])),
        "outsider": make_user("so-noi-vu", (Role.UNIT_OFFICER, units["snv"])),
        "other_organiser": make_user("cao-bang", (Role.ORGANISER_STAFF, other_organiser)),
        "nobody": make_user("khong-vai-tro"),
    }


def rows(prefix, *items):
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def s1_conference(units) -> dict:
    """S1's year-end conference of 09/01/2024, as the head's officer types it."""
    return {
        "kind": "year_end",
        "title": "Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2023",
        "held_on": "09/01/2024", "time_of_day": "Buổi chiều", "place": "Tòa án nhân dân tỉnh Lạng Sơn",
        "host": units["tand"].pk, "basis": "Hướng dẫn số 243/HD-SNV ngày 16/11/2023 của Sở Nội vụ",
        "agenda": "", "minutes": "1.003 lượt tập thể và 3.427 lượt cá nhân được khen thưởng.",
        "attending_units": [units[k].pk for k in ("tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2")],
        **rows("chairs",
               {"name": "Chu Lệ Hường", "title": "Chánh án TAND tỉnh", "unit": units["tand"].pk,
                "cluster_role": "Trưởng Cụm thi đua"},
               {"name": "Lê Văn Cường", "title": "Phó Cục trưởng Cục THADS tỉnh", "unit": units["thads"].pk,
                "cluster_role": "Phó Trưởng Cụm thi đua"},
               {"name": "", "title": "", "unit": "", "cluster_role": ""}),
        **rows("guests", {"name": "", "title": "Đại diện", "organisation": "Phòng Thi đua, Khen thưởng, Sở Nội vụ"}),
        **rows("decisions",
               {"kind": "nomination", "text": "Đề nghị UBND tỉnh tặng Cờ thi đua cho TAND tỉnh."},
               {"kind": "next_leaders", "text": "Bầu Cục THADS tỉnh làm Trưởng Cụm năm 2024."},
               {"kind": "", "text": ""}),
    }


def test_permissions(client, s1, users, period):
    create = reverse("meetings:conference_create", args=[period.pk])
    for who in ("organiser", "head"):
        client.force_login(users[who])
        assert client.get(create).status_code == 200, who
    for who in ("ca", "outsider", "other_organiser", "nobody"):
        client.force_login(users[who])
        assert client.get(create).status_code == 403, who
        assert client.post(create, s1_conference(s1["units"])).status_code == 403, who
    assert not Conference.objects.exists()
    client.logout()
    assert client.get(create).status_code == 302


def test_record_read_and_correct_a_conference(client, s1, users, period):
    units = s1["units"]
    client.force_login(users["head"])
    response = client.get(reverse("meetings:conference_create", args=[period.pk]))
    assert response.context["form"]["host"].value() == units["tand"].pk  # the head is offered as host
    response = client.post(reverse("meetings:conference_create", args=[period.pk]), s1_conference(units))
    conference = Conference.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:conference_detail", args=[conference.pk])
    assert [(c.name, c.cluster_role) for c in conference.chairs.all()] == [
        ("Chu Lệ Hường", "Trưởng Cụm thi đua"), ("Lê Văn Cường", "Phó Trưởng Cụm thi đua")]
    assert conference.attendances.count() == 7 and conference.guests.count() == 1
    assert [d.kind for d in conference.decisions.all()] == ["nomination", "next_leaders"]

    detail = reverse("meetings:conference_detail", args=[conference.pk])
    for who in ("ca", "organiser", "head"):  # members read it
        client.force_login(users[who])
        assert client.get(detail).status_code == 200, who
    page = text_of(client.get(detail))
    assert "Buổi chiều, ngày 09/01/2024" in page and "Chu Lệ Hường" in page and "Trưởng Cụm thi đua" in page
    assert "Phòng Thi đua, Khen thưởng, Sở Nội vụ" in page and "Đề nghị UBND tỉnh tặng Cờ thi đua" in page
    for who in ("outsider", "other_organiser", "nobody"):
        client.force_login(users[who])
        assert client.get(detail).status_code == 403, who

    edit = reverse("meetings:conference_edit", args=[conference.pk])
    for who in ("ca", "outsider", "other_organiser", "nobody"):
        client.force_login(users[who])
        assert client.get(edit).status_code == 403, who
        assert client.post(edit, s1_conference(units)).status_code == 403, who
    client.force_login(users["organiser"])
    page = client.get(edit).content.decode()
    assert 'value="09/01/2024"' in page and 'value="Chu Lệ Hường"' in page
    # the host may be a member other than the head; a guest is added; a chair removed by clearing the row
    data = s1_conference(units)
    data.update({"host": units["bchqs"].pk, "chairs-1-name": "", "chairs-1-title": "", "chairs-1-unit": "",
                 "chairs-1-cluster_role": "", "attending_units": [units["tand"].pk, units["bchqs"].pk]})
    data.update(rows("guests", {"name": "", "title": "Đại diện", "organisation": "Sở Nội vụ"},
                     {"name": "Nguyễn Văn A", "title": "Phó Giám đốc", "organisation": "Sở Nội vụ tỉnh Lạng Sơn"}))
    assert client.post(edit, data).status_code == 302
    conference.refresh_from_db()
    assert conference.host == units["bchqs"]
    assert [c.name for c in conference.chairs.all()] == ["Chu Lệ Hường"]
    assert conference.attendances.count() == 2 and conference.guests.count() == 2
    entry = Activity.objects.filter(scope=s1["cluster"].scope).order_by("-id").first()
    assert {"field": "đơn vị đăng cai", "old": units["tand"].name, "new": units["bchqs"].name} in entry.changes


def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, s1, users, period):
    units = s1["units"]
    client.force_login(users["organiser"])
    url = reverse("meetings:conference_create", args=[period.pk])
    cases = [
        ({"held_on": "31/02/2024"}, "Ngày không hợp lệ", 'value="31/02/2024"'),
        ({"host": units["snv"].pk}, "Đơn vị đăng cai phải là thành viên của khối năm 2023.", "Trưởng Cụm thi đua"),
        ({"attending_units": [units["snv"].pk]}, "Đơn vị dự phải là thành viên", 'value="Chu Lệ Hường"'),
        ({"chairs-0-title": ""}, "Cần ghi chức vụ người chủ trì.", 'value="Chu Lệ Hường"'),
        ({"decisions-0-kind": ""}, "Chọn loại quyết định.", "Đề nghị UBND tỉnh tặng Cờ thi đua"),
        ({"guests-0-organisation": ""}, "Cần ghi cơ quan của khách mời.", 'value="Đại diện"'),
        ({"held_on": "09/01/2021"}, "quá xa năm thi đua 2023", 'value="Buổi chiều"'),
        ({"title": ""}, "Cần ghi tên hội nghị.", 'value="09/01/2024"'),
    ]
    for change, message, kept in cases:
        response = client.post(url, {**s1_conference(units), **change})
        assert response.status_code == 200, change
        assert message in text_of(response), (change, text_of(response)[:3000])
        assert kept in response.content.decode(), change
    assert not Conference.objects.exists()
    # "Thêm dòng": nothing saved, one more chair row, what was typed kept, no error shown
    response = client.post(url, {**s1_conference(units), "held_on": "31/02/2024", "add_row": "chairs"})
    page = response.content.decode()
    assert 'name="chairs-3-name"' in page and 'value="31/02/2024"' in page and "Ngày không hợp lệ" not in page
    assert not Conference.objects.exists()
