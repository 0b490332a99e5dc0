"""The home page's tasks and years on a 390 px phone and at 1366 px: nothing scrolls sideways, the tasks read in
order with their deadlines, and a task's link opens the page where it is done."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.dossiers.models import DeadlineRule

from ..screens.factories import TODAY, open_session, proposal_of, set_phase

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(make_user, monkeypatch):
    from thidua.demo.scenarios import load_s1

    real = timezone.localdate
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda value=None, timezone=None: TODAY if value is None else real(value, timezone))
    s1 = load_s1(with_year=False)
    world = {**s1, "period": EmulationPeriod.objects.get(cluster=s1["cluster"], year=2024),
             "organiser_obj": s1["organiser"]}
    s1["cluster"].periods.update(phase=Phase.CLOSED)
    set_phase(world["period"], Phase.REGISTRATION)
    DeadlineRule.objects.create(case="cluster", organiser=s1["organiser"], label="Hồ sơ tổng kết cụm, khối",
                                month=12, day=10, source="Quyết định số 1/2024 của UBND tỉnh Lạng Sơn")
    open_session(world["period"], s1["units"]["ca"], held_on=TODAY - dt.timedelta(days=3))
    proposal_of(world)
    return make_user("ca-officer", (Role.UNIT_OFFICER, s1["units"]["ca"]))


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_tasks_fit_a_phone_and_lead_to_their_page(page, log_in, officer):
    log_in(page, "ca-officer")
    for size in ({"width": 390, "height": 844}, {"width": 1366, "height": 768}):
        page.set_viewport_size(size)
        page.goto("/")
        rows = page.locator("#my-tasks tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(0)).to_contain_text("quá hạn 3 ngày")
        expect(rows.nth(1)).to_contain_text("còn 8 ngày")
        expect(rows.nth(2)).to_contain_text("Chưa có hạn ghi trong hệ thống")
        years = "#my-years-list" if size["width"] < 768 else "#my-years"
        expect(page.locator(years)).to_contain_text("Đăng ký 0/7" if size["width"] < 768 else "Đăng ký thi đua")
        assert fits(page), size
    page.locator("#my-tasks tbody tr").nth(2).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Đăng ký thi đua")
    assert page.problems == []
