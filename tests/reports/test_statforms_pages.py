"""The statistical forms' pages: who may open them (the organiser's own staff, the system administrator for any
and for the whole country), the set chosen by the year with its due date and cut-off, a form's table with its
typed cells marked and a link to type them, each computed figure a link to its records, the Excel download, the
input page saving and refusing bad input."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.reports.statforms_data import invent
from thidua.accounts.models import Role
from thidua.clusters.models import Membership
from thidua.orgs.models import Organiser
from thidua.reports.models import StatisticalInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db, make_user):
    found = invent("tp")
    found["staff"] = make_user("tp-staff", (Role.ORGANISER_STAFF, found["province"]))
    found["other_staff"] = make_user("tp-other", (Role.ORGANISER_STAFF, found["ministry"]))
    found["admin"] = make_user("tp-admin", (Role.ADMIN, None))
    found["officer"] = make_user("tp-officer", (Role.UNIT_OFFICER, found["a1"]))
    return found


def _url(name, who, *args):
    return reverse(f"reports:{name}", args=[who, *args])


def test_who_may_open_them(data, client_for, client):
    p = data["province"].pk
    pages = [_url("statforms_set", p, 2024), _url("statform", p, 2024, "0602"),
             _url("statform_excel", p, 2024, "0602"), _url("statforms_excel", p, 2024),
             _url("statform_input", p, 2024, "0605")]
    staff = client_for(data["staff"])
    for url in pages:
        assert staff.get(url).status_code == 200, url
    assert staff.get(reverse("reports:statforms_index")).status_code == 200
    assert staff.get(_url("statforms_set", "toan-quoc", 2024)).status_code == 403
    for user in (data["other_staff"], data["officer"]):
        other = client_for(user)
        for url in pages:
            assert other.get(url).status_code == 403, (user, url)
    assert client_for(data["officer"]).get(reverse("reports:statforms_index")).status_code == 403
    admin = client_for(data["admin"])
    for url in [*pages, _url("statforms_set", "toan-quoc", 2024), _url("statform", "toan-quoc", 2024, "0601")]:
        assert admin.get(url).status_code == 200, url
    assert admin.get(_url("statform_input", "toan-quoc", 2024, "0605")).status_code == 403
    client.logout()
    assert client.get(pages[0]).status_code == 302


def test_the_set_page_says_the_circular_period_and_due_date(data, client_for):
    page = client_for(data["staff"]).get(_url("statforms_set", data["province"].pk, 2024)).content.decode()
    assert "Thông tư số 02/2023/TT-BNV ngày 23/03/2023" in page
    assert "01/12/2023 – 30/11/2024" in page and "15/12/2024" in page
    assert "0605.N/BNV-TĐKT" in page
    before = client_for(data["staff"]).get(_url("statforms_set", data["province"].pk, 2021)).content.decode()
    assert "03/2018/TT-BNV" in before and "statform-list" not in before
    later = client_for(data["staff"]).get(_url("statforms_set", data["province"].pk, 2026)).content.decode()
    assert "18/2025/TT-BNV" in later and "?bo=tt02-2023" in later


def test_a_form_links_its_figures_and_marks_what_is_typed(data, client_for):
    staff = client_for(data["staff"])
    page = staff.get(_url("statform", data["province"].pk, 2024, "0603")).content.decode()
    assert "ô tô vàng chưa nhập: hệ thống không có các số liệu này." in page and 'id="input-link"' in page
    assert 'data-kind="input"' in page and "table-warning" in page
    link = _url("statform_records", data["province"].pk, 2024, "0603") + "?dong=05&amp;cot=bk"
    assert link in page
    # the figure is whole; the records are the registry's the staff may list: a1 is in none of their clusters
    records = staff.get(link.replace("&amp;", "&")).content.decode()
    assert "(2 lượt)" in records and "Nguyễn Văn Thử tp" not in records
    assert "2 lượt khen cá nhân của đơn vị ngoài phạm vi quản lý không hiển thị" in records
    exported = load_workbook(io.BytesIO(staff.get(link.replace("&amp;", "&") + "&export=xlsx").content)).active
    assert "Nguyễn Văn Thử tp" not in str([c.value for row in exported.iter_rows() for c in row])
    admin = client_for(data["admin"]).get(link.replace("&amp;", "&")).content.decode()
    assert "Nguyễn Văn Thử tp" in admin and "records-hidden" not in admin
    Membership.objects.create(period=data["period"], unit=data["a1"])  # now a member of the staff's cluster
    records = staff.get(link.replace("&amp;", "&")).content.decode()
    assert "Nguyễn Văn Thử tp" in records and "records-hidden" not in records
    assert staff.get(_url("statform_records", data["province"].pk, 2024, "0603") + "?dong=03&cot=bk").status_code == 404


def test_typing_saves_and_bad_input_changes_nothing(data, client_for):
    staff = client_for(data["staff"])
    url = _url("statform_input", data["province"].pk, 2024, "0604")
    page = staff.get(url).content.decode()
    assert 'name="c-02:n"' in page and 'name="c-01:n"' not in page  # the total is a sum, not typed
    answer = staff.post(url, {"version": "", "c-02:n": "1", "c-05:n": "3"})
    assert answer.status_code == 302
    assert StatisticalInput.objects.get(organiser=data["province"], form="0604").values == {"02:n": 1, "05:n": 3}
    shown = staff.get(_url("statform", data["province"].pk, 2024, "0604")).content.decode()
    assert 'data-cell="01:n" data-kind="sum">4<' in shown
    bad = staff.post(url, {"c-02:n": "hai", "c-05:n": "-3"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Chưa lưu: 2 ô chưa đúng" in text and "is-invalid" in text and 'value="hai"' in text
    assert StatisticalInput.objects.get(organiser=data["province"], form="0604").values == {"02:n": 1, "05:n": 3}


def test_the_excel_download_is_the_form(data, client_for):
    answer = client_for(data["staff"]).get(_url("statform_excel", data["province"].pk, 2024, "0602"))
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book["Biểu 0602"]
    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    totals = next(row for row in sheet.iter_rows() if row[1].value == "01")
    assert totals[3].value == 4


def test_the_index_lists_the_users_organisers(data, client_for):
    page = client_for(data["staff"]).get(reverse("reports:statforms_index") + "?nam=2024").content.decode()
    assert data["province"].name in page and data["ministry"].name not in page and "Toàn quốc" not in page
    page = client_for(data["admin"]).get(reverse("reports:statforms_index") + "?nam=2024").content.decode()
    assert data["province"].name in page and data["ministry"].name in page and "Toàn quốc" in page


def test_addresses_typed_by_hand_answer_without_error(data, client_for):
    admin = client_for(data["admin"])
    assert admin.get(_url("statforms_set", "9" * 30, 2024)).status_code == 404
    assert admin.get(_url("statforms_set", "ai-do", 2024)).status_code == 404
    assert admin.get(_url("statforms_set", data["province"].pk, 1900)).status_code == 404
    assert admin.get(_url("statform", data["province"].pk, 2024, "0999")).status_code == 404
    page = admin.get(_url("statform", data["province"].pk, 2024, "0602") + "?den=31/02/2024&bo=khong-co")
    assert page.status_code == 400 and "không đọc được" in page.content.decode()
    assert admin.get(reverse("reports:statforms_index") + "?nam=" + "9" * 30).status_code == 200


def test_a_form_page_makes_as_many_queries_for_many_records_as_for_few(data, client_for):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports.statforms_data import _record
    from thidua.awards.models import AwardRecord
    from thidua.demo import builders as b

    staff = client_for(data["staff"])
    url = _url("statform", data["province"].pk, 2024, "0602")
    staff.get(url)
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url).status_code == 200
    units = [b.unit(f"tp-more-{i}", f"Đơn vị thêm {i}", area_code=data["area"].code) for i in range(15)]
    AwardRecord.objects.bulk_create([_record(code, "collective", unit, dt.date(2024, 2, 2))
                                     for unit in units for code in ("hcld-1", "co-cp", "bk-ttg")])
    with CaptureQueriesContext(connection) as many:
        page = staff.get(url)
    assert 'data-cell="01:total" data-kind="sum">49<' in page.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("den, reason", [
    ("31/12/9999", "nằm ngoài kỳ báo cáo năm 2024: chỉ chốt được từ ngày 01/12/2023 (ngày đầu kỳ) đến ngày 31/12/2024"),
    ("30/11/2023", "nằm ngoài kỳ báo cáo năm 2024"),
    ("hôm qua", "“hôm qua” không đọc được"),
])
def test_a_cut_off_outside_the_period_or_unreadable_is_refused_computing_nothing(data, client_for, monkeypatch,
                                                                                den, reason):
    from thidua.reports.domain.statforms import compute

    def refuse(*args, **kwargs):
        raise AssertionError("computed")

    monkeypatch.setattr(compute, "compute", refuse)
    staff = client_for(data["staff"])
    p = data["province"].pk
    for url in (_url("statforms_set", p, 2024), _url("statform", p, 2024, "0602"),
                _url("statform_records", p, 2024, "0603"), _url("statform_input", p, 2024, "0605"),
                _url("statform_excel", p, 2024, "0602"), _url("statforms_excel", p, 2024)):
        answer = staff.get(url, {"den": den, "dong": "05", "cot": "bk"})
        assert answer.status_code == 400, url
        assert answer["Content-Type"].startswith("text/html"), url  # the page with the reason, no file
        text = answer.content.decode()
        assert reason in text and "Chưa tính biểu nào" in text, url
    # the others still see nothing of it: permission first
    assert client_for(data["other_staff"]).get(_url("statform", p, 2024, "0602"), {"den": den}).status_code == 403


def test_a_cut_off_within_the_period_is_used(data, client_for):
    staff = client_for(data["staff"])
    p = data["province"].pk
    page = staff.get(_url("statform", p, 2024, "0602"), {"den": "29/11/2024"}).content.decode()
    assert 'data-cell="01:total" data-kind="sum">3<' in page  # the CSTĐTQ of 30/11 falls out
    late = staff.get(_url("statforms_excel", p, 2024), {"den": "31/12/2024"})
    assert late.status_code == 200 and "spreadsheetml" in late["Content-Type"]
    sheet = load_workbook(io.BytesIO(late.content))["Biểu 0602"]
    assert sheet["A6"].value == "Năm 2024 (số liệu từ ngày 01/12/2023 đến ngày 31/12/2024)"


def test_the_year_buttons_lead_only_to_years_that_open(data, client_for):
    import datetime as dt

    admin = client_for(data["admin"])
    p = data["province"].pk
    middle = admin.get(_url("statforms_set", p, 2024)).content.decode()
    assert 'id="year-previous"' in middle and 'id="year-next"' in middle
    first = admin.get(_url("statforms_set", p, 2000)).content.decode()
    assert 'id="year-previous"' not in first and 'id="year-next"' in first
    last_year = dt.date.today().year + 1
    last = admin.get(_url("statforms_set", p, last_year)).content.decode()
    assert 'id="year-previous"' in last and 'id="year-next"' not in last
    assert admin.get(_url("statforms_set", p, last_year + 1)).status_code == 404


def test_the_assumed_first_year_of_circular_18_is_said_to_be_assumed(data, client_for):
    staff = client_for(data["staff"])
    p = data["province"].pk
    page = staff.get(_url("statforms_set", p, 2026)).content.decode()
    assert "giả định, chưa xác minh" in page and "Năm báo cáo 2026 áp dụng" not in page
    reference = staff.get(_url("statforms_set", p, 2026) + "?bo=tt02-2023").content.decode()
    assert "theo mẫu Thông tư số 02/2023/TT-BNV — mẫu của Thông tư số 18/2025/TT-BNV chưa có trong hệ thống" in (
        reference)
    assert "chỉ để tham khảo" not in reference and 'id="statform-list"' in reference


def test_the_central_councils_staff_read_the_country_and_see_only_their_reach(data, client_for, make_user):
    council = Organiser.objects.create(code="tp-tw", name="Hội đồng TĐKT Trung ương Thử", kind="central")
    staff = client_for(make_user("tp-tw-staff", (Role.ORGANISER_STAFF, council)))
    for who in ("toan-quoc", council.pk):
        assert staff.get(_url("statforms_set", who, 2024)).status_code == 200, who
        assert staff.get(_url("statform", who, 2024, "0603")).status_code == 200, who
    assert "Toàn quốc" in staff.get(reverse("reports:statforms_index") + "?nam=2024").content.decode()
    assert staff.get(_url("statforms_set", data["province"].pk, 2024)).status_code == 403
    records = staff.get(_url("statform_records", "toan-quoc", 2024, "0603") + "?dong=05&cot=bk").content.decode()
    assert "(2 lượt)" in records and "Nguyễn Văn Thử tp" not in records and "records-hidden" in records
