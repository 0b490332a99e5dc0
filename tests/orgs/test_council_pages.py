"""The council pages (issue 10 item 1): the organiser's staff and the system administrator keep the organiser's
council and its members by term — list, create, add and end a membership with its dates, delete a row typed by
mistake after a confirmation; every change in the council's log. Anyone else gets 403. Bad input is refused in
Vietnamese, nothing written, what was typed kept; the pages' queries do not grow with the members."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.orgs.domain import councils
from thidua.orgs.enums import CouncilRole
from thidua.orgs.models import Council, CouncilMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    organiser = b.organiser("ubnd-thu-nghiem", "UBND tỉnh Thử Nghiệm", "province")
    other = b.organiser("ubnd-ben-canh", "UBND tỉnh Bên Cạnh", "province")
    cluster = b.cluster("khoi-thu-nghiem", "Khối thi đua Nội chính tỉnh Thử Nghiệm", organiser, kind="khoi")
    unit = b.unit("so-noi-vu-tn", "Sở Nội vụ tỉnh Thử Nghiệm")
    outside = b.unit("so-tai-chinh-bc", "Sở Tài chính tỉnh Bên Cạnh")
    add_members(create_period(cluster, 2025), [unit])
    council = councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm")
    member = councils.add_member(council, name="Nguyễn Văn Chủ Tịch", role=CouncilRole.CHAIR,
                                 valid_from=dt.date(2024, 1, 2), position="Chủ tịch UBND tỉnh")
    return {
        "organiser": organiser, "other": other, "unit": unit, "council": council, "member": member,
        "director": b.person(unit, "Phạm Thị Giám Đốc", "female", "Giám đốc"),
        "stranger": b.person(outside, "Trương Văn Ngoài", "male", "Giám đốc"),
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
        "staff": make_user("to-chuc", (Role.ORGANISER_STAFF, organiser)),
        "other_staff": make_user("to-chuc-khac", (Role.ORGANISER_STAFF, other)),
        "officer": make_user("can-bo", (Role.UNIT_OFFICER, unit)),
        "head": make_user("truong-khoi", (Role.HEAD_STAFF, unit)),
        "leader": make_user("lanh-dao", (Role.LEADER, unit)),
    }


def urls(s) -> dict[str, str]:
    pk, member = s["council"].pk, s["member"].pk
    return {
        "list": reverse("orgs:council_list"), "create": reverse("orgs:council_create"),
        "detail": reverse("orgs:council_detail", args=[pk]), "edit": reverse("orgs:council_edit", args=[pk]),
        "add": reverse("orgs:council_member_add", args=[pk]),
        "end": reverse("orgs:council_member_end", args=[pk, member]),
        "delete": reverse("orgs:council_member_delete", args=[pk, member]),
    }


@pytest.mark.parametrize("who", ["admin", "staff"])
def test_the_organisers_staff_and_the_administrator_open_every_page(client, setup, who):
    client.force_login(setup[who])
    for name, url in urls(setup).items():
        assert client.get(url).status_code == 200, name
    assert "Nguyễn Văn Chủ Tịch" in client.get(urls(setup)["detail"]).content.decode()


@pytest.mark.parametrize("who", ["other_staff", "officer", "head", "leader"])
def test_anyone_else_gets_403_and_changes_nothing(client, setup, who):
    client.force_login(setup[who])
    pages = urls(setup)
    if who == "other_staff":  # another organiser's staff keep their own councils, not this one
        assert client.get(pages.pop("list")).status_code == 200
        assert client.get(pages.pop("create")).status_code == 200
    for name, url in pages.items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"name": "X", "role": "member", "valid_from": "01/01/2025",
                                 "valid_to": "01/02/2025"}).status_code == 403, name
    assert CouncilMember.objects.get().valid_to is None and Council.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(client, setup):
    for name, url in urls(setup).items():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL)), name


def test_the_list_shows_only_the_users_councils(client, setup):
    councils.create_council(setup["other"], "Hội đồng Thi đua - Khen thưởng tỉnh Bên Cạnh")
    client.force_login(setup["staff"])
    assert [c.name for c in client.get(urls(setup)["list"]).context["councils"]] == [setup["council"].name]
    client.force_login(setup["admin"])
    assert len(client.get(urls(setup)["list"]).context["councils"]) == 2


def test_creating_a_council_for_another_organiser_is_refused(client, setup):
    client.force_login(setup["staff"])
    response = client.post(urls(setup)["create"], {"organiser": setup["other"].pk, "name": "Hội đồng lạ"})
    assert response.status_code == 200 and "organiser" in response.context["form"].errors
    assert not Council.objects.filter(name="Hội đồng lạ").exists()
    response = client.post(urls(setup)["create"], {"organiser": setup["organiser"].pk,
                                                   "name": "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm"})
    assert "đã có hội đồng" in response.content.decode()  # the same name twice: refused, typed name kept
    assert response.context["form"]["name"].value() == "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm"
    response = client.post(urls(setup)["create"], {"organiser": setup["organiser"].pk,
                                                   "name": "Hội đồng Sáng kiến tỉnh Thử Nghiệm"})
    council = Council.objects.get(name="Hội đồng Sáng kiến tỉnh Thử Nghiệm")
    assert response.status_code == 302 and response.url == council.get_absolute_url()


def test_adding_a_person_from_the_records_then_ending_and_deleting(client, setup):
    client.force_login(setup["staff"])
    pages, director = urls(setup), setup["director"]
    found = client.get(pages["add"], {"q": "pham thi giam doc"}).context["found"]
    assert found == [director]
    assert client.get(pages["add"], {"q": "truong van ngoai"}).context["found"] == []  # not the staff's to see
    picked = client.get(pages["add"], {"q": "pham", "person": director.pk}).context["form"]
    assert picked["name"].value() == "Phạm Thị Giám Đốc" and picked["position"].value() == (
        "Giám đốc, Sở Nội vụ tỉnh Thử Nghiệm")
    response = client.post(pages["add"], {"person": director.pk, "name": "", "position": "Giám đốc Sở Nội vụ",
                                          "role": "vice_chair", "valid_from": "02/01/2024", "valid_to": "",
                                          "decision_ref": "Quyết định số 5/QĐ-UBND"})
    assert response.status_code == 302
    member = CouncilMember.objects.get(person=director)
    assert (member.name, member.position, member.role, member.valid_from) == (
        "Phạm Thị Giám Đốc", "Giám đốc Sở Nội vụ", "vice_chair", dt.date(2024, 1, 2))
    end = reverse("orgs:council_member_end", args=[setup["council"].pk, member.pk])
    assert client.post(end, {"valid_to": "30/06/2025"}).status_code == 302
    assert CouncilMember.objects.get(pk=member.pk).valid_to == dt.date(2025, 6, 30)
    detail = client.get(pages["detail"], {"day": "01/07/2025"})
    assert [m.name for m in detail.context["members"]] == ["Nguyễn Văn Chủ Tịch"]
    delete = reverse("orgs:council_member_delete", args=[setup["council"].pk, member.pk])
    page = client.get(delete)  # the confirmation first: nothing deleted yet
    assert "Xóa dòng thành viên này?" in page.content.decode() and CouncilMember.objects.filter(pk=member.pk).exists()
    assert client.post(delete).status_code == 302 and not CouncilMember.objects.filter(pk=member.pk).exists()
    summaries = [a.summary for a in Activity.objects.for_scope(f"council:{setup['council'].pk}")]
    assert summaries[:3] == ["Xóa dòng thành viên nhập nhầm: Phạm Thị Giám Đốc",
                             "Kết thúc thành viên: Phạm Thị Giám Đốc, đến hết 30/06/2025",
                             "Thêm thành viên: Phạm Thị Giám Đốc — Phó Chủ tịch Hội đồng, từ 02/01/2024"]


def test_a_person_the_user_may_not_see_cannot_be_posted(client, setup):
    client.force_login(setup["staff"])
    response = client.post(urls(setup)["add"], {"person": setup["stranger"].pk, "role": "member",
                                                "valid_from": "02/01/2024"})
    assert response.status_code == 400 and "không có trong hồ sơ bạn được xem" in response.content.decode()
    assert not CouncilMember.objects.filter(person=setup["stranger"]).exists()


@pytest.mark.parametrize("data, message", [
    ({"name": "Lê Văn Ngày Sai", "valid_from": "31/02/2024"}, "Ngày không hợp lệ"),
    ({"name": "Lê Văn Ngày Sai", "valid_from": "02/05/2024", "valid_to": "01/05/2024"},
     "không được trước ngày bắt đầu"),
    ({"name": "", "valid_from": "02/05/2024"}, "nhập họ và tên"),
    ({"name": "Lý Văn Chủ Tịch Hai", "role": "chair", "valid_from": "02/05/2024"}, "đã có Chủ tịch"),
])
def test_bad_input_is_refused_in_vietnamese_and_kept(client, setup, data, message):
    client.force_login(setup["staff"])
    before = (CouncilMember.objects.count(), Activity.objects.count())
    response = client.post(urls(setup)["add"], {"role": "member", "position": "Giám đốc Sở Xây dựng", **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert response.context["form"]["position"].value() == "Giám đốc Sở Xây dựng"
    assert response.context["form"]["valid_from"].value() == data["valid_from"]
    assert (CouncilMember.objects.count(), Activity.objects.count()) == before


def test_ending_before_the_start_is_refused(client, setup):
    client.force_login(setup["staff"])
    response = client.post(urls(setup)["end"], {"valid_to": "01/01/2024"})
    assert response.status_code == 400 and "không được trước ngày bắt đầu (02/01/2024)" in response.content.decode()
    assert CouncilMember.objects.get().valid_to is None


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_pages_do_not_query_per_member_or_council(client, setup):
    client.force_login(setup["staff"])
    pages = urls(setup)
    first = (queries(client, pages["detail"]), queries(client, pages["list"]))
    for i in range(3):
        councils.add_member(setup["council"], name=f"Ủy viên số {i}", role=CouncilRole.MEMBER,
                            valid_from=dt.date(2024, 1, 2), person=setup["director"] if i == 0 else None)
        councils.add_member(setup["council"], name=f"Giúp việc số {i}", role=CouncilRole.SECRETARIAT,
                            valid_from=dt.date(2024, 1, 2), valid_to=dt.date(2030, 1, 1))
        councils.create_council(setup["organiser"], f"Hội đồng thứ {i}")
    assert (queries(client, pages["detail"]), queries(client, pages["list"])) == first


def test_a_bad_day_shows_todays_members_with_the_message(client, setup):
    client.force_login(setup["staff"])
    response = client.get(urls(setup)["detail"], {"day": "31/02/2025"})
    assert response.status_code == 200 and "Ngày không hợp lệ" in response.content.decode()
    assert [m.name for m in response.context["members"]] == ["Nguyễn Văn Chủ Tịch"]
    assert response.context["day_form"]["day"].value() == "31/02/2025"
