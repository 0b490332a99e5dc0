"""Today's work (screens.domain.tasks): each role's tasks appear when due and go when done, overdue first, in a
number of queries that does not depend on the number of clusters. A fixed day: nothing depends on the real date."""

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.demo import builders as b
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import State
from thidua.dossiers.models import NoticeRule, Proposal, PublicNotice
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant, CovenantSignature, Registration
from thidua.scoring.enums import SheetState
from thidua.scoring.models import CriteriaSet, Criterion, PeerScore, ScoreEntry, ScoreSheet
from thidua.screens.domain.tasks import Task, tasks_for, what_next, year_progress
from thidua.voting.enums import SessionState
from thidua.voting.models import BallotSession, Participation

from .factories import TODAY, open_session, proposal_of, set_phase


def kinds(user, today=TODAY):
    return [t.kind for t in tasks_for(user, today)]


def only(user, kind, today=TODAY) -> Task:
    found = [t for t in tasks_for(user, today) if t.kind == kind]
    assert len(found) == 1, found
    return found[0]


# -- a member unit's officer --------------------------------------------------------------------------------------

def test_register_while_registration_is_open_until_registered(world):
    period, ca = world["period"], world["units"]["ca"]
    set_phase(period, Phase.SETUP)
    assert "register" not in kinds(world["officer"])
    set_phase(period, Phase.REGISTRATION)
    task = only(world["officer"], "register")
    assert task.url == reverse("movements:registration", args=[period.pk, ca.pk])
    assert task.label == "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn, năm 2024"
    assert task.deadline is None and task.deadline_note == "Chưa có hạn ghi trong hệ thống"
    assert "register" not in kinds(world["leader"])  # the leader votes and signs papers; the officer registers
    registration = Registration.objects.create(period=period, unit=ca)  # a draft not sent: still to do
    assert "register" in kinds(world["officer"])
    registration.submitted_at = timezone.now()
    registration.save()
    assert "register" not in kinds(world["officer"])


def test_sign_the_covenant_while_it_is_open_until_signed(world):
    period, ca = world["period"], world["units"]["ca"]
    covenant = Covenant.objects.create(period=period, title="Giao ước thi đua năm 2024")
    assert "sign" not in kinds(world["officer"])
    Covenant.objects.filter(pk=covenant.pk).update(state=CovenantState.OPEN)
    assert only(world["officer"], "sign").url == reverse("movements:covenant", args=[period.pk])
    CovenantSignature.objects.create(covenant=covenant, unit=ca, signer_name="Nguyễn Văn A",
                                     signer_title="Giám đốc", signed_on=TODAY)
    assert "sign" not in kinds(world["officer"])


def test_self_assess_in_the_scoring_phase_until_the_sheet_is_sent(world):
    period, ca = world["period"], world["units"]["ca"]
    set_phase(period, Phase.IN_PROGRESS)
    assert "self_assess" not in kinds(world["officer"])
    set_phase(period, Phase.SCORING)
    assert only(world["officer"], "self_assess").url == reverse("scoring:sheet", args=[period.pk, ca.pk])
    sheet = ScoreSheet.objects.create(period=period, unit=ca)
    assert "self_assess" in kinds(world["officer"])
    ScoreSheet.objects.filter(pk=sheet.pk).update(state=SheetState.SUBMITTED, submitted_at=timezone.now())
    assert "self_assess" not in kinds(world["officer"])


def test_explain_the_criteria_the_head_changed_until_explained(world):
    period, ca = world["period"], world["units"]["ca"]
    set_phase(period, Phase.APPRAISAL)
    criteria = CriteriaSet.objects.create(period=period)
    first = Criterion.objects.create(criteria_set=criteria, code="1", name="Công tác chuyên môn", type="qualitative",
                                     max_points=Decimal(10))
    second = Criterion.objects.create(criteria_set=criteria, code="2", name="Công tác thi đua", type="qualitative",
                                      max_points=Decimal(10))
    sheet = ScoreSheet.objects.create(period=period, unit=ca, state=SheetState.SUBMITTED)
    changed = ScoreEntry.objects.create(sheet=sheet, criterion=first, self_points=10, appraised_points=8,
                                        appraisal_reason="Thiếu minh chứng")
    ScoreEntry.objects.create(sheet=sheet, criterion=second, self_points=9)
    assert "explain" not in kinds(world["officer"])  # sent, not appraised yet: the head's turn
    ScoreSheet.objects.filter(pk=sheet.pk).update(state=SheetState.APPRAISED)
    task = only(world["officer"], "explain")
    assert task.title == "Xem kết quả thẩm định, giải trình 1 tiêu chí bị điều chỉnh"
    changed.explanation = "Bổ sung minh chứng kèm theo."
    changed.save()
    assert "explain" not in kinds(world["officer"])


def test_peer_review_until_every_other_member_is_scored(world):
    period, units = world["period"], world["units"]
    set_phase(period, Phase.PEER_REVIEW)
    assert only(world["officer"], "peer").title == "Chấm chéo các đơn vị thành viên (đã chấm 0/6)"
    others = [u for k, u in units.items() if k not in ("ca", "snv")]
    for unit in others[:-1]:
        PeerScore.objects.create(period=period, rater=units["ca"], ratee=unit, points=90)
    assert only(world["officer"], "peer").title == "Chấm chéo các đơn vị thành viên (đã chấm 5/6)"
    PeerScore.objects.create(period=period, rater=units["ca"], ratee=others[-1], points=90)
    assert "peer" not in kinds(world["officer"])


# -- voting ---------------------------------------------------------------------------------------------------------

def test_vote_in_an_open_session_until_the_unit_has_voted(world):
    period, ca = world["period"], world["units"]["ca"]
    session, voter = open_session(period, ca, held_on=TODAY + dt.timedelta(days=2))
    for user in (world["leader"], world["officer"]):
        task = only(user, "vote")
        assert (task.deadline, task.days_left, task.deadline_note) == (TODAY + dt.timedelta(days=2), 2,
                                                                      "Ngày họp, biểu quyết")
        assert task.url == reverse("voting:ballot", args=[session.pk])
    assert "vote" not in kinds(world["head"])  # THADS's staff do not cast for Công an
    Participation.objects.create(voter=voter, round=1, channel="electronic")
    assert "vote" not in kinds(world["leader"])
    BallotSession.objects.filter(pk=session.pk).update(current_round=2)  # another round: to vote again
    assert only(world["leader"], "vote").title == "Bỏ phiếu: Bình xét năm 2024 (vòng 2)"
    BallotSession.objects.filter(pk=session.pk).update(state=SessionState.CLOSED)
    assert "vote" not in kinds(world["leader"])


# -- the head unit's and the organiser's steps ---------------------------------------------------------------------

def test_the_head_unit_runs_the_step_of_its_phase(world):
    period = world["period"]
    set_phase(period, Phase.REGISTRATION)
    Registration.objects.create(period=period, unit=world["units"]["ca"], submitted_at=timezone.now())
    step = only(world["head"], "step")
    assert step.title == "Đôn đốc đăng ký thi đua (đã đăng ký 1/7) và ký giao ước (đã ký 0/7)"
    assert step.url == reverse("movements:registrations", args=[period.pk])
    assert "step" not in kinds(world["officer"])
    # the organiser runs the year only while it is set up or has no head unit
    assert [t.key for t in tasks_for(world["organiser"], TODAY) if t.kind == "step"] == [
        f"step:{world['cluster'].periods.get(year=2023).pk}:setup"]
    set_phase(period, Phase.APPRAISAL)
    ScoreSheet.objects.create(period=period, unit=world["units"]["ca"], state=SheetState.SUBMITTED,
                              submitted_at=timezone.now())
    assert only(world["head"], "step").title == ("Thẩm định phiếu tự chấm: 1 phiếu chờ thẩm định, 0 phiếu chờ khóa "
                                                 "(đã khóa 0/7)")
    set_phase(period, Phase.VOTING)
    session, _voter = open_session(period, world["units"]["ca"])
    assert only(world["head"], "step").title == ("Tổ chức bình xét, bỏ phiếu suy tôn (0 phiên đang chuẩn bị, 1 phiên "
                                                 "đang bỏ phiếu, 0 phiên chờ kiểm phiếu)")
    BallotSession.objects.filter(pk=session.pk).update(state=SessionState.CLOSED)
    assert "1 phiên chờ kiểm phiếu" in only(world["head"], "step").title
    set_phase(period, Phase.IN_PROGRESS)
    assert "step" not in kinds(world["head"], today=dt.date(2024, 6, 1))  # the year runs: nothing to do yet
    assert only(world["head"], "step", today=dt.date(2025, 1, 5)).title == (
        "Năm thi đua đã hết ngày 31/12/2024: chuyển sang tự chấm điểm")
    set_phase(period, Phase.CLOSED)
    assert "step" not in kinds(world["head"])


def test_the_organiser_sets_up_its_years(world):
    period = world["period"]
    set_phase(period, Phase.SETUP)
    steps = [t for t in tasks_for(world["organiser"], TODAY) if t.kind == "step"]
    assert {t.key for t in steps} == {f"step:{period.pk}:setup",
                                      f"step:{world['cluster'].periods.get(year=2023).pk}:setup"}
    assert steps[0].url.startswith("/cum-khoi/nam/")


# -- proposals -----------------------------------------------------------------------------------------------------

def test_a_draft_or_returned_proposal_waits_for_its_sender_with_the_provinces_deadline(dossier_world):
    world = dossier_world
    proposal = proposal_of(world)
    task = only(world["officer"], "dossier")
    assert task.deadline == dt.date(2024, 12, 10) == workflow.deadline_for(proposal)[0]
    assert task.deadline_note == workflow.deadline_for(proposal)[1]
    assert task.title == "Hoàn thiện và gửi tờ trình “Đề nghị khen thưởng năm 2024”"
    Proposal.objects.filter(pk=proposal.pk).update(state=State.RETURNED, return_reason="Thiếu biên bản họp.")
    task = only(world["officer"], "dossier")
    assert task.title.startswith("Sửa và gửi lại") and task.detail == "Thiếu biên bản họp."
    Proposal.objects.filter(pk=proposal.pk).update(state=State.SUBMITTED)
    assert "dossier" not in kinds(world["officer"])
    assert only(world["organiser"], "receive").label == world["units"]["ca"].name


def test_a_cluster_dossier_without_the_provinces_deadline_says_so(world):
    world["organiser_obj"] = world["cluster"].organiser
    proposal = proposal_of(world)
    task = only(world["officer"], "dossier")
    assert task.deadline is None
    assert task.deadline_note == workflow.missing_deadline(proposal) == (
        "UBND tỉnh Lạng Sơn chưa ghi thời hạn nộp hồ sơ tổng kết của cụm, khối cho năm 2024 (trang Quy định › Thời "
        "hạn nộp hồ sơ); không áp dụng thời hạn của tỉnh khác.")


def test_the_receiver_posts_the_list_then_waits_for_its_end_then_puts_it_to_the_council(dossier_world):
    world = dossier_world
    proposal = proposal_of(world, state=State.RECEIVED)  # Huân chương Lao động: posted for comment
    assert sorted(kinds(world["organiser"])) == ["appraise", "notice"]
    notice = PublicNotice.objects.create(proposal=proposal, rule=NoticeRule.objects.order_by("valid_from").first(), working_days=10, source="Nghị định 98/2023",
                                         title=proposal.title, issuer="UBND", sender_name="Công an tỉnh",
                                         published_on=TODAY)
    posted = only(world["organiser"], "notice_open")
    assert posted.deadline == dt.date(2024, 12, 16)  # 10 working days after Monday 2/12
    assert posted.url == reverse("dossiers:notice", args=[proposal.pk])
    Proposal.objects.filter(pk=proposal.pk).update(state=State.APPRAISED)
    assert kinds(world["organiser"]) == ["notice_open"]  # the council waits for the end of the notice
    assert only(world["organiser"], "review", today=dt.date(2024, 12, 17))
    notice.early_review_reason = "Hội đồng họp trước kỳ nghỉ."
    notice.save()
    assert kinds(world["organiser"]) == ["review"]
    Proposal.objects.filter(pk=proposal.pk).update(state=State.REVIEWED)
    assert only(world["organiser"], "decide").title == "Ghi quyết định khen thưởng của tờ trình “Đề nghị khen thưởng năm 2024”"
    Proposal.objects.filter(pk=proposal.pk).update(state=State.DECIDED)
    assert kinds(world["organiser"]) == []


def test_a_proposal_with_nothing_to_post_goes_straight_to_the_council(dossier_world):
    world = dossier_world
    proposal_of(world, state=State.APPRAISED, award="cstd-cs")  # not a posted award
    assert kinds(world["organiser"]) == ["review"]


# -- order, progress, what next -----------------------------------------------------------------------------------

def test_overdue_first_then_by_deadline_then_without(dossier_world):
    world = dossier_world
    period = world["period"]
    set_phase(period, Phase.REGISTRATION)
    open_session(period, world["units"]["ca"], held_on=TODAY - dt.timedelta(days=3))
    proposal_of(world)  # due 10/12
    tasks = tasks_for(world["officer"], TODAY)
    assert [t.kind for t in tasks] == ["vote", "dossier", "register"]
    assert tasks[0].overdue and tasks[0].overdue_days == 3
    assert not tasks[1].overdue and tasks[1].days_left == 8
    assert tasks[2].deadline is None and not tasks[2].overdue
    older = Task(kind="a", title="a", url="", label="", key="a", deadline=TODAY - dt.timedelta(days=9), days_left=-9)
    assert sorted([tasks[0], older, tasks[2], tasks[1]], key=Task.sort_key) == [older, *tasks]


def test_the_progress_of_each_year(world):
    period = world["period"]
    set_phase(period, Phase.APPRAISAL)
    units = world["units"]
    Registration.objects.create(period=period, unit=units["ca"], submitted_at=timezone.now())
    ScoreSheet.objects.create(period=period, unit=units["ca"], state=SheetState.LOCKED, submitted_at=timezone.now())
    ScoreSheet.objects.create(period=period, unit=units["vks"], state=SheetState.SUBMITTED,
                              submitted_at=timezone.now())
    years = {y.year: y for y in year_progress(world["officer"], TODAY)}
    assert set(years) == {2023, 2024}  # neither is closed
    year = years[2024]
    assert (year.phase_label, year.next_phase_label) == ("Thẩm định, giải trình", "Chấm chéo")
    assert [(f["done"], f["total"]) for f in (year.registered, year.signed, year.sheets_sent, year.sheets_locked)] \
        == [(1, 7), (0, 7), (2, 7), (1, 7)]
    assert year.head_name == units["thads"].name and year.words.head == "Khối trưởng"
    assert year_progress(world["admin"], TODAY) == []


def test_what_comes_next(world):
    period = world["period"]
    set_phase(period, Phase.IN_PROGRESS)
    set_phase(world["cluster"].periods.get(year=2023), Phase.CLOSED)
    years = year_progress(world["officer"], TODAY)
    assert what_next(world["officer"], years, TODAY) == [
        "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn, năm 2024: đang ở giai đoạn “Đang thi đua”, tiếp theo là "
        "“Tự chấm điểm”; năm thi đua đến hết ngày 31/12/2024."]
    # a province's staff with many years running: five of them, then how many more (the table lists them all)
    many = [dataclasses.replace(years[0], period_id=years[0].period_id + i) for i in range(7)]
    lines = what_next(world["officer"], many, TODAY)
    assert len(lines) == 6 and lines[-1] == "… và 2 năm thi đua khác: xem bảng tiến độ bên dưới."
    set_phase(period, Phase.CLOSED)
    later = dt.date(2026, 3, 1)
    assert what_next(world["officer"], year_progress(world["officer"], later), later) == [
        "Năm thi đua 2026 của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn chưa mở; theo lịch năm 2024, năm "
        "mới từ 01/01/2026 đến 31/12/2026."]


# -- queries -------------------------------------------------------------------------------------------------------

def queries_of(user, today=TODAY) -> int:
    with CaptureQueriesContext(connection) as captured:
        tasks_for(user, today)
    return len(captured.captured_queries)


def test_the_queries_do_not_depend_on_the_number_of_clusters(dossier_world, make_user):
    world = dossier_world
    units = world["units"]
    set_phase(world["period"], Phase.PEER_REVIEW)
    open_session(world["period"], units["ca"], held_on=TODAY)
    proposal_of(world)
    received = proposal_of(world, state=State.RECEIVED)
    PublicNotice.objects.create(proposal=received, rule=NoticeRule.objects.order_by("valid_from").first(), working_days=10, source="Nghị định 98/2023",
                                title=received.title, issuer="UBND", sender_name="Công an tỉnh", published_on=TODAY)
    everyone = make_user("everyone", (Role.UNIT_OFFICER, units["ca"]), (Role.LEADER, units["ca"]),
                         (Role.HEAD_STAFF, units["thads"]), (Role.ORGANISER_STAFF, world["organiser_obj"]))

    def fresh():  # its roles read again, as in a request
        return type(everyone).objects.get(pk=everyone.pk)

    before = queries_of(fresh())
    small = len(tasks_for(fresh(), TODAY))
    assert small >= 5
    for i, phase in enumerate([Phase.REGISTRATION, Phase.SCORING, Phase.APPRAISAL, Phase.VOTING]):
        cluster = b.cluster(f"them-{i}", f"Khối thi đua thêm số {i}", world["organiser_obj"], kind="khoi")
        extra = create_period(cluster, 2024, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        add_members(extra, [units["ca"], units["thads"], units["vks"]])
        set_leader(extra, LeadershipRole.HEAD, units["thads"])
        set_phase(extra, phase)
        open_session(extra, units["ca"], held_on=TODAY)
        proposal_of(world)
    assert len(tasks_for(fresh(), TODAY)) >= small + 4 * 3
    assert queries_of(fresh()) == before
