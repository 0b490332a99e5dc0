"""The appraisal journey in Chromium: the head unit's officer appraises one criterion of one member with a
reason; the member's officer sees it and answers with an explanation; the head locks the sheet; after the lock
neither can change it — each try is refused with the lock message, and the database confirms nothing changed.

S1's block (Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn) in a year of its own, TAND tỉnh as head."""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.demo.scenarios import load_s1
from thidua.movements.domain import covenants
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.enums import SheetState
from thidua.scoring.models import ScoreEntry, ScoreSheet

pytestmark = pytest.mark.browser

REASON = "Một sáng kiến chưa có quyết định công nhận của cấp có thẩm quyền."
ANSWER = "Đơn vị bổ sung Quyết định công nhận sáng kiến số 15/QĐ-CAT ngày 20/11/2026."
LOCKED = re.compile(r"Phiếu chấm điểm của Công an tỉnh Lạng Sơn đã khóa ngày \d\d/\d\d/\d{4}; không thể thay đổi\.")


def year_in_appraisal():
    s1 = load_s1(with_year=False)
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period, regulation_ref="Thang điểm 100 (thử nghiệm)")
    c = {
        "1": sheets.add_criterion(cset, "1", "Hoàn thành chỉ tiêu chuyên môn đã đăng ký", T.QUANTITATIVE, 40),
        "2": sheets.add_criterion(cset, "2", "Chấp hành chế độ báo cáo đúng hạn", T.PASS_FAIL, 20),
        "3": sheets.add_criterion(cset, "3", "Sáng kiến được công nhận (10 điểm mỗi sáng kiến)", T.PER_OCCURRENCE,
                                  40, points_per_occurrence=10),
    }
    advance_to(period, Phase.REGISTRATION)
    covenants.register(period, units["ca"], "Tập thể lao động xuất sắc", [
        {"name": "Tỷ lệ hoàn thành chỉ tiêu", "unit_of_measure": "%", "target_value": 100, "criterion": c["1"]}])
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(period, units["ca"])
    sheets.save_self_assessment(sheet, {c["1"].pk: (98, ""), c["2"].pk: (1, ""),
                                        c["3"].pk: (3, "Ba sáng kiến trong năm")})
    sheets.submit_self_assessment(sheet)
    advance_to(period, Phase.APPRAISAL, reason="kiểm thử")
    return period, units, c, sheet


def test_appraisal_explanation_lock_and_nothing_changes_after(page, browser, live_server, log_in, make_user):
    period, units, c, sheet = year_in_appraisal()
    make_user("truong-cum-tand", (Role.HEAD_STAFF, units["tand"]))
    make_user("can-bo-cong-an", (Role.UNIT_OFFICER, units["ca"]))
    criterion = c["3"]
    row_id = f"#tieu-chi-{criterion.pk}"
    sheet_path = f"/cham-diem/nam/{period.pk}/phieu/{units['ca'].pk}/"

    # 1. The head unit's officer finds the member's sheet in the list and appraises criterion 3 with a reason.
    log_in(page, "truong-cum-tand")
    page.goto(f"/cham-diem/nam/{period.pk}/phieu/")
    page.get_by_role("link", name="Công an tỉnh Lạng Sơn").click()
    expect(page.locator("h1")).to_contain_text("Công an tỉnh Lạng Sơn")
    row = page.locator(row_id)
    expect(row.locator(".self-cell")).to_contain_text("30")  # 3 × 10 points as self-assessed
    row.locator(f"[name='a{criterion.pk}-value']").fill("2")
    row.locator(f"[name='a{criterion.pk}-reason']").fill(REASON)
    row.get_by_role("button", name="Thẩm định").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã thẩm định tiêu chí 3")
    expect(row.locator(".appraised-points")).to_have_text("20")
    expect(row.locator(".appraisal-reason")).to_have_text(REASON)

    # 2. The member's officer, in its own browser, sees the appraisal and the reason, and explains.
    member_context = browser.new_context(base_url=live_server.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    member_context.set_default_timeout(10_000)
    member = member_context.new_page()
    member_problems = []
    member.on("console", lambda m: member_problems.append(m.text)
              if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico") else None)
    member.on("pageerror", lambda error: member_problems.append(str(error)))
    log_in(member, "can-bo-cong-an")
    member.goto(sheet_path)
    member_row = member.locator(row_id)
    expect(member_row.locator(".appraised-points")).to_have_text("20")
    expect(member_row.locator(".appraisal-reason")).to_have_text(REASON)
    expect(member.locator(".appraise-form")).to_have_count(0)  # the member does not appraise
    member_row.locator(f"[name='e{criterion.pk}-text']").fill(ANSWER)
    member_row.get_by_role("button", name="Gửi giải trình").click()
    expect(member.locator(".alert-success")).to_contain_text("Đã gửi giải trình tiêu chí 3")
    expect(member_row.locator(".explanation-text")).to_have_text(ANSWER)

    # 3. The head sees the explanation; a second tab keeps the appraisal form open; the first tab locks.
    page.reload()
    expect(row.locator(".explanation-text")).to_have_text(ANSWER)
    stale = page.context.new_page()
    stale.goto(sheet_path)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#lock-form").get_by_role("button", name="Khóa phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã khóa phiếu chấm điểm của Công an tỉnh Lạng Sơn")
    expect(page.locator("#sheet-locked")).to_have_text(LOCKED)
    expect(page.locator(".appraise-form")).to_have_count(0)
    expect(page.locator("#lock-form")).to_have_count(0)

    # 4. After the lock neither can change it: each try is refused, and the page says why.
    stale_row = stale.locator(row_id)
    stale_row.locator(f"[name='a{criterion.pk}-value']").fill("4")
    stale_row.locator(f"[name='a{criterion.pk}-reason']").fill("Chấp nhận toàn bộ")
    stale_row.get_by_role("button", name="Thẩm định").click()
    expect(stale.locator("#action-error")).to_have_text(LOCKED)
    expect(stale.locator(row_id).locator(".appraised-points")).to_have_text("20")

    member_row.locator(f"[name='e{criterion.pk}-text']").fill("Giải trình sửa lại sau khi khóa")
    member_row.get_by_role("button", name="Gửi giải trình").click()
    expect(member.locator("#action-error")).to_have_text(LOCKED)
    expect(member.locator("#sheet-locked")).to_have_text(LOCKED)
    member.goto(sheet_path)
    expect(member.locator(".explain-form")).to_have_count(0)
    expect(member.locator(row_id).locator(".explanation-text")).to_have_text(ANSWER)

    # 5. The database confirms it.
    sheet = ScoreSheet.objects.get(pk=sheet.pk)
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=criterion)
    assert sheet.state == SheetState.LOCKED and sheet.locked_at is not None
    assert (entry.self_points, entry.appraised_points, entry.final_points) == (30, 20, None)
    assert (entry.appraisal_reason, entry.explanation) == (REASON, ANSWER)
    others = ScoreEntry.objects.filter(sheet=sheet).exclude(pk=entry.pk)
    assert all(e.appraised_points == e.self_points for e in others)  # kept as self-assessed at the lock
    assert page.problems == [] and member_problems == []  # no script errors, no CSP violations
    member_context.close()
