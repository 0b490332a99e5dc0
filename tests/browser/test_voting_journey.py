"""The secret ballot of S1's year-end review, clicked through in Chromium: the head unit opens the session, the
representatives of the 7 member units each vote from their own log-in, the head closes it and counts, the
minutes PDF shows the counts, and a second vote by the same representative is refused."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.demo.scenarios import load_s1
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import Ballot, BallotChoice, Participation

pytestmark = pytest.mark.browser

MEMBERS = ["tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2"]
# Each unit's choice: the flag (one choice), the chair's certificate of merit (up to two).
CHOICES = {
    "tand": ("tand", ["bchqs", "cscd2"]), "thads": ("tand", ["bchqs", "cscd2"]),
    "bchqs": ("tand", ["cscd2", "bdbp"]), "bdbp": ("tand", ["bchqs", "cscd2"]),
    "ca": ("tand", ["bchqs", "cscd2"]), "vks": ("ca", ["bchqs", "ca"]), "cscd2": ("tand", ["bchqs", "vks"]),
}


def test_seven_representatives_vote_the_head_counts_and_the_minutes_show_it(page, log_in, make_user):
    s1 = load_s1(with_year=False)
    units = s1["units"]
    period = s1["cluster"].periods.get(year=2023)
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    session = voting.create_session("Bình xét, suy tôn năm 2023", SessionKind.NOMINATION, period=period,
                                    regulation_ref="Quy chế hoạt động của Khối")
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu", "Cờ thi đua của UBND tỉnh")
    merit = voting.add_question(session, QuestionKind.NOMINATE, "Đề nghị tặng Bằng khen",
                                "Bằng khen của Chủ tịch UBND tỉnh", max_choices=2, seats=2)
    for question in (flag, merit):
        for key in MEMBERS:
            voting.add_candidate(question, unit=units[key])
    make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"]))
    for key in MEMBERS:
        make_user(f"lanh-dao-{key}", (Role.LEADER, units[key]))

    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # The head unit opens the session: the electorate and the candidates are frozen.
    log_in(page, "truong-khoi")
    page.goto(f"/bo-phieu/nam/{period.pk}/")
    page.get_by_role("link", name="Bình xét, suy tôn năm 2023").click()
    expect(page.locator("#ready")).to_be_visible()
    page.click("#open-session")
    expect(page.locator(".alert-success")).to_contain_text("7 người, đơn vị được bỏ phiếu")
    assert dialogs[-1].startswith("Mở phiên bỏ phiếu?")
    expect(page.locator("#progress-text")).to_have_text("0/7 đã bỏ phiếu")

    receipts = {}
    stale = None
    for key in MEMBERS:
        page.context.clear_cookies()
        log_in(page, f"lanh-dao-{key}")
        page.goto("/bo-phieu/")
        page.locator("#open-for-me a").first.click()
        expect(page.locator("#voter-label")).to_have_text(units[key].name)
        if key == "ca":  # a second tab with the same ballot, kept open to send it again later
            stale = page.context.new_page()
            stale.on("dialog", accept)
            stale.goto(page.url)
        flag_key, merit_keys = CHOICES[key]
        page.locator(f"#ballot-q{flag.pk}").get_by_label(units[flag_key].name, exact=True).check()
        box = page.locator(f"#ballot-q{merit.pk}")
        for merit_key in merit_keys:
            box.get_by_label(units[merit_key].name, exact=True).check()
        # a third box cannot be ticked once two are chosen
        third = next(k for k in MEMBERS if k not in merit_keys)
        expect(box.get_by_label(units[third].name, exact=True)).to_be_disabled()
        page.click("#cast")
        expect(page.locator("#receipt-code")).to_be_visible()
        assert dialogs[-1].startswith("Gửi phiếu bầu?")
        receipts[key] = page.locator("#receipt-code").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", receipts[key])
        # coming back: the unit has voted, the code is not shown again
        page.goto(f"/bo-phieu/{session.pk}/phieu/")
        expect(page.locator("#ballot-status")).to_have_text(f"Đơn vị {units[key].name} đã bỏ phiếu ở vòng này.")
        expect(page.locator("body")).not_to_contain_text(receipts[key])
        if key == "ca":
            # The same representative sends the ballot again from the tab left open: refused.
            stale.locator(f"#ballot-q{flag.pk}").get_by_label(units["vks"].name, exact=True).check()
            stale.click("#cast")
            expect(stale.locator("#ballot-errors")).to_contain_text(f"{units['ca'].name} đã bỏ phiếu ở vòng này.")
            expect(stale.locator("#ballot-errors")).to_contain_text("Phiếu chưa được ghi nhận.")
            stale.close()
            assert Participation.objects.count() == MEMBERS.index("ca") + 1

    assert Participation.objects.count() == 7 and Ballot.objects.filter(cast=True).count() == 7
    assert BallotChoice.objects.count() == 7 + 14

    # The receipt check: a code in the box (the round still open: not counted yet), and a made-up one.
    page.goto(f"/bo-phieu/{session.pk}/kiem-tra-ma/")
    page.fill("#id_code", receipts["vks"].lower())
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#receipt-result")).to_have_text(
        "Phiếu có mã này đã được bỏ vào hòm phiếu vòng 1; phiếu sẽ được kiểm cùng các phiếu khác của vòng này.")
    page.fill("#id_code", "ABCD-EFGH-JKLM")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#receipt-result")).to_have_text("Không tìm thấy phiếu nào có mã này.")

    # The head closes the session and counts.
    page.context.clear_cookies()
    log_in(page, "truong-khoi")
    page.goto(f"/bo-phieu/{session.pk}/")
    expect(page.locator("#progress-text")).to_have_text("7/7 đã bỏ phiếu")
    expect(page.locator("#voters")).to_contain_text("Đã bỏ phiếu")
    page.click("#close-session")
    expect(page.locator(".alert-success")).to_contain_text("Đã kết thúc bỏ phiếu")
    page.click("#tally-session")
    expect(page).to_have_url(re.compile(rf"/bo-phieu/{session.pk}/ket-qua/$"))
    flag_rows = page.locator(f"#result-q{flag.pk} tbody tr")
    tand_row = flag_rows.filter(has_text=units["tand"].name)
    expect(tand_row.locator(".votes")).to_have_text("6")
    expect(tand_row.locator(".outcome")).to_have_text("Đạt")
    expect(page.locator(f"#result-q{merit.pk}")).to_contain_text("6 phiếu (85,71%), đạt > 50% tổng số thành viên.")
    page.click("#apply-results")
    expect(page.locator("#applied")).to_contain_text("Tòa án nhân dân tỉnh Lạng Sơn — Cờ thi đua của UBND tỉnh (6/7 phiếu)")

    # The minutes of the count, downloaded with the head's log-in, show the counts.
    link = page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.body(), capture_output=True,
                          check=True).stdout.decode()
    flat = re.sub(r"\s+", " ", text)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Tổng số đơn vị thành viên được bỏ phiếu: 7" in flat
    assert "Số phiếu thu về: 7; số phiếu hợp lệ: 7; số phiếu không hợp lệ: 0" in flat
    assert "(bỏ phiếu điện tử: 7;" in flat
    assert re.search(r"Tòa án nhân dân tỉnh[^\n]*?\s6\s+85,71\s+Đạt", text)
    assert re.search(r"Công an tỉnh Lạng Sơn\s+1\s+14,29\s+Không đạt", text)
    assert re.search(r"Bộ Chỉ huy Quân sự tỉnh[^\n]*?\s6\s+85,71\s+Đạt", text)
    assert not page.problems, page.problems
