"""A proposal from draft to decision; the awards enter the registry by themselves."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import Action, DocumentKind, State
from thidua.dossiers.models import DeadlineRule
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 noi dung", "application/pdf")


@pytest.fixture
def flow(s1_year, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    units = s1_year["units"]
    period = s1_year["cluster"].periods.get(year=2023)
    return {
        "units": units, "period": period,
        "sender": make_user("tand", (Role.HEAD_STAFF, units["tand"])),
        "receiver": make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])),
        "stranger": make_user("vks", (Role.UNIT_OFFICER, units["vks"])),
        "proposal": workflow.create_proposal(units["tand"], s1_year["organiser"],
                                             "Đề nghị khen thưởng năm 2023 của Khối thi đua các cơ quan Nội chính",
                                             2023, period=period),
    }


def test_flag_nominee_is_eligible_because_the_cluster_voted_for_it(flow):
    nominee = workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-tinh"), unit=flow["units"]["tand"])
    assert nominee.eligibility == "eligible"
    assert "bình xét, suy tôn" in nominee.eligibility_reasons[0]["text"]
    other = workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-tinh"), unit=flow["units"]["vks"])
    assert other.eligibility == "not_eligible" and other.eligibility_reasons[0]["article"].endswith("Điều 26")
    with pytest.raises(ValidationError, match="đã có trong tờ trình"):
        workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-tinh"), unit=flow["units"]["tand"])
    with pytest.raises(ValidationError, match="không dành cho cá nhân"):
        workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-tinh"),
                             person=Person.objects.filter(unit=flow["units"]["tand"]).first())


def test_submitting_without_the_documents_lists_what_is_missing(flow):
    proposal = flow["proposal"]
    person = Person.objects.get(full_name="Chu Lệ Hường")
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="cstd-cs"), person=person)
    with pytest.raises(ValidationError) as error:
        workflow.transition(proposal, Action.SUBMIT, flow["sender"])
    assert error.value.messages == [
        "Thiếu biên bản họp bình xét (có kết quả bỏ phiếu) — Luật Thi đua, khen thưởng 2022, Điều 84 khoản 1 điểm c.",
        "Chu Lệ Hường: thiếu báo cáo thành tích — Luật Thi đua, khen thưởng 2022, Điều 84 khoản 1 điểm b.",
        "Chu Lệ Hường: thiếu giấy chứng nhận, xác nhận sáng kiến — Luật Thi đua, khen thưởng 2022, Điều 84 khoản 1 "
        "điểm d."]
    proposal.refresh_from_db()
    assert proposal.state == State.DRAFT
    with pytest.raises(ValidationError, match=r"không đúng loại cho phép \(.doc, .docx, .pdf\)"):
        workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, SimpleUploadedFile("a.exe", b"MZ"))
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf(), nominee=nominee)
    workflow.attach_document(proposal, DocumentKind.INITIATIVE, pdf(), nominee=nominee)
    assert workflow.issues_before_submit(proposal) == []


def test_from_draft_to_decision_and_into_the_registry(flow):
    proposal = flow["proposal"]
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="co-tinh"), unit=flow["units"]["tand"])
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf(), nominee=nominee)
    with pytest.raises(PermissionError):
        workflow.transition(proposal, Action.SUBMIT, flow["stranger"])
    workflow.transition(proposal, Action.SUBMIT, flow["sender"])
    workflow.transition(proposal, Action.RECALL, flow["sender"])  # recalled before reception
    workflow.transition(proposal, Action.SUBMIT, flow["sender"])
    with pytest.raises(PermissionError):
        workflow.transition(proposal, Action.RECEIVE, flow["sender"])
    workflow.transition(proposal, Action.RECEIVE, flow["receiver"])
    with pytest.raises(ValidationError, match="Không thể “rút lại”"):
        workflow.transition(proposal, Action.RECALL, flow["sender"])
    with pytest.raises(ValidationError, match="lý do trả lại"):
        workflow.transition(proposal, Action.RETURN, flow["receiver"])
    workflow.transition(proposal, Action.RETURN, flow["receiver"], reason="Bổ sung báo cáo thành tích có xác nhận.")
    proposal.refresh_from_db()
    assert proposal.state == State.RETURNED and proposal.return_reason.startswith("Bổ sung")
    workflow.transition(proposal, Action.RESUBMIT, flow["sender"])
    workflow.transition(proposal, Action.RECEIVE, flow["receiver"])
    workflow.transition(proposal, Action.APPRAISE, flow["receiver"])
    workflow.transition(proposal, Action.REVIEW, flow["receiver"], council_result="Hội đồng nhất trí 100%.")
    with pytest.raises(ValidationError) as error:
        workflow.transition(proposal, Action.DECIDE, flow["receiver"], decision_number="",
                            decision_date=dt.date.today() + dt.timedelta(days=3), decision_signer="")
    assert len(error.value.messages) == 3 and "ở tương lai" in error.value.messages[1]
    workflow.transition(proposal, Action.DECIDE, flow["receiver"], decision_number="125/QĐ-UBND",
                        decision_date=dt.date(2024, 2, 20), decision_signer="Chủ tịch UBND tỉnh Lạng Sơn")
    record = AwardRecord.objects.get(decision_number="125/QĐ-UBND")
    assert record.unit == flow["units"]["tand"] and record.award.code == "co-tinh" and record.year == 2023
    # the rule set is the one in force when the proposal was (last) submitted, today; the salary the decision date's
    assert record.recipient_name == "Tòa án nhân dân tỉnh Lạng Sơn" and record.rule_set.code == "nd152-2025"
    assert record.cash_amount == 14_400_000  # 8 × 1.800.000, the base salary in force on 20/02/2024 (Decree 24/2023)


def test_deadline_warnings(flow):
    proposal = flow["proposal"]
    assert workflow.deadline_for(proposal) is None  # Lạng Sơn has not recorded its own; no other is borrowed
    DeadlineRule.objects.create(organiser=proposal.recipient, case="cluster", label="Hồ sơ của khối gửi Sở Nội vụ",
                                month=12, day=10, source="Quy định của tỉnh (thử nghiệm)", valid_from=dt.date(2023, 1, 1))
    assert workflow.deadline_for(proposal)[0] == dt.date(2023, 12, 10)
    assert workflow.deadline_warning(proposal, today=dt.date(2023, 12, 1)).startswith("Còn 9 ngày")
    assert workflow.deadline_warning(proposal, today=dt.date(2023, 12, 11)).startswith("Đã quá hạn 10/12/2023")
    workflow.add_nominee(proposal, Award.objects.get(code="co-cp"), unit=flow["units"]["tand"])
    assert workflow.deadline_for(proposal)[0] == dt.date(2024, 6, 30)


def test_government_flag_proposals_stay_within_20_percent_of_cluster_leaders(flow):
    proposal = flow["proposal"]
    workflow.add_nominee(proposal, Award.objects.get(code="co-cp"), unit=flow["units"]["tand"])
    # Lạng Sơn has one cluster leader for 2023 (TAND tỉnh, by the vote): 20% of 1 is 0
    issues = workflow.government_flag_quota_issues(proposal)
    assert issues and "vượt chỉ tiêu 0 (20% của 1 đơn vị dẫn đầu" in issues[0]
