"""A proposal clicked through in Chromium: a unit officer drafts it with two nominees, one not eligible (the page
says why), submits; the organiser's staff return it with a reason; it is resubmitted, decided, and the award
appears on the person's history page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.awards.models import AnnualRating
from thidua.demo.scenarios import load_s1
from thidua.orgs.models import Person

pytestmark = pytest.mark.browser

PDF = {"name": "tai-lieu.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 noi dung"}
TITLE = "Đề nghị khen thưởng năm 2023 của Tòa án nhân dân tỉnh Lạng Sơn"
REASON = "Báo cáo thành tích chưa có xác nhận của Chánh án."


def test_a_proposal_from_draft_to_the_persons_history(page, log_in, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s1 = load_s1(with_year=False)
    tand = s1["units"]["tand"]
    make_user("can-bo-tand", (Role.UNIT_OFFICER, tand))
    make_user("so-noi-vu", (Role.ORGANISER_STAFF, s1["organiser"]))
    good = Person.objects.filter(unit=tand, category="direct").order_by("pk").first()
    AnnualRating.objects.create(person=good, year=2023, rating="excellent")
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # The unit officer drafts the proposal.
    log_in(page, "can-bo-tand")
    page.get_by_role("link", name="Hồ sơ đề nghị").click()
    page.click("#new-proposal")
    page.select_option("#id_channel", "province")
    expect(page.locator("#id_recipient option:checked")).to_contain_text("Ủy ban nhân dân tỉnh Lạng Sơn")
    page.fill("#id_title", TITLE)
    page.fill("#id_year", "2023")
    page.click("#proposal-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#proposal-state")).to_have_text("Đang soạn")

    # Two nominees, each checked as it is added.
    page.fill("#add-person input[name=q]", good.staff_code)
    page.select_option("#add-person select[name=award]", label="Chiến sĩ thi đua cơ sở")
    page.click("#add-person button[type=submit]")
    page.fill("#add-person input[name=q]", "chu le huong")  # typed without accents
    page.select_option("#add-person select[name=award]", label="Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh")
    page.click("#add-person button[type=submit]")
    rows = page.locator("#nominee-table tr.nominee")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-verdict", "eligible")
    expect(rows.nth(0).locator(".verdict")).to_have_text("Đủ điều kiện")
    ineligible = rows.nth(1)
    expect(ineligible).to_have_attribute("data-verdict", "not_eligible")
    expect(ineligible).to_have_class(re.compile("table-danger"))
    expect(ineligible.locator(".verdict")).to_have_text("Không đủ điều kiện")
    expect(ineligible.locator(".reasons")).to_contain_text(
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở đến năm 2023: thiếu năm 2021, 2022, 2023.")
    expect(ineligible.locator(".reasons")).to_contain_text("Luật Thi đua, khen thưởng 2022, Điều 22")

    # Sending without documents is refused with the list of what is missing.
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#action-errors")).to_contain_text("Thiếu biên bản họp bình xét")
    expect(page.locator("#action-errors")).to_contain_text("Chu Lệ Hường: thiếu báo cáo thành tích")
    expect(page.locator("#proposal-state")).to_have_text("Đang soạn")

    def attach(kind, nominee=None):
        page.select_option("#upload-document select[name=kind]", label=kind)
        option = page.locator("#upload-document select[name=nominee] option",
                              has_text=nominee or "— Cả tờ trình —")
        page.select_option("#upload-document select[name=nominee]", value=option.get_attribute("value"))
        page.set_input_files("#upload-document input[type=file]", PDF)
        page.click("#upload-document button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("Đã tải lên")

    attach("Biên bản họp bình xét (có kết quả bỏ phiếu)")
    for name in (good.full_name, "Chu Lệ Hường"):
        attach("Báo cáo thành tích", name)
        attach("Giấy chứng nhận, xác nhận sáng kiến", name)
    expect(page.locator("#issues")).to_have_count(0)
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#proposal-state")).to_have_text("Đã gửi")
    assert dialogs[-1].startswith("Gửi tờ trình?")
    proposal_url = page.url

    # The organiser's staff receive it and return it with a reason.
    page.context.clear_cookies()
    log_in(page, "so-noi-vu")
    page.get_by_role("link", name="Hồ sơ đề nghị").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator("#proposal-state")).to_have_text("Đã tiếp nhận")
    page.fill("#return-form textarea[name=reason]", REASON)
    page.click("#return-form button[type=submit]")
    expect(page.locator("#proposal-state")).to_have_text("Bị trả lại")

    # The officer reads the reason and sends it again.
    page.context.clear_cookies()
    log_in(page, "can-bo-tand")
    page.goto(proposal_url)
    expect(page.locator("#return-reason")).to_contain_text(REASON)
    page.get_by_role("button", name="Gửi lại").click()
    expect(page.locator("#proposal-state")).to_have_text("Đã gửi")

    # The organiser's staff receive, appraise, record the council (the ineligible one left out) and decide.
    page.context.clear_cookies()
    log_in(page, "so-noi-vu")
    page.goto(proposal_url)
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_role("button", name="Thẩm định xong").click()
    expect(page.locator("#proposal-state")).to_have_text("Đã thẩm định")
    expect(page.locator("#review-form input[type=checkbox]").nth(1)).to_be_checked()  # the ineligible one
    page.fill("#review-form textarea[name=council_result]", "Hội đồng nhất trí 9/9 thành viên.")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#proposal-state")).to_have_text("Hội đồng đã xét")
    page.fill("#decision-form input[name=decision_number]", "125/QĐ-UBND")
    page.fill("#decision-form input[name=decision_date]", dt.date.today().strftime("%d/%m/%Y"))
    page.fill("#decision-form input[name=decision_signer]", "Chủ tịch UBND tỉnh Lạng Sơn")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#proposal-state")).to_have_text("Đã có quyết định")
    expect(page.locator("#decision-info")).to_contain_text("125/QĐ-UBND")
    expect(page.locator("#history")).to_contain_text(f"Tờ trình “{TITLE}”: Trả lại — {REASON}")

    # The award is on the person's history page, by itself.
    page.context.clear_cookies()
    log_in(page, "can-bo-tand")
    page.goto(good.get_absolute_url())
    page.click("#person-awards")
    expect(page.locator("h1")).to_contain_text(good.full_name)
    history = page.locator("#history-table tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(history.first).to_contain_text("125/QĐ-UBND")
    expect(history.first).to_contain_text("2.340.000")
    assert not page.problems, page.problems
