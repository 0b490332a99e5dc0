"""The dashboards in Chromium: a chart's data read back from the SVG (each bar's data-value against the table
beneath), a bar's link opening the records behind it, no CSP violation nor console error, nothing scrolling
sideways on a phone; the province's view of all its clusters likewise."""

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role

from ..screens.test_dashboards import _province

pytestmark = pytest.mark.browser

BARS = """(id) => [...document.querySelectorAll('#' + id + ' rect[data-value]')]
    .map(r => [r.dataset.label, r.dataset.series, r.dataset.value, r.closest('a') ? r.closest('a').getAttribute('href') : null])"""


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def staff(make_user):
    world = _province()
    make_user("snv-bieu-do", (Role.ORGANISER_STAFF, world["organiser"]))
    return world


def test_a_clusters_chart_reads_back_as_its_table(page, log_in, staff):
    log_in(page, "snv-bieu-do")
    cluster = staff["cluster"]
    page.goto(f"/cum-khoi/{cluster.pk}/")
    page.click("#cluster-charts")
    expect(page.locator("h1")).to_contain_text("Biểu đồ qua các năm")
    bars = page.evaluate(BARS, "chart-awards")
    assert bars, "no bar drawn"
    cells = page.evaluate("""() => [...document.querySelectorAll('#table-awards tbody tr')].flatMap(tr =>
        [...tr.querySelectorAll('td[data-level]')].map(td => [tr.dataset.year, td.dataset.series, td.dataset.value]))""")
    assert sorted((label, series, value) for label, series, value, _link in bars) == sorted(map(tuple, cells))
    assert ("2024", "Trung ương", "2") in {(label, series, value) for label, series, value, _link in bars}
    # the share chart against its table (75,0% in the table, 75 in the chart)
    shares = [float(value) for _l, _s, value, _link in page.evaluate(BARS, "chart-direct")]
    table = [float(v) for v in page.evaluate(
        "() => [...document.querySelectorAll('#table-direct td[data-value]')].map(td => td.dataset.value)")]
    assert shares == table == [75.0, 75.0, 75.0]
    # ranks: one point per member and year, each linking to that year's ranking
    points = page.evaluate("() => document.querySelectorAll('#chart-ranks circle[data-value]').length")
    assert points == 9
    for size in ({"width": 390, "height": 844}, {"width": 1366, "height": 768}):
        page.set_viewport_size(size)
        assert fits(page), size
    # a bar is a link to the records behind it
    page.locator("#chart-awards a").first.click()
    expect(page.locator("h1")).to_contain_text("Các lượt khen thưởng")
    assert page.problems == []


def test_the_province_sees_all_its_clusters(page, log_in, staff):
    log_in(page, "snv-bieu-do")
    page.goto("/")
    page.locator("#province-views a").first.click()
    expect(page.locator("h1")).to_contain_text("Các cụm, khối thi đua năm")
    page.select_option("#pick-year", "2024")
    page.locator("#pick-year").locator("xpath=..").locator("button").click()
    expect(page.locator("h1")).to_contain_text("năm 2024")
    expect(page.locator("#table-clusters tbody tr")).to_have_count(2)
    bars = page.evaluate(BARS, "chart-cluster-awards")
    totals = {}
    for label, _series, value, _link in bars:
        totals[label] = totals.get(label, 0) + int(value)
    table = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#table-cluster-awards tbody tr')]
        .map(tr => [tr.querySelector('th').textContent.trim(),
                    [...tr.querySelectorAll('td[data-value]')].reduce((n, td) => n + Number(td.dataset.value), 0)]))""")
    assert totals == table == {staff["cluster"].name: 9, staff["block"].name: 9}
    expect(page.locator("#flag-proposed")).to_have_text("1")
    for size in ({"width": 390, "height": 844}, {"width": 1366, "height": 768}):
        page.set_viewport_size(size)
        assert fits(page), size
    page.click("#compare-years")
    expect(page.locator("#table-compare")).to_contain_text("Số khối thi đua")
    assert page.problems == []
