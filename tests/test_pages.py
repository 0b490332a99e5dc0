import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(s1, make_user, client):
    user = make_user("ca", (Role.UNIT_OFFICER, s1["units"]["ca"]))
    client.force_login(user)
    return user


def test_accent_free_search_finds_the_block(client, officer, s1):
    response = client.get("/cum-khoi/", {"q": "noi chinh lang son"})
    rows = list(response.context["table"].page.object_list.data)
    assert [r.name for r in rows] == ["Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn"]
    assert client.get("/cum-khoi/", {"q": "Nội Chính"}).context["table"].page.object_list.data[0] == s1["cluster"]
    assert not list(client.get("/cum-khoi/", {"q": "khong co cum nay"}).context["table"].page.object_list.data)


def test_cluster_list_filters_by_year_organiser_kind_and_province(client, officer, s1, s2):
    def names(**params):
        return [c.name for c in client.get("/cum-khoi/", params).context["table"].data]

    # the officer's own cluster first (its unit is a member), then the others by name
    assert names(year=2023) == [s1["cluster"].name, s2["cluster"].name]
    assert names(year=2023, sort="-name") == [s1["cluster"].name, s2["cluster"].name]
    assert set(names(year=2023)) == {s1["cluster"].name, s2["cluster"].name}
    assert names(organiser=s2["organiser"].pk) == [s2["cluster"].name]
    assert names(kind="khoi") == [s1["cluster"].name]
    assert names(area=s1["cluster"].area_id) == [s1["cluster"].name]
    assert names(year=1990) == []
    # head and deputy columns follow the chosen year
    rows = {c.name: c for c in client.get("/cum-khoi/", {"year": 2024}).context["table"].data}
    assert rows[s1["cluster"].name].head_name == "Cục Thi hành án dân sự tỉnh Lạng Sơn"
    assert rows[s1["cluster"].name].deputy_name == "Tiểu đoàn Cảnh sát cơ động số 2"


def test_the_cluster_filter_offers_the_provinces_and_organisers_that_have_clusters(client, officer, s1, s2):
    from thidua.orgs.models import Area, Organiser

    form = client.get("/cum-khoi/").context["filter"].form
    areas = [a for a, _label in form.fields["area"].choices if a != ""]
    organisers = [o for o, _label in form.fields["organiser"].choices if o != ""]
    assert {a.value for a in areas} == {s1["cluster"].area_id, s2["cluster"].area_id} - {None}
    assert {o.value for o in organisers} == {s1["organiser"].pk, s2["organiser"].pk}
    assert Area.objects.count() > 80 and Organiser.objects.count() >= len(organisers)
    assert len(areas) < 5


def test_bad_filter_values_do_not_fail(client, officer, s1):
    for params in ({"year": "abc"}, {"organiser": "999999"}, {"area": "x"}, {"page": "999"}, {"sort": "bogus"}):
        assert client.get("/cum-khoi/", params).status_code in (200, 404)
    assert client.get("/ca-nhan/", {"unit": "abc"}).status_code == 200


def test_excel_export_of_the_cluster_list(client, officer, s1, s2):
    response = client.get("/cum-khoi/", {"year": 2024, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tên cụm, khối" and "Trưởng cụm, khối 2024" in rows[0]  # clusters and blocks listed
    by_name = {r[0]: r for r in rows[1:]}
    s1_row = by_name["Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn"]
    assert "Cục Thi hành án dân sự tỉnh Lạng Sơn" in s1_row and 7 in s1_row


def test_cluster_page_shows_heads_across_years_and_the_timeline(client, officer, s1):
    response = client.get(s1["cluster"].get_absolute_url(), {"year": 2023})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tòa án nhân dân tỉnh Lạng Sơn" in html and "Thành viên năm 2023 (7 đơn vị)" in html
    assert "Theo phân công" in html
    assert "Khối trưởng năm 2024" in html  # the timeline records the change, in the block's words


def test_unit_page_shows_the_years_it_led(client, officer, s1):
    html = client.get(s1["units"]["thads"].get_absolute_url()).content.decode()
    assert "Các năm làm trưởng, phó của cụm, khối" in html
    panels = client.get(s1["units"]["thads"].get_absolute_url()).context["panels"]
    led = next(p["data"]["leadership"] for p in panels if p["template"] == "clusters/_unit_panels.html")
    assert [(t.period.year, t.role) for t in led] == [(2024, "head"), (2023, "deputy")]


def test_home_lists_my_clusters(client, make_user, s1):
    import datetime as dt

    from thidua.clusters.domain.periods import create_period

    this_year = dt.date.today().year
    create_period(s1["cluster"], this_year, copy_members_from=s1["cluster"].periods.get(year=2024))
    client.force_login(make_user("ca", (Role.UNIT_OFFICER, s1["units"]["ca"])))
    years = client.get("/").context["years"]
    assert [y.cluster_name for y in years if y.year == this_year] == [s1["cluster"].name]


@pytest.mark.parametrize("name", ["clusters:cluster_detail", "clusters:cluster_edit", "clusters:period_detail",
                                  "orgs:unit_detail", "orgs:unit_edit", "orgs:person_detail", "orgs:person_edit"])
def test_missing_objects_answer_404_not_500(client, officer, name):
    response = client.get(reverse(name, args=[987654]))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_a_form_with_bad_input_keeps_what_was_typed(client, s1, make_user):
    client.force_login(make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])))
    url = reverse("clusters:period_create", args=[s1["cluster"].pk])
    response = client.post(url, {"year": 2031, "start_date": "31/12/2031", "end_date": "01/01/2031", "notes": "ghi chú"})
    html = response.content.decode()
    assert response.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu" in html
    assert 'value="31/12/2031"' in html and "ghi chú" in html
    assert not s1["cluster"].periods.filter(year=2031).exists()
    response = client.post(url, {"year": 2031, "start_date": "05/06/2031", "end_date": "04/06/2032"})
    period = s1["cluster"].periods.get(year=2031)
    assert period.start_date.month == 6 and period.start_date.day == 5
    assert period.memberships.count() == 7  # members carried over from the previous year


def test_a_refused_leader_form_keeps_what_was_typed(client, s1, make_user):
    period = s1["cluster"].periods.get(year=2024)
    client.force_login(make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])))
    response = client.post(reverse("clusters:period_set_leader", args=[period.pk]),
                           {"role": "deputy", "method": "election", "decision_ref": "Biên bản số 7"})
    html = response.content.decode()
    assert response.status_code == 200 and "Biên bản số 7" in html and "bắt buộc" in html
    # a unit already head cannot also be deputy: the reason is shown, the form kept
    response = client.post(reverse("clusters:period_set_leader", args=[period.pk]),
                           {"role": "deputy", "unit": s1["units"]["thads"].pk, "method": "election",
                            "decision_ref": "Biên bản số 8"})
    assert "đã là khối trưởng" in response.content.decode() and "Biên bản số 8" in response.content.decode()
    assert period.leadership_terms.get(role="deputy").unit == s1["units"]["cscd2"]


def test_the_whole_activity_log_of_a_cluster(client, officer, s1):
    response = client.get(reverse("clusters:cluster_activity", args=[s1["cluster"].pk]), {"q": "Trưởng"})
    assert response.status_code == 200 and response.context["page"].object_list
    assert client.get(reverse("clusters:cluster_activity", args=[99999])).status_code == 404
