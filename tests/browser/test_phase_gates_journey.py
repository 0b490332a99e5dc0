"""The phase gates clicked through (issue 12 item 3): the organiser's staff see what stands before "Đang thi đua",
follow a blocker's link to where it is fixed, and step over the rest with a written reason after confirming."""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import transition_phase
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo.scenarios import load_s1

pytestmark = pytest.mark.browser


def test_the_organiser_sees_the_blockers_and_steps_over_them_with_a_reason(page, log_in, make_user):
    s1 = load_s1(with_year=False)
    period = EmulationPeriod.objects.get(cluster=s1["cluster"], year=2024)
    transition_phase(period, Phase.REGISTRATION)  # nobody registered, no covenant
    make_user("so-noi-vu", (Role.ORGANISER_STAFF, s1["cluster"].organiser))

    log_in(page, "so-noi-vu")
    page.goto(f"/cum-khoi/nam/{period.pk}/")
    gates = page.locator("#phase-blockers")
    expect(gates).to_contain_text("Chưa chuyển sang giai đoạn “Đang thi đua” được: còn 8 điều kiện chưa đạt.")
    gates.get_by_role("link", name="Chưa soạn giao ước thi đua năm 2024.").click()
    expect(page).to_have_url(re.compile(rf"/nam/{period.pk}/giao-uoc/$"))
    page.go_back()

    override = page.locator("#phase-override")
    button = override.get_by_role("button", name="Vẫn chuyển sang giai đoạn “Đang thi đua”, ghi lý do")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    override.get_by_label("Lý do (ghi vào nhật ký)").fill("Các đơn vị đã đăng ký, ký giao ước trên giấy.")
    button.click()
    page.wait_for_timeout(300)
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION
    assert dialogs == ["Chuyển năm 2024 sang giai đoạn “Đang thi đua” khi còn 8 điều kiện chưa đạt? Lý do và các "
                       "điều kiện chưa đạt được ghi vào nhật ký."]

    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    expect(page.locator(".alert-success")).to_contain_text("Đã chuyển sang giai đoạn “Đang thi đua”")
    expect(page.locator("#phase")).to_have_text("Đang thi đua")
    period.refresh_from_db()
    assert period.phase == Phase.IN_PROGRESS
    assert page.problems == []
