"""Issue 12 item 2: each event notifies the people its role assignments name, once — a phase opens (the year's
units' people), an appraisal comes back and an explanation is asked (the unit's officers), a ballot opens (the
voters' accounts), a dossier is returned or decided (the sender unit's officers)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.domain import notifications as n
from thidua.accounts.models import EmailChoice, Notification, Role, User
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import ScoreEntry

pytestmark = pytest.mark.django_db


def got(user, kind=None) -> list[Notification]:
    found = Notification.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)


@pytest.fixture
def year(s1, make_user, settings, tmp_path):
    """S1's block in 2026 with three members (TAND heads it), and one account of each role around it."""
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    set_leader(period, "head", units["tand"])
    return {
        "period": period, "units": units,
        "ca_officer": make_user("cb-ca", (Role.UNIT_OFFICER, units["ca"])),
        "ca_leader": make_user("ld-ca", (Role.LEADER, units["ca"])),
        "vks_officer": make_user("cb-vks", (Role.UNIT_OFFICER, units["vks"])),
        "head_staff": make_user("cb-tand", (Role.HEAD_STAFF, units["tand"])),
        "outsider": make_user("cb-snv", (Role.UNIT_OFFICER, units["snv"])),  # not a member this year
        "organiser": make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"])),
    }


def test_a_phase_that_opens_tells_the_years_people_once(year, django_capture_on_commit_callbacks):
    period = year["period"]
    User.objects.filter(pk=year["ca_officer"].pk).update(email="cb-ca@thunghiem.gov.vn",
                                                         notification_email=EmailChoice.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        advance_to(period, Phase.REGISTRATION, reason="kiểm thử")
    told = {"ca_officer", "ca_leader", "vks_officer", "head_staff"}
    for name in told:
        [item] = got(year[name], n.PHASE)
        assert item.title == "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn năm 2026: bắt đầu giai đoạn " \
                             "“Đăng ký thi đua”"
        assert item.url == period.get_absolute_url() and item.key == f"phase:{period.pk}:registration"
        assert "đăng ký chỉ tiêu" in item.body
    assert got(year["outsider"]) == [] and got(year["organiser"]) == []
    assert [m.to for m in mail.outbox] == [["cb-ca@thunghiem.gov.vn"]]
    # a step back and forward again does not tell them twice; the next phase does
    from thidua.clusters.domain.periods import transition_phase

    transition_phase(period, Phase.SETUP)
    transition_phase(period, Phase.REGISTRATION)
    assert len(got(year["ca_leader"], n.PHASE)) == 1
    advance_to(period, Phase.IN_PROGRESS, reason="kiểm thử")
    assert len(got(year["ca_leader"], n.PHASE)) == 2


@pytest.fixture
def appraisal(year):
    period, units = year["period"], year["units"]
    cset = sheets.ensure_criteria_set(period)
    c = {"a": sheets.add_criterion(cset, "1", "Báo cáo đúng hạn", T.PASS_FAIL, 40),
         "b": sheets.add_criterion(cset, "2", "Sáng kiến", T.PER_OCCURRENCE, 60, points_per_occurrence=10)}
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(period, units["ca"])
    sheets.save_self_assessment(sheet, {c["a"].pk: (1, ""), c["b"].pk: (3, "")})
    sheets.submit_self_assessment(sheet)
    advance_to(period, Phase.APPRAISAL, reason="kiểm thử")
    return {**year, "sheet": sheet, "c": c,
            "entries": {k: ScoreEntry.objects.get(sheet=sheet, criterion=c[k]) for k in c}}


def test_an_appraisal_that_comes_back_tells_the_units_officers(appraisal):
    sheet = appraisal["sheet"]
    sheets.appraise_entry(appraisal["entries"]["a"], 1, "")  # the same points: nothing to explain
    [item] = got(appraisal["ca_officer"], n.APPRAISAL)
    assert item.title == "Phiếu chấm điểm năm 2026 của Công an tỉnh Lạng Sơn đang được thẩm định"
    assert item.url == f"/cham-diem/nam/{sheet.period_id}/phieu/{sheet.unit_id}/"
    assert got(appraisal["ca_officer"], n.EXPLANATION) == []
    # the unit's leader votes and signs, it does not answer; the other units' people are not told
    for name in ("ca_leader", "vks_officer", "head_staff", "outsider"):
        assert got(appraisal[name], n.APPRAISAL) == []
    sheets.appraise_entry(appraisal["entries"]["a"], 1, "")  # appraised again: not told twice
    assert len(got(appraisal["ca_officer"], n.APPRAISAL)) == 1


def test_an_explanation_asked_tells_the_units_officers_with_the_reason(appraisal):
    sheets.appraise_entry(appraisal["entries"]["b"], 2, "Một sáng kiến chưa được công nhận")
    [item] = got(appraisal["ca_officer"], n.EXPLANATION)
    assert item.title == "Đề nghị giải trình tiêu chí 2 (phiếu chấm điểm năm 2026 của Công an tỉnh Lạng Sơn)"
    assert item.body == "Lý do của đơn vị trưởng: Một sáng kiến chưa được công nhận"
    assert len(got(appraisal["ca_officer"], n.APPRAISAL)) == 1  # the first appraisal also brought the sheet back
    assert got(appraisal["ca_leader"], n.EXPLANATION) == [] and got(appraisal["vks_officer"], n.EXPLANATION) == []
    sheets.appraise_entry(appraisal["entries"]["b"], 1, "Không công nhận sáng kiến nào")
    assert len(got(appraisal["ca_officer"], n.EXPLANATION)) == 1  # the same criterion: asked once


def test_a_locked_sheet_tells_the_units_officers_its_final_points(appraisal):
    """Review item 11: the lock is when the points are final; the unit's officers are told them, once."""
    sheet = appraisal["sheet"]
    sheets.appraise_entry(appraisal["entries"]["b"], 2, "Một sáng kiến chưa được công nhận")
    assert not Notification.objects.filter(key=f"sheet:{sheet.pk}:locked").exists()
    sheets.lock_sheet(sheet)
    [item] = [i for i in got(appraisal["ca_officer"], n.APPRAISAL) if i.key == f"sheet:{sheet.pk}:locked"]
    assert item.title == "Phiếu chấm điểm năm 2026 của Công an tỉnh Lạng Sơn đã khóa"
    # 40 for the report on time, 2 of 3 initiatives at 10 each: 60 of 100 (the unit's own 3 was 70)
    assert item.body.startswith("Điểm cuối cùng: 60 điểm, đạt 60% số điểm tối đa của các tiêu chí áp dụng.")
    assert item.url == f"/cham-diem/nam/{sheet.period_id}/phieu/{sheet.unit_id}/"
    for name in ("ca_leader", "vks_officer", "head_staff", "outsider"):
        assert not Notification.objects.filter(recipient=appraisal[name], key=f"sheet:{sheet.pk}:locked").exists()


def test_a_ballot_that_opens_tells_its_voters_accounts(s1, make_user):
    from thidua.voting.domain import sessions as voting
    from thidua.voting.enums import QuestionKind, SessionKind

    units = s1["units"]
    period = s1["cluster"].periods.get(year=2023)
    session = voting.create_session("Suy tôn 2023", SessionKind.NOMINATION, period=period)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Cờ thi đua", "Cờ thi đua của UBND tỉnh")
    for unit in units.values():
        if unit.code != "ls-snv":
            voting.add_candidate(question, unit=unit)
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    voter = make_user("ld-ca", (Role.LEADER, units["ca"]))
    officer = make_user("cb-vks", (Role.UNIT_OFFICER, units["vks"]))
    head_staff = make_user("cb-tand", (Role.HEAD_STAFF, units["tand"]))  # runs the vote, casts no ballot
    outsider = make_user("cb-snv", (Role.UNIT_OFFICER, units["snv"]))
    voting.open_session(session)
    for user in (voter, officer):
        [item] = got(user, n.BALLOT)
        assert item.title == "Mở phiên bỏ phiếu: Suy tôn 2023" and item.url == f"/bo-phieu/{session.pk}/phieu/"
        assert item.key == f"ballot:{session.pk}:round:1"
    assert got(head_staff, n.BALLOT) == [] and got(outsider, n.BALLOT) == []


@pytest.fixture
def dossier(s1_year, make_user, settings, tmp_path):
    from thidua.awards.models import Award
    from thidua.dossiers.domain import workflow
    from thidua.dossiers.enums import DocumentKind

    settings.MEDIA_ROOT = tmp_path
    units = s1_year["units"]
    proposal = workflow.create_proposal(units["tand"], s1_year["organiser"], "Đề nghị khen thưởng năm 2023", 2023,
                                        period=s1_year["cluster"].periods.get(year=2023))
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="co-tinh"), unit=units["tand"])
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 noi dung", "application/pdf")
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf)
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, SimpleUploadedFile(
        "b.pdf", b"%PDF-1.4 noi dung", "application/pdf"), nominee=nominee)
    return {"proposal": proposal,
            "sender": make_user("tand", (Role.HEAD_STAFF, units["tand"])),
            "officer": make_user("cb-tand", (Role.UNIT_OFFICER, units["tand"])),
            "leader": make_user("ld-tand", (Role.LEADER, units["tand"])),
            "receiver": make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])),
            "other": make_user("cb-vks", (Role.UNIT_OFFICER, units["vks"]))}


def test_a_dossier_returned_or_decided_tells_the_senders_officers(dossier):
    from thidua.dossiers.domain import workflow
    from thidua.dossiers.enums import Action

    proposal, sender, receiver = dossier["proposal"], dossier["sender"], dossier["receiver"]
    workflow.transition(proposal, Action.SUBMIT, sender)
    workflow.transition(proposal, Action.RECEIVE, receiver)
    assert Notification.objects.filter(kind__startswith="dossier").count() == 0  # sending and receiving: no news
    workflow.transition(proposal, Action.RETURN, receiver, reason="Bổ sung báo cáo thành tích có xác nhận")
    for name in ("sender", "officer"):
        [item] = got(dossier[name], n.DOSSIER_RETURNED)
        assert item.title == "Hồ sơ “Đề nghị khen thưởng năm 2023” bị trả lại"
        assert item.body == "Lý do trả lại: Bổ sung báo cáo thành tích có xác nhận. Sửa hồ sơ rồi gửi lại."
        assert item.url == proposal.get_absolute_url()
    assert got(dossier["leader"]) == [] and got(dossier["other"]) == [] and got(receiver) == []
    workflow.transition(proposal, Action.RESUBMIT, sender)
    workflow.transition(proposal, Action.RECEIVE, receiver)
    workflow.transition(proposal, Action.RETURN, receiver, reason="Thiếu chữ ký")
    assert len(got(dossier["officer"], n.DOSSIER_RETURNED)) == 2  # returned again: told again
    workflow.transition(proposal, Action.RESUBMIT, sender)
    workflow.transition(proposal, Action.RECEIVE, receiver)
    workflow.transition(proposal, Action.APPRAISE, receiver)
    workflow.transition(proposal, Action.REVIEW, receiver, council_result="Hội đồng nhất trí 100%.")
    workflow.transition(proposal, Action.DECIDE, receiver, decision_number="125/QĐ-UBND",
                        decision_date=dt.date(2024, 2, 20), decision_signer="Chủ tịch UBND tỉnh Lạng Sơn")
    [item] = got(dossier["officer"], n.DOSSIER_DECIDED)
    assert item.title == "Hồ sơ “Đề nghị khen thưởng năm 2023” đã có quyết định khen thưởng"
    assert item.body == "Quyết định số 125/QĐ-UBND ngày 20/02/2024, Chủ tịch UBND tỉnh Lạng Sơn ký."
    assert got(dossier["leader"]) == [] and got(dossier["other"]) == []
