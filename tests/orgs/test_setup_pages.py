"""The set-up pages ("Danh mục") on an invented province and block, not the demo's: organisers, a cluster or block,
one unit, one person. Each works for its owner, is refused to others (403; anonymous users are sent to log in),
refuses bad input in Vietnamese keeping what was typed and writing nothing, and logs what it creates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.clusters.models import Cluster, Membership
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.orgs.models import Organiser, Person, Unit, UnitName

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user):
    cao_bang = b.organiser("thu-ubnd-cao-bang", "Ủy ban nhân dân tỉnh Cao Bằng (thử)", "province",
                           area_code="cao-bang", short_name="UBND tỉnh Cao Bằng")
    ha_tinh = b.organiser("thu-ubnd-ha-tinh", "Ủy ban nhân dân tỉnh Hà Tĩnh (thử)", "province", area_code="ha-tinh")
    block = b.cluster("thu-khoi-van-hoa-cb", "Khối thi đua Văn hóa - Xã hội tỉnh Cao Bằng", cao_bang, kind="khoi",
                      area_code="cao-bang")
    other = b.cluster("thu-cum-ht", "Cụm thi đua các huyện phía Nam tỉnh Hà Tĩnh", ha_tinh, area_code="ha-tinh")
    period = create_period(block, 2025)
    other_period = create_period(other, 2025)
    library = b.unit("thu-thu-vien-cb", "Thư viện tỉnh Cao Bằng", area_code="cao-bang")
    museum = b.unit("thu-bao-tang-cb", "Bảo tàng tỉnh Cao Bằng", area_code="cao-bang")
    school = b.unit("thu-truong-ht", "Trường Chính trị tỉnh Hà Tĩnh", area_code="ha-tinh")
    add_members(period, [library, museum])
    add_members(other_period, [school])
    set_leader(period, "head", library)
    set_leader(period, "deputy", museum)
    return {
        "cao_bang": cao_bang, "ha_tinh": ha_tinh, "block": block, "period": period, "other_period": other_period,
        "library": library, "museum": museum, "school": school,
        "admin": make_user("quan-tri", (Role.ADMIN, None)),
        "staff": make_user("so-noi-vu-cb", (Role.ORGANISER_STAFF, cao_bang)),
        "other_staff": make_user("so-noi-vu-ht", (Role.ORGANISER_STAFF, ha_tinh)),
        "officer": make_user("can-bo-thu-vien", (Role.UNIT_OFFICER, library)),
        "other_officer": make_user("can-bo-truong-ht", (Role.UNIT_OFFICER, school)),
        "leader": make_user("lanh-dao-thu-vien", (Role.LEADER, library)),
        "nobody": make_user("chua-phan-quyen"),
    }


def status(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def organiser_data(**values):
    data = {"name": "Ủy ban nhân dân tỉnh Điện Biên (thử)", "short_name": "UBND tỉnh Điện Biên", "kind": "province",
            "doc_abbreviation": "UBND", "area": b.area("dien-bien").pk, "sector": "",
            "council_name": "Hội đồng Thi đua - Khen thưởng tỉnh Điện Biên"}
    return {**data, **values}


# ---- organisers ---------------------------------------------------------------------------------------------

def test_organiser_list_for_the_administrator_and_the_organisers_own_staff(client, w):
    url = reverse("orgs:organiser_list")
    client.force_login(w["admin"])
    html = client.get(url).content.decode()
    assert "Ủy ban nhân dân tỉnh Cao Bằng (thử)" in html and "Ủy ban nhân dân tỉnh Hà Tĩnh (thử)" in html
    assert reverse("orgs:organiser_create") in html
    client.force_login(w["staff"])
    html = client.get(url).content.decode()
    assert "Ủy ban nhân dân tỉnh Cao Bằng (thử)" in html and "Hà Tĩnh (thử)" not in html
    assert reverse("orgs:organiser_create") not in html
    assert reverse("orgs:organiser_edit", args=[w["cao_bang"].pk]) in html
    for user in ("officer", "leader", "nobody"):
        assert status(client, w[user], url) == 403, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_organiser_list_does_not_query_per_row(client, w):
    client.force_login(w["admin"])
    url = reverse("orgs:organiser_list")
    counts = []
    for n in (0, 3):
        for i in range(n):
            b.organiser(f"thu-nganh-{i}", f"Bộ, ngành thử {i}", "sector", sector_code="toa-an")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_administrator_creates_an_organiser_logged_and_sent_to_its_first_block(client, w):
    url = reverse("orgs:organiser_create")
    client.force_login(w["admin"])
    assert client.get(url).status_code == 200
    response = client.post(url, organiser_data())
    organiser = Organiser.objects.get(name="Ủy ban nhân dân tỉnh Điện Biên (thử)")
    assert response.status_code == 302
    assert response.url == f"{reverse('clusters:cluster_create')}?organiser={organiser.pk}"
    assert organiser.code and organiser.doc_abbreviation == "UBND" and organiser.area.code == "dien-bien"
    entry = Activity.objects.get(scope=f"organiser:{organiser.pk}")
    assert entry.action == Activity.Action.CREATE and entry.actor == w["admin"]
    assert entry.summary.startswith("Thêm cơ quan tổ chức: Ủy ban nhân dân tỉnh Điện Biên (thử)")


def test_only_the_administrator_creates_organisers(client, w):
    url = reverse("orgs:organiser_create")
    before = Organiser.objects.count()
    for user in ("staff", "officer", "nobody"):
        assert status(client, w[user], url) == 403, user
        assert status(client, w[user], url, "post", organiser_data()) == 403, user
    client.logout()
    assert client.post(url, organiser_data()).status_code == 302  # to the log-in page
    assert Organiser.objects.count() == before


def test_a_bad_organiser_is_refused_in_vietnamese_keeping_what_was_typed(client, w):
    client.force_login(w["admin"])
    url = reverse("orgs:organiser_create")
    before = Organiser.objects.count(), Activity.objects.count()
    response = client.post(url, organiser_data(area=""))
    html = response.content.decode()
    assert response.status_code == 200 and "phải chọn tỉnh, thành phố" in html
    assert 'value="Hội đồng Thi đua - Khen thưởng tỉnh Điện Biên"' in html
    response = client.post(url, organiser_data(kind="sector", area=""))
    assert "phải chọn ngành" in response.content.decode()
    response = client.post(url, organiser_data(name="Ủy ban nhân dân tỉnh Cao Bằng (THỬ)"))
    assert "Đã có cơ quan tổ chức" in response.content.decode()
    response = client.post(url, organiser_data(name=""))
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert (Organiser.objects.count(), Activity.objects.count()) == before


def test_an_organisers_staff_edit_their_own_organiser_but_not_its_kind(client, w):
    organiser = w["cao_bang"]
    url = reverse("orgs:organiser_edit", args=[organiser.pk])
    client.force_login(w["staff"])
    response = client.get(url)
    assert response.status_code == 200 and "kind" not in response.context["form"].fields
    data = organiser_data(name=organiser.name, area=organiser.area_id, kind="central", doc_abbreviation="UBND-CB",
                          council_name="Hội đồng Thi đua - Khen thưởng tỉnh Cao Bằng")
    assert client.post(url, data).status_code == 302
    organiser.refresh_from_db()
    assert organiser.doc_abbreviation == "UBND-CB" and organiser.kind == "province"
    entry = Activity.objects.get(scope=f"organiser:{organiser.pk}")
    assert {"field": "chữ viết tắt tên cơ quan trên văn bản", "old": "", "new": "UBND-CB"} in entry.changes
    for user in ("other_staff", "officer", "leader", "nobody"):
        assert status(client, w[user], url) == 403, user
    assert status(client, w["other_staff"], url, "post", {**data, "doc_abbreviation": "X"}) == 403
    organiser.refresh_from_db()
    assert organiser.doc_abbreviation == "UBND-CB"
    client.force_login(w["admin"])
    assert "kind" in client.get(url).context["form"].fields


# ---- clusters and blocks ------------------------------------------------------------------------------------

def block_data(w, **values):
    data = {"name": "Khối thi đua các cơ quan Đảng, đoàn thể tỉnh Cao Bằng", "short_name": "Khối Đảng, đoàn thể",
            "kind": "khoi", "organiser": w["cao_bang"].pk, "area": b.area("cao-bang").pk,
            "regulation_doc": "Quyết định số 15/QĐ-KTĐ ngày 10/01/2025", "description": ""}
    return {**data, **values}


def test_an_organisers_staff_create_a_block_and_land_on_its_page_with_the_next_step(client, w):
    url = reverse("clusters:cluster_create")
    client.force_login(w["staff"])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["organiser"].queryset) == [w["cao_bang"]]
    assert form.initial["organiser"] == w["cao_bang"]
    response = client.post(url, block_data(w))
    block = Cluster.objects.get(name="Khối thi đua các cơ quan Đảng, đoàn thể tỉnh Cao Bằng")
    assert response.status_code == 302 and response.url == block.get_absolute_url()
    assert block.kind == "khoi" and block.organiser == w["cao_bang"] and block.code
    entry = Activity.objects.get(scope=block.scope)
    assert entry.action == Activity.Action.CREATE and entry.summary.startswith("Tạo khối thi đua:")
    html = client.get(block.get_absolute_url()).content.decode()
    assert 'id="next-step"' in html and reverse("clusters:period_create", args=[block.pk]) in html


def test_a_block_is_created_only_for_the_users_own_organiser(client, w):
    url = reverse("clusters:cluster_create")
    before = Cluster.objects.count(), Activity.objects.count()
    client.force_login(w["other_staff"])
    response = client.post(url, block_data(w))  # Cao Bằng's organiser is not among Hà Tĩnh's staff's choices
    assert response.status_code == 200 and response.context["form"].errors["organiser"]
    for user in ("officer", "leader", "nobody"):
        assert status(client, w[user], url) == 403, user
        assert status(client, w[user], url, "post", block_data(w)) == 403, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert (Cluster.objects.count(), Activity.objects.count()) == before


def test_a_bad_block_is_refused_keeping_what_was_typed(client, w):
    client.force_login(w["staff"])
    url = reverse("clusters:cluster_create")
    before = Cluster.objects.count(), Activity.objects.count()
    response = client.post(url, block_data(w, name=w["block"].name.upper()))
    html = response.content.decode()
    assert response.status_code == 200 and "đã có khối thi đua" in html
    assert 'value="Quyết định số 15/QĐ-KTĐ ngày 10/01/2025"' in html
    response = client.post(url, block_data(w, name="", kind="khac"))
    assert response.status_code == 200 and {"name", "kind"} <= set(response.context["form"].errors)
    assert (Cluster.objects.count(), Activity.objects.count()) == before
    # a cluster's staff may not move it to another organiser either
    edit = reverse("clusters:cluster_edit", args=[w["block"].pk])
    assert list(client.get(edit).context["form"].fields["organiser"].queryset) == [w["cao_bang"]]


# ---- one unit -----------------------------------------------------------------------------------------------

def unit_data(w, **values):
    data = {"code": "", "name": "Nhà hát Ca múa nhạc tỉnh Cao Bằng", "short_name": "Nhà hát CMN",
            "doc_abbreviation": "NH", "kind": "agency", "sector": "", "parent": "", "parent_outside": "",
            "area": b.area("cao-bang").pk, "address": "", "phone": "", "email": "", "period": w["period"].pk}
    return {**data, **values}


def test_an_organisers_staff_add_a_unit_into_their_year_and_still_reach_it(client, w):
    url = reverse("orgs:unit_create")
    client.force_login(w["staff"])
    response = client.get(url, {"period": w["period"].pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert [pk for pk, _label in form.fields["period"].choices if pk] == [w["period"].pk]
    assert form.fields["period"].required and form.initial["period"] == w["period"].pk
    response = client.post(url, unit_data(w))
    unit = Unit.objects.get(name="Nhà hát Ca múa nhạc tỉnh Cao Bằng")
    assert response.status_code == 302 and response.url == unit.get_absolute_url()
    assert unit.code == "nha-hat-ca-mua-nhac-tinh-cao-bang" and unit.doc_abbreviation == "NH"
    assert UnitName.objects.filter(unit=unit, name=unit.name).exists()
    assert Membership.objects.filter(period=w["period"], unit=unit).exists()
    assert Activity.objects.filter(scope=f"unit:{unit.pk}", action=Activity.Action.CREATE).exists()
    assert Activity.objects.filter(scope=w["block"].scope, summary__contains=unit.name).exists()
    # reached afterwards: its staff edit it and add its people
    assert client.get(reverse("orgs:unit_edit", args=[unit.pk])).status_code == 200
    assert client.get(reverse("orgs:person_create", args=[unit.pk])).status_code == 200


def test_a_unit_is_added_only_to_the_users_own_years(client, w):
    url = reverse("orgs:unit_create")
    before = Unit.objects.count(), Membership.objects.count(), Activity.objects.count()
    client.force_login(w["other_staff"])
    response = client.post(url, unit_data(w))  # Cao Bằng's year is not Hà Tĩnh's staff's to fill
    assert response.status_code == 200 and response.context["form"].errors["period"]
    for user in ("officer", "leader", "nobody"):
        assert status(client, w[user], url) == 403, user
        assert status(client, w[user], url, "post", unit_data(w)) == 403, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert (Unit.objects.count(), Membership.objects.count(), Activity.objects.count()) == before


def test_a_bad_unit_is_refused_in_vietnamese_and_nothing_is_written(client, w):
    client.force_login(w["staff"])
    url = reverse("orgs:unit_create")
    before = Unit.objects.count(), Membership.objects.count(), Activity.objects.count()
    response = client.post(url, unit_data(w, period=""))
    html = response.content.decode()
    assert response.status_code == 200 and "Cần chọn năm thi đua để thêm đơn vị vào." in html
    assert 'value="Nhà hát Ca múa nhạc tỉnh Cao Bằng"' in html
    response = client.post(url, unit_data(w, code="thu-thu-vien-cb"))
    assert "Đã có đơn vị mang mã này" in response.content.decode()
    response = client.post(url, unit_data(w, code="THU-THU-VIEN-CB"))  # the same code in capitals
    assert "Đã có đơn vị mang mã này" in response.content.decode()
    response = client.post(url, unit_data(w, code="mã có dấu"))
    assert "chỉ được gồm chữ không dấu" in response.content.decode()
    response = client.post(url, unit_data(w, email="khong-phai-thu"))
    assert response.context["form"].errors["email"]
    assert (Unit.objects.count(), Membership.objects.count(), Activity.objects.count()) == before


def test_a_year_that_is_over_takes_no_new_unit(client, w):
    w["other_period"].phase = Phase.CLOSED
    w["other_period"].save()
    client.force_login(w["other_staff"])
    html = client.get(reverse("orgs:unit_create")).content.decode()
    assert 'id="no-open-year"' in html and "<form" not in html.split('id="no-open-year"')[1]


def test_the_administrator_adds_a_unit_with_or_without_a_year(client, w):
    url = reverse("orgs:unit_create")
    client.force_login(w["admin"])
    assert "period" not in client.get(url).context["form"].fields
    assert client.post(url, unit_data(w, name="Đoàn Nghệ thuật tỉnh Cao Bằng", period="")).status_code == 302
    unit = Unit.objects.get(name="Đoàn Nghệ thuật tỉnh Cao Bằng")
    assert not unit.memberships.exists()
    form = client.get(url, {"period": w["other_period"].pk}).context["form"]
    assert not form.fields["period"].required
    response = client.post(f"{url}?period={w['other_period'].pk}",
                           unit_data(w, name="Trường Cao đẳng tỉnh Hà Tĩnh", period=w["other_period"].pk))
    assert response.status_code == 302
    assert Membership.objects.filter(period=w["other_period"], unit__name="Trường Cao đẳng tỉnh Hà Tĩnh").exists()


# ---- one person ---------------------------------------------------------------------------------------------

def person_data(**values):
    data = {"full_name": "Nông Thị Hoa", "gender": "female", "birth_date": "05/03/1980", "rank": "Thiếu tá",
            "staff_code": "TV-001", "position": "Phó Giám đốc", "category": "leader", "status": "working"}
    return {**data, **values}


def test_a_units_officer_adds_its_people_with_their_rank(client, w):
    url = reverse("orgs:person_create", args=[w["library"].pk])
    client.force_login(w["officer"])
    assert client.get(url).status_code == 200
    response = client.post(url, person_data())
    person = Person.objects.get(full_name="Nông Thị Hoa")
    assert response.status_code == 302 and response.url == person.get_absolute_url()
    assert person.unit == w["library"] and person.rank == "Thiếu tá" and person.birth_date.isoformat() == "1980-03-05"
    entry = Activity.objects.get(scope=f"unit:{w['library'].pk}", action=Activity.Action.CREATE)
    assert entry.summary == "Thêm cá nhân: Nông Thị Hoa"
    assert {"field": "cấp bậc, quân hàm", "old": "", "new": "Thiếu tá"} in entry.changes
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<td id="person-rank">Thiếu tá</td>' in html
    # "save and add another" comes back to an empty form of the same unit
    response = client.post(url, person_data(full_name="Hoàng Văn Nam", staff_code="TV-002", save_and_add="1"))
    assert response.status_code == 302 and response.url == url
    # the edit form has the rank too
    edit = reverse("orgs:person_edit", args=[person.pk])
    assert "rank" in client.get(edit).context["form"].fields
    assert client.post(edit, person_data(rank="Trung tá")).status_code == 302
    person.refresh_from_db()
    assert person.rank == "Trung tá"


def test_people_are_added_by_the_unit_and_its_organiser_only(client, w):
    url = reverse("orgs:person_create", args=[w["library"].pk])
    assert status(client, w["staff"], url) == 200
    assert status(client, w["admin"], url) == 200
    before = Person.objects.count()
    for user in ("other_officer", "other_staff", "leader", "nobody"):
        assert status(client, w[user], url) == 403, user
        assert status(client, w[user], url, "post", person_data()) == 403, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Person.objects.count() == before


def test_a_bad_person_is_refused_in_vietnamese_and_nothing_is_written(client, w):
    Person.objects.create(unit=w["library"], full_name="Lục Văn Sơn", gender="male", staff_code="TV-001")
    url = reverse("orgs:person_create", args=[w["library"].pk])
    client.force_login(w["officer"])
    before = Person.objects.count(), Activity.objects.count()
    response = client.post(url, person_data())
    html = response.content.decode()
    assert response.status_code == 200 and "Đơn vị đã có cá nhân mang mã cán bộ “TV-001” (Lục Văn Sơn)." in html
    assert 'value="Thiếu tá"' in html
    response = client.post(url, person_data(birth_date="31/02/1980"))
    assert response.context["form"].errors["birth_date"]
    response = client.post(url, person_data(full_name=""))
    assert response.context["form"].errors["full_name"]
    assert (Person.objects.count(), Activity.objects.count()) == before
    # the same staff code on the edit page is refused too, instead of a database error
    other = Person.objects.create(unit=w["library"], full_name="Bế Thị Lan", gender="female", staff_code="TV-009")
    response = client.post(reverse("orgs:person_edit", args=[other.pk]), person_data(full_name="Bế Thị Lan"))
    assert response.status_code == 200 and "mã cán bộ “TV-001”" in response.content.decode()
    other.refresh_from_db()
    assert other.staff_code == "TV-009"


def test_add_person_from_the_menu(client, w):
    url = reverse("orgs:person_create_choose")
    client.force_login(w["officer"])  # one unit: straight to its form
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("orgs:person_create", args=[w["library"].pk])
    client.force_login(w["staff"])  # the units it reaches, to choose from
    response = client.get(url)
    assert [pk for pk, _name in response.context["units"]] == sorted(
        [w["library"].pk, w["museum"].pk], key=lambda pk: Unit.objects.get(pk=pk).sort_key)
    response = client.get(url, {"unit": w["museum"].pk})
    assert response.url == reverse("orgs:person_create", args=[w["museum"].pk])
    assert client.get(url, {"unit": w["school"].pk}).status_code == 200  # not one of its units: stays on the list
    assert status(client, w["leader"], url) == 403
    assert status(client, w["nobody"], url) == 403


# ---- the menu -----------------------------------------------------------------------------------------------

def test_the_setup_menu_leads_to_the_pages_of_each_role(client, w):
    url = reverse("screens:setup_index")
    client.force_login(w["staff"])
    html = client.get(url).content.decode()
    for name in ("orgs:organiser_list", "clusters:cluster_create", "orgs:unit_create", "orgs:person_create_choose",
                 "law:local_names"):
        assert reverse(name) in html, name
    assert 'id="menu-setup"' in html and reverse("admin:index") not in html
    client.force_login(w["officer"])
    html = client.get(url).content.decode()
    assert reverse("orgs:person_create_choose") in html
    for name in ("orgs:organiser_list", "clusters:cluster_create", "orgs:unit_create", "law:local_names"):
        assert reverse(name) not in html, name
    for user in ("leader", "nobody"):
        assert status(client, w[user], url) == 403, user
        client.force_login(w[user])
        assert 'id="menu-setup"' not in client.get(reverse("home")).content.decode()
    # the lists lead to the forms of those who may use them
    client.force_login(w["staff"])
    assert 'id="add-unit"' in client.get(reverse("orgs:unit_list")).content.decode()
    assert 'id="add-cluster"' in client.get(reverse("clusters:cluster_list")).content.decode()
    client.force_login(w["officer"])
    assert 'id="add-unit"' not in client.get(reverse("orgs:unit_list")).content.decode()
    assert 'id="add-cluster"' not in client.get(reverse("clusters:cluster_list")).content.decode()
    html = client.get(reverse("orgs:person_list"), {"unit": w["library"].pk}).content.decode()
    assert reverse("orgs:person_create", args=[w["library"].pk]) in html
    # the Django admin stays for system administrators only
    w["staff"].is_staff = True
    w["staff"].save()
    client.force_login(w["staff"])
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    w["admin"].is_staff = True
    w["admin"].save()
    client.force_login(w["admin"])
    html = client.get(url).content.decode()
    assert reverse("admin:index") in html and reverse("orgs:organiser_list") in html


# ---- all or nothing -----------------------------------------------------------------------------------------

def test_a_create_whose_log_cannot_be_written_leaves_nothing(client, w, monkeypatch):
    """Each create writes its record and its log entry in one transaction: when the log fails, nothing stays."""
    from thidua.core import activity

    def broken(*args, **kwargs):
        raise RuntimeError("the log is down")

    client.force_login(w["admin"])
    posts = [
        (reverse("orgs:organiser_create"), organiser_data(), Organiser.objects.count),
        (reverse("clusters:cluster_create"), block_data(w), Cluster.objects.count),
        (f"{reverse('orgs:unit_create')}?period={w['period'].pk}", unit_data(w), Unit.objects.count),
        (reverse("orgs:person_create", args=[w["library"].pk]), person_data(), Person.objects.count),
    ]
    monkeypatch.setattr(activity, "record", broken)
    for url, data, count in posts:
        before = count(), Membership.objects.count(), UnitName.objects.count()
        with pytest.raises(RuntimeError):
            client.post(url, data)
        assert (count(), Membership.objects.count(), UnitName.objects.count()) == before, url
