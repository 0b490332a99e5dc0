"""The main journeys, clicked through in Chromium as an office user would, on the real S1 data.

S1 — Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn: 7 units; 2023 head TAND tỉnh (assignment),
2024 head Cục THADS tỉnh and deputy Tiểu đoàn CSCĐ số 2 (elected on 09/01/2024)."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo.scenarios import load_s1, load_s2

pytestmark = pytest.mark.browser

S1_NAME = "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn"
S2_NAME = "Cụm thi đua các tỉnh miền núi biên giới phía Bắc"


def search_clusters(page, text):
    """Type into the cluster list's search box and wait for htmx to refresh the table."""
    box = page.locator("#filter-form input[name=q]")
    with page.expect_response(lambda r: "/cum-khoi/" in r.url and "q=" in r.url
                              and r.request.headers.get("hx-request") == "true") as response:
        box.press_sequentially(text, delay=15)
    assert response.value.ok


def test_officer_finds_block_and_sees_leaders_by_year_other_unit_refused(page, log_in, make_user):
    s1 = load_s1(with_year=False)  # the cluster, its members, heads and deputies; not the year's scoring
    load_s2()  # a second cluster, so that the search has something to leave out
    units = s1["units"]
    tand, thads, cscd2 = units["tand"], units["thads"], units["cscd2"]
    assert (tand.short_name, thads.short_name, cscd2.short_name) == (
        "TAND tỉnh", "Cục THADS tỉnh", "Tiểu đoàn CSCĐ số 2")
    make_user("can-bo-tand", (Role.UNIT_OFFICER, tand))
    make_user("can-bo-cong-an", (Role.UNIT_OFFICER, units["ca"]))

    log_in(page, "can-bo-tand")
    page.get_by_role("link", name="Cụm, khối thi đua").first.click()
    expect(page).to_have_url(re.compile(r"/cum-khoi/$"))
    rows = page.locator("#cluster-table tbody tr")
    expect(rows).to_have_count(2)

    search_clusters(page, "noi chinh lang son")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(S1_NAME)
    expect(page.locator("#cluster-table")).not_to_contain_text(S2_NAME)
    expect(page).to_have_url(re.compile(r"[?&]q=noi(\+|%20)chinh(\+|%20)lang(\+|%20)son"))  # bookmarkable

    page.get_by_role("link", name=S1_NAME).click()
    expect(page.locator("h1")).to_have_text(S1_NAME)
    row_2023 = page.locator('#leaders-by-year tr[data-year="2023"]')
    row_2024 = page.locator('#leaders-by-year tr[data-year="2024"]')
    expect(row_2023.locator(".head")).to_contain_text(tand.name)
    expect(row_2024.locator(".head")).to_contain_text(thads.name)
    expect(row_2024.locator(".deputy")).to_contain_text(cscd2.name)
    expect(row_2024.locator(".head")).not_to_contain_text(tand.name)
    # An officer of a member unit sees the block but does not manage its year.
    expect(page.locator("#members tbody tr")).to_have_count(7)
    expect(page.get_by_role("link", name=re.compile("Quản lý năm"))).to_have_count(0)

    # The officer may edit the own unit…
    page.goto(f"/don-vi/{tand.pk}/sua/")
    expect(page.locator("h1")).to_contain_text(tand.name)
    expect(page.locator("text=Không có quyền truy cập")).to_have_count(0)

    # …but an officer of another unit is refused that page, and is not offered the button.
    page.context.clear_cookies()
    log_in(page, "can-bo-cong-an")
    page.goto(f"/don-vi/{tand.pk}/")
    expect(page.locator("h1")).to_contain_text(tand.name)
    expect(page.get_by_role("link", name="Sửa", exact=True)).to_have_count(0)
    response = page.goto(f"/don-vi/{tand.pk}/sua/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("Không có quyền truy cập")
    expect(page.locator("form input[name=name]")).to_have_count(0)


def test_main_pages_have_no_console_errors_or_csp_violations(page, log_in, make_user):
    s1 = load_s1()  # with the 2023 year run through the system, so that the pages show all they can
    tand, thads = s1["units"]["tand"], s1["units"]["thads"]
    cluster = s1["cluster"]
    period_2024 = EmulationPeriod.objects.get(cluster=cluster, year=2024)
    make_user("can-bo-tand", (Role.UNIT_OFFICER, tand))
    make_user("van-phong-thads", (Role.HEAD_STAFF, thads))

    def visit(*paths):
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            page.evaluate("1")  # a round trip, so that the page's console messages have arrived

    page.goto("/tai-khoan/dang-nhap/")
    log_in(page, "can-bo-tand")
    visit("/", "/cum-khoi/", f"/cum-khoi/{cluster.pk}/", f"/cum-khoi/{cluster.pk}/?year=2023",
          f"/don-vi/{tand.pk}/", f"/don-vi/{tand.pk}/sua/", "/don-vi/", "/ca-nhan/", f"/ca-nhan/?unit={tand.pk}")
    # An htmx refresh of the table (the script, its indicator styles, the swapped HTML) under the CSP.
    page.goto("/cum-khoi/")
    search_clusters(page, "noi chinh")
    expect(page.locator("#cluster-table tbody tr")).to_have_count(1)
    page.evaluate("1")

    page.context.clear_cookies()
    log_in(page, "van-phong-thads")
    visit(f"/cum-khoi/nam/{period_2024.pk}/")
    assert page.problems == []


def test_head_unit_staff_manages_2024_and_moves_phase_after_confirming(page, log_in, make_user):
    s1 = load_s1(with_year=False)  # the year's scoring is not needed here
    cluster, thads = s1["cluster"], s1["units"]["thads"]
    period = EmulationPeriod.objects.get(cluster=cluster, year=2024)
    assert period.phase == Phase.SETUP
    make_user("van-phong-thads", (Role.HEAD_STAFF, thads))

    log_in(page, "van-phong-thads")
    page.goto(f"/cum-khoi/{cluster.pk}/")
    page.get_by_role("link", name="Quản lý năm 2024").click()
    expect(page).to_have_url(re.compile(rf"/cum-khoi/nam/{period.pk}/$"))
    expect(page.locator("h1")).to_have_text("Quản lý năm thi đua 2024")
    members = page.locator("#period-members tbody tr")
    expect(members).to_have_count(7)
    for unit in s1["units"].values():
        if unit.code != "ls-snv":  # Sở Nội vụ is loaded but is not a member of the block
            expect(page.locator("#period-members")).to_contain_text(unit.name)
    expect(page.locator("#period-leaders")).to_contain_text(thads.name)
    expect(page.locator("#phase")).to_have_text("Thiết lập")

    button = page.get_by_role("button", name="Chuyển sang giai đoạn “Đăng ký thi đua” →")
    dialogs = []
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    # Saying "no" to the question leaves everything as it was.
    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    button.click()
    page.wait_for_timeout(300)  # time enough for a form submission to leave, were there one
    assert posts == []
    expect(page.locator("#phase")).to_have_text("Thiết lập")
    period.refresh_from_db()
    assert period.phase == Phase.SETUP
    assert dialogs == ["Chuyển năm 2024 sang giai đoạn “Đăng ký thi đua”?"]

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    button.click()
    expect(page.locator(".alert-success")).to_contain_text("Đã chuyển sang giai đoạn “Đăng ký thi đua”")
    expect(page.locator("#phase")).to_have_text("Đăng ký thi đua")
    assert len(dialogs) == 2
    assert posts == [f"{page.url.split('/cum-khoi/')[0]}/cum-khoi/nam/{period.pk}/giai-doan/"]
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION


def read_xlsx(download, tmp_path):
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_cluster_list_exports_an_xlsx_with_the_cluster_and_keeps_the_search(page, log_in, make_user, tmp_path):
    s1 = load_s1(with_year=False)  # the year's scoring is not needed here
    load_s2()
    make_user("can-bo-vks", (Role.UNIT_OFFICER, s1["units"]["vks"]))
    log_in(page, "can-bo-vks")
    page.goto("/cum-khoi/?year=2023")
    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    rows = read_xlsx(info.value, tmp_path)
    assert rows[0][0] == "Tên cụm, khối"
    assert "Trưởng cụm, khối 2023" in rows[0]  # clusters and blocks listed together
    s1_rows = [row for row in rows[1:] if row[0] == S1_NAME]
    assert len(s1_rows) == 1
    assert s1["units"]["tand"].name in s1_rows[0]
    assert S2_NAME in [row[0] for row in rows[1:]]

    # After a search refreshed the table, the button exports what the table shows, not the whole list.
    search_clusters(page, "noi chinh")
    expect(page.locator("#cluster-table tbody tr")).to_have_count(1)
    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    rows = read_xlsx(info.value, tmp_path)
    assert [row[0] for row in rows[1:]] == [S1_NAME]


def test_person_search_refreshes_only_the_table(page, log_in, make_user):
    s1 = load_s1(with_year=False)  # the year's scoring is not needed here
    tand = s1["units"]["tand"]
    make_user("can-bo-tand", (Role.UNIT_OFFICER, tand))
    log_in(page, "can-bo-tand")
    page.goto(f"/don-vi/{tand.pk}/")
    page.get_by_role("link", name="Cá nhân của đơn vị").click()
    expect(page.locator("h1")).to_have_text(f"Cá nhân — {tand.name}")
    with page.expect_response(lambda r: "/ca-nhan/" in r.url and "q=" in r.url
                              and r.request.headers.get("hx-request") == "true"):
        page.locator("#filter-form input[name=q]").press_sequentially("chu le huong", delay=15)
    rows = page.locator("#table-wrap tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chu Lệ Hường")
    # The table alone was replaced: one page header, one filter form, one title.
    expect(page.locator("header.navbar")).to_have_count(1)
    expect(page.locator("#filter-form")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    assert page.problems == []
