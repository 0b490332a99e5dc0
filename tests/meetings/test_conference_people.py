"""The conference form's people: each attending unit's representative picked from that unit's people (its working
leaders and managers) or typed, a chair and the secretary likewise; rank and position copied from the records
unless typed; a person of another unit refused with nothing saved; a correction that picks another person takes
that person's rank and position; the conference page links each picked person to their page for those who may
open it, and offers the minutes."""

import re

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.core.models import Activity
from thidua.meetings.models import Conference
from thidua.orgs.models import Unit

pytestmark = pytest.mark.django_db


def rows(prefix, *items):
    data = {f"{prefix}-TOTAL_FORMS": str(len(items)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def members_order(client, period) -> list[int]:
    response = client.get(reverse("meetings:conference_create", args=[period.pk]))
    return [form.unit.pk for form in response.context["reps"].forms]


def conference_data(block, order, reps: dict, attending=("ca", "bchqs", "vks", "tand"), **changes) -> dict:
    units, people = block["units"], block["people"]
    by_unit = {units[key].pk: value for key, value in reps.items()}
    blank = {"person": "", "name": "", "rank": "", "position": "", "was": ""}
    data = {
        "kind": "year_end", "title": "Hội nghị tổng kết năm 2019", "held_on": "15/12/2019",
        "time_of_day": "8 giờ", "ends_at": "11 giờ 30 phút", "place": "Công an tỉnh", "host": units["ca"].pk,
        "basis": "", "agenda": "", "minutes": "",
        "attending_units": [units[key].pk for key in attending],
        "secretary_person": "", "secretary_name": "Nguyễn Thị Hoa", "secretary_rank": "Thiếu tá",
        "secretary_title": "Phó Trưởng phòng", "secretary_was": "",
        **rows("chairs", {"person": people["giam_doc"].pk, "name": "", "rank": "", "title": "", "unit": "",
                          "cluster_role": "", "was": ""}),
        **rows("reps", *[{**blank, "unit": pk, **by_unit.get(pk, {})} for pk in order]),
        **rows("guests"), **rows("decisions"),
    }
    data.update(changes)
    return data


@pytest.fixture
def organiser(block, make_user):
    return make_user("snv-ha-tinh", (Role.ORGANISER_STAFF, block["organiser"]))


def test_each_unit_picks_from_its_own_people(block, client, organiser):
    units, people = block["units"], block["people"]
    client.force_login(organiser)
    response = client.get(reverse("meetings:conference_create", args=[block["period"].pk]))
    assert response.status_code == 200
    offered = {form.unit.pk: {value for value, _label in form.fields["person"].choices if value}
               for form in response.context["reps"].forms}
    assert offered[units["ca"].pk] == {people["giam_doc"].pk, people["pho_giam_doc"].pk}
    assert offered[units["bchqs"].pk] == {people["chi_huy"].pk}
    assert offered[units["vks"].pk] == {people["vien_truong"].pk}  # a direct worker is not offered
    assert offered[units["stp"].pk] == set()
    page = response.content.decode()
    assert "Đại tá Trần Văn Hùng — Giám đốc Công an tỉnh" in page
    assert "Đơn vị dự và người đại diện" in page and "Thư ký (người ghi biên bản)" in page
    assert 'placeholder="Ví dụ: Khối trưởng"' in page  # the block's word for its head
    assert "Bầu Khối trưởng, Khối phó năm sau" in page and "phó cụm" not in page


def test_record_representatives_picked_and_typed(block, client, organiser):
    units, people = block["units"], block["people"]
    client.force_login(organiser)
    order = members_order(client, block["period"])
    data = conference_data(block, order, {
        "ca": {"person": people["pho_giam_doc"].pk},
        "bchqs": {"name": "Phan Văn Xuân", "rank": "Trung tá", "position": "Phó Chỉ huy trưởng"},
        "vks": {"person": people["vien_truong"].pk, "position": "Viện trưởng Viện kiểm sát"},  # a typed title wins
        "stp": {"name": "Người của đơn vị vắng"},  # not ticked: not kept
    })
    response = client.post(reverse("meetings:conference_create", args=[block["period"].pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    conference = Conference.objects.get()
    got = {a.unit_id: (a.person_id, a.represented_by, a.rank, a.position) for a in conference.attendances.all()}
    assert got == {
        units["ca"].pk: (people["pho_giam_doc"].pk, "Lê Thị Minh", "", "Phó Giám đốc Công an tỉnh"),
        units["bchqs"].pk: (None, "Phan Văn Xuân", "Trung tá", "Phó Chỉ huy trưởng"),
        units["vks"].pk: (people["vien_truong"].pk, "Hồ Thị Lan", "", "Viện trưởng Viện kiểm sát"),
        units["tand"].pk: (None, "", "", ""),
    }
    chair = conference.chairs.get()
    assert (chair.person, chair.name, chair.rank, chair.title, chair.unit) == (
        people["giam_doc"], "Trần Văn Hùng", "Đại tá", "Giám đốc Công an tỉnh", units["ca"])
    assert (conference.secretary, conference.secretary_name, conference.secretary_rank, conference.ends_at) == (
        None, "Nguyễn Thị Hoa", "Thiếu tá", "11 giờ 30 phút")


def test_a_person_of_another_unit_is_refused_and_nothing_saved(block, client, organiser):
    people = block["people"]
    client.force_login(organiser)
    order = members_order(client, block["period"])
    url = reverse("meetings:conference_create", args=[block["period"].pk])
    data = conference_data(block, order, {"ca": {"person": people["chi_huy"].pk}})
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Người được chọn không thuộc đơn vị này." in page
    assert 'value="Nguyễn Thị Hoa"' in page and 'value="11 giờ 30 phút"' in page
    # a chair with neither a person nor a name
    data = conference_data(block, order, {}, **{"chairs-0-person": "", "chairs-0-title": "Giám đốc"})
    assert "Cần ghi họ tên người chủ trì hoặc chọn trong hồ sơ." in client.post(url, data).content.decode()
    # a secretary's rank without a name
    data = conference_data(block, order, {}, secretary_name="")
    assert "Cần ghi họ tên thư ký hoặc chọn trong hồ sơ." in client.post(url, data).content.decode()
    assert not Conference.objects.exists()


def test_correcting_with_another_person_takes_their_rank_and_position(block, client, organiser):
    units, people = block["units"], block["people"]
    client.force_login(organiser)
    order = members_order(client, block["period"])
    client.post(reverse("meetings:conference_create", args=[block["period"].pk]), conference_data(block, order, {
        "ca": {"person": people["pho_giam_doc"].pk},
        "bchqs": {"person": people["chi_huy"].pk}}))
    conference = Conference.objects.get()
    edit = reverse("meetings:conference_edit", args=[conference.pk])
    response = client.get(edit)
    shown = {form.unit.pk: form.initial for form in response.context["reps"].forms}
    assert shown[units["ca"].pk]["person"] == people["pho_giam_doc"].pk
    assert re.search(rf'<option value="{people["pho_giam_doc"].pk}" selected>', response.content.decode())
    # the Công an row: the head himself picked instead, the boxes left as the deputy's; the Bộ Chỉ huy row keeps
    # its person with a corrected rank
    data = conference_data(block, order, {
        "ca": {"person": people["giam_doc"].pk, "position": "Phó Giám đốc Công an tỉnh",
               "was": shown[units["ca"].pk]["was"]},
        "bchqs": {"person": people["chi_huy"].pk, "rank": "Đại tá", "position": "Chỉ huy trưởng",
                  "was": shown[units["bchqs"].pk]["was"]}})
    assert client.post(edit, data).status_code == 302
    got = {a.unit_id: (a.represented_by, a.rank, a.position) for a in conference.attendances.all()}
    assert got[units["ca"].pk] == ("Trần Văn Hùng", "Đại tá", "Giám đốc Công an tỉnh")
    assert got[units["bchqs"].pk] == ("Phan Đình Sơn", "Đại tá", "Chỉ huy trưởng")
    entry = Activity.objects.filter(scope=block["cluster"].scope).order_by("-id").first()
    change = next(c for c in entry.changes if c["field"] == "Người đại diện các đơn vị")
    assert "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh: Thượng tá Phan Đình Sơn" in change["old"]
    assert "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh: Đại tá Phan Đình Sơn" in change["new"]
    assert "Công an tỉnh Hà Tĩnh: Đại tá Trần Văn Hùng" in change["new"]


def test_the_page_links_people_and_offers_the_minutes(block, client, organiser, make_user):
    units, people = block["units"], block["people"]
    client.force_login(organiser)
    order = members_order(client, block["period"])
    client.post(reverse("meetings:conference_create", args=[block["period"].pk]),
                conference_data(block, order, {"ca": {"person": people["pho_giam_doc"].pk}}))
    conference = Conference.objects.get()
    conference.decisions.create(kind="next_leaders", text="Bầu Bộ Chỉ huy Quân sự tỉnh làm Khối trưởng năm 2020.")
    detail = reverse("meetings:conference_detail", args=[conference.pk])
    page = client.get(detail).content.decode()
    assert "Bầu Khối trưởng, Khối phó năm sau:" in page
    for name in ("minutes_docx", "minutes_pdf"):
        assert f'href="{reverse(f"meetings:{name}", args=[conference.pk])}"' in page
    assert "Biên bản (.docx)" in page and "Biên bản (PDF)" in page
    for person in ("giam_doc", "pho_giam_doc"):
        assert f'href="{reverse("orgs:person_detail", args=[people[person].pk])}"' in page
    assert "Đại tá <strong>" in page and "Phó Giám đốc Công an tỉnh" in page
    # a member's officer of another unit reads the names, without links to people it may not open
    client.force_login(make_user("can-bo-stp", (Role.UNIT_OFFICER, units["stp"])))
    page = client.get(detail).content.decode()
    assert "Lê Thị Minh" in page and reverse("orgs:person_detail", args=[people["pho_giam_doc"].pk]) not in page
    # the Công an's own officer may open its people
    client.force_login(make_user("can-bo-ca", (Role.UNIT_OFFICER, units["ca"])))
    page = client.get(detail).content.decode()
    assert reverse("orgs:person_detail", args=[people["pho_giam_doc"].pk]) in page


def test_the_form_and_page_queries_do_not_grow_with_members_and_people(block, client, organiser):
    """One query reads every member's people for all the rows; the conference page reads its rows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.clusters.domain.periods import add_members
    from thidua.demo import builders as b

    period = block["period"]
    client.force_login(organiser)
    order = members_order(client, period)
    client.post(reverse("meetings:conference_create", args=[period.pk]),
                conference_data(block, order, {"ca": {"person": block["people"]["pho_giam_doc"].pk}}))
    conference = Conference.objects.get()
    urls = [reverse("meetings:conference_create", args=[period.pk]),
            reverse("meetings:conference_edit", args=[conference.pk]),
            reverse("meetings:conference_detail", args=[conference.pk])]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    for i in range(4):  # four more members, each with two leaders
        unit = b.unit(f"ht-them-{i}", f"Đơn vị thêm {i} tỉnh Hà Tĩnh", area_code="ha-tinh")
        add_members(period, [unit])
        for j in range(2):
            b.person(unit, f"Người thứ {j} đơn vị {i}", "male", "Phó Giám đốc")
    assert counts() == before


MEMBERS_CHANGED = "Danh sách đơn vị thành viên của năm đã thay đổi từ khi mở trang này"


def test_rows_posted_before_the_members_changed_are_refused_not_shifted(block, client, organiser):
    """Each row posts the unit it was shown for: a form opened before a member was removed from (or added to) the
    year is refused with nothing written, its names put back against their own units; saved again, each
    representative is recorded for its own unit."""
    from thidua.clusters.domain.periods import add_members, remove_member
    from thidua.demo import builders as b

    units, period = block["units"], block["period"]
    key_of = {unit.pk: key for key, unit in units.items()}
    client.force_login(organiser)
    order = members_order(client, period)  # opened with all five members
    leaders = {units["ca"].pk, units["vks"].pk}  # 2019's head and deputy cannot leave the year
    gone = next(pk for pk in order[:-1] if pk not in leaders)  # a member with others after it
    staying = [pk for pk in order if pk != gone]
    typed = {key_of[pk]: {"name": f"Đại diện {key_of[pk]}", "position": f"Chức vụ {key_of[pk]}"} for pk in order}
    stale = conference_data(block, order, typed, attending=[key_of[pk] for pk in staying])
    remove_member(period, Unit.objects.get(pk=gone))
    url = reverse("meetings:conference_create", args=[period.pk])
    response = client.post(url, stale)
    assert response.status_code == 200
    assert MEMBERS_CHANGED in response.content.decode()
    assert not Conference.objects.exists()
    shown = {form.unit.pk: (form["unit"].value(), form["name"].value()) for form in response.context["reps"].forms}
    assert shown == {pk: (str(pk), f"Đại diện {key_of[pk]}") for pk in staying}
    assert 'value="Nguyễn Thị Hoa"' in response.content.decode()  # the rest of the form kept
    assert f'name="reps-0-unit" value="{staying[0]}"' in response.content.decode()  # each row's unit, hidden
    # the form as shown again is saved, each name against its own unit
    again = {key: ([v for v in response.context["reps"].data.getlist(key)] if key == "attending_units"
                   else response.context["reps"].data[key]) for key in response.context["reps"].data}
    assert client.post(url, again).status_code == 302
    got = {a.unit_id: (a.represented_by, a.position) for a in Conference.objects.get().attendances.all()}
    assert got == {pk: (f"Đại diện {key_of[pk]}", f"Chức vụ {key_of[pk]}") for pk in staying}
    # a member added (sorted before the others) since the form was opened: refused as well
    Conference.objects.all().delete()
    newcomer = b.unit("ht-an-ninh", "Ban An ninh tỉnh Hà Tĩnh", area_code="ha-tinh")
    add_members(period, [newcomer])
    assert members_order(client, period).index(newcomer.pk) < len(staying)  # not last: the rows would shift
    response = client.post(url, conference_data(block, staying, typed, attending=[key_of[pk] for pk in staying]))
    assert response.status_code == 200 and MEMBERS_CHANGED in response.content.decode()
    assert not Conference.objects.exists()
    # a normal POST from the current form saves each representative against its own unit
    order = members_order(client, period)
    assert client.post(url, conference_data(block, order, typed, attending=("ca", "vks"))).status_code == 302
    got = {a.unit_id: (a.represented_by, a.position) for a in Conference.objects.get().attendances.all()}
    assert got == {units[k].pk: (f"Đại diện {k}", f"Chức vụ {k}") for k in ("ca", "vks")}
