"""Phase gates that hold (issue 12 item 3): each blocker of a phase listed with its link and cleared by the work it
names; the phase does not move while one stands; the organiser's staff step over them with a written reason,
logged with what was stepped over — the same override as a past year's phases; a closed year reopened by the
organiser's staff with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import (
    Blocker,
    add_members,
    advance,
    advance_to,
    blockers,
    create_period,
    record_past_phase,
    register_entry_check,
    reopen,
    set_leader,
    transition_phase,
)
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db

KEYS = ("tand", "vks", "ca")


@pytest.fixture
def year(s1, make_user):
    """A year of S1's block with three members and a head, in registration: nothing registered, no covenant."""
    from thidua.orgs.models import Organiser

    cluster, units = s1["cluster"], s1["units"]
    period = create_period(cluster, 2026)
    add_members(period, [units[k] for k in KEYS])
    set_leader(period, LeadershipRole.HEAD, units["tand"])
    transition_phase(period, Phase.REGISTRATION)
    other = Organiser.objects.create(code="ubnd-khac", name="Ủy ban nhân dân tỉnh Khác", kind="province")
    return {
        "period": period, "units": units,
        "organiser": make_user("to-chuc", (Role.ORGANISER_STAFF, cluster.organiser)),
        "head": make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])),
        "officer": make_user("can-bo", (Role.UNIT_OFFICER, units["vks"])),
        "other_organiser": make_user("tinh-khac", (Role.ORGANISER_STAFF, other)),
    }


def texts(period, phase):
    return [b.text for b in blockers(period, phase)]


def _register(period, unit):
    from thidua.movements.domain.covenants import register

    register(period, unit, "Tập thể lao động xuất sắc", [])


def _covenant_signed_by(period, units):
    from thidua.movements.domain import covenants

    covenant = covenants.draft_covenant(period, "Giao ước thi đua năm 2026", ["Hoàn thành nhiệm vụ"])
    covenants.open_for_signing(covenant)
    for unit in units:
        covenants.sign(covenant, unit, "Nguyễn Văn A", "Thủ trưởng", dt.date(2026, 2, 1))
    return covenant


# -- each blocker appears, with its link, and clears -------------------------------------------------------------

def test_registration_and_covenant_stand_before_the_race_and_clear(year):
    from thidua.movements.domain import covenants

    period, units = year["period"], year["units"]
    found = blockers(period, Phase.IN_PROGRESS)
    by_text = {b.text: b.url for b in found}
    for key in KEYS:
        unit = units[key]
        text = f"{unit.name} chưa đăng ký thi đua năm 2026."
        assert by_text[text] == reverse("movements:registration", args=[period.pk, unit.pk])
    assert by_text["Chưa soạn giao ước thi đua năm 2026."] == reverse("movements:covenant", args=[period.pk])
    for key in KEYS:
        _register(period, units[key])
    assert texts(period, Phase.IN_PROGRESS) == ["Chưa soạn giao ước thi đua năm 2026."]
    covenant = covenants.draft_covenant(period, "Giao ước thi đua năm 2026", ["Hoàn thành nhiệm vụ"])
    assert texts(period, Phase.IN_PROGRESS) == [
        "Giao ước thi đua năm 2026 còn là dự thảo: mở ký để các đơn vị ký kết."]
    covenants.open_for_signing(covenant)
    covenants.sign(covenant, units["tand"], "Nguyễn Văn A", "Chánh án", dt.date(2026, 2, 1))
    unsigned = sorted([units["vks"], units["ca"]], key=lambda u: u.sort_key)
    assert texts(period, Phase.IN_PROGRESS) == [
        f"Giao ước thi đua năm 2026 chưa được ký đủ: còn 2 đơn vị chưa ký ({unsigned[0].name}, {unsigned[1].name})."]
    for unit in unsigned:
        covenants.sign(covenant, unit, "Trần Văn B", "Thủ trưởng", dt.date(2026, 2, 1))
    assert blockers(period, Phase.IN_PROGRESS) == []
    advance(period, Phase.IN_PROGRESS, actor=year["head"])  # nothing stands: the head unit moves it, no reason
    assert period.phase == Phase.IN_PROGRESS


def test_self_scoring_waits_for_the_scale(year):
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType

    period = year["period"]
    advance(period, Phase.IN_PROGRESS, actor=year["organiser"], reason="Kiểm thử")
    assert blockers(period, Phase.SCORING) == [Blocker(
        "Năm 2026 chưa có bảng tiêu chí chấm điểm: lập bảng tiêu chí (hoặc sao chép từ năm trước) trước khi các đơn "
        "vị tự chấm.", reverse("scoring:criteria", args=[period.pk]))]
    sheets.ensure_criteria_set(period)
    assert texts(period, Phase.SCORING)  # an empty scale is no scale
    sheets.add_criterion_to_year(period, "1", "Báo cáo đúng hạn", CriterionType.PASS_FAIL, 10)
    assert blockers(period, Phase.SCORING) == []


def test_the_vote_waits_for_every_sheet_locked_each_linked_to_its_sheet(year):
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType

    period, units = year["period"], year["units"]
    sheets.add_criterion_to_year(period, "1", "Báo cáo đúng hạn", CriterionType.PASS_FAIL, 10)
    advance_to(period, Phase.RANKING, reason="Kiểm thử")
    found = blockers(period, Phase.VOTING)
    assert {b.url for b in found} == {reverse("scoring:sheet", args=[period.pk, units[k].pk]) for k in KEYS}
    assert f"Phiếu chấm điểm của {units['ca'].name} chưa khóa." in [b.text for b in found]


def test_the_year_closes_when_every_ballot_is_counted(year):
    from thidua.voting.domain.sessions import create_session
    from thidua.voting.enums import SessionKind, SessionState
    from thidua.voting.models import BallotSession

    period = year["period"]
    advance_to(period, Phase.VOTING, reason="Kiểm thử")
    assert blockers(period, Phase.CLOSED) == []
    session = create_session("Suy tôn năm 2026", SessionKind.NOMINATION, period=period)
    assert blockers(period, Phase.CLOSED) == [Blocker(
        "Phiên bỏ phiếu “Suy tôn năm 2026” chưa kiểm phiếu (đang ở trạng thái “Đang chuẩn bị”).",
        reverse("voting:session_detail", args=[session.pk]))]
    with pytest.raises(ValidationError, match="chưa kiểm phiếu"):
        advance(period, Phase.CLOSED, actor=year["head"])
    BallotSession.objects.filter(pk=session.pk).update(state=SessionState.TALLIED)  # as counted
    assert blockers(period, Phase.CLOSED) == []
    advance(period, Phase.CLOSED, actor=year["head"])
    assert period.phase == Phase.CLOSED


def test_an_entry_check_may_still_return_plain_sentences(year):
    """The registry's old form (a list of sentences) keeps working: a Blocker without a link."""
    from thidua.clusters.domain import periods

    def plain(period):
        return ["Câu kiểm tra cũ."]

    register_entry_check(Phase.APPRAISAL, plain)
    try:
        assert Blocker("Câu kiểm tra cũ.") in blockers(year["period"], Phase.APPRAISAL)
    finally:
        periods.ENTRY_CHECKS[Phase.APPRAISAL].remove(plain)


# -- the phase does not move; the override ----------------------------------------------------------------------

@pytest.mark.parametrize("who", ["organiser", "head"])
def test_the_phase_does_not_move_while_blockers_stand(year, who):
    period = year["period"]
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as refused:
        advance(period, Phase.IN_PROGRESS, actor=year[who])
    assert "Chưa soạn giao ước thi đua năm 2026." in refused.value.messages
    with pytest.raises(ValidationError):
        transition_phase(period, Phase.IN_PROGRESS, actor=year[who])
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION and Activity.objects.count() == before


def test_the_override_needs_a_reason_and_is_logged_with_what_it_stepped_over(year):
    period, organiser = year["period"], year["organiser"]
    with pytest.raises(ValidationError):
        advance(period, Phase.IN_PROGRESS, actor=organiser, reason="   ")
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION
    stood = texts(period, Phase.IN_PROGRESS)
    advance(period, Phase.IN_PROGRESS, actor=organiser, reason="  Các đơn vị đăng ký bằng văn bản số 12/CV  ")
    period.refresh_from_db()
    assert period.phase == Phase.IN_PROGRESS
    entry = Activity.objects.latest("id")
    assert entry.actor == organiser and entry.action == Activity.Action.TRANSITION
    assert entry.summary == ("Năm 2026: Đăng ký thi đua → Đang thi đua, khi chưa đạt điều kiện — lý do: Các đơn vị "
                             "đăng ký bằng văn bản số 12/CV")
    assert entry.changes == [
        {"field": "Giai đoạn", "old": "Đăng ký thi đua", "new": "Đang thi đua"},
        {"field": "Lý do", "old": "", "new": "Các đơn vị đăng ký bằng văn bản số 12/CV"},
        {"field": "Điều kiện chưa đạt được vượt qua", "old": "", "new": "; ".join(stood)},
    ]


@pytest.mark.parametrize("who", ["head", "officer", "other_organiser"])
def test_only_the_organisers_staff_override(year, who):
    period = year["period"]
    with pytest.raises(PermissionDenied):
        advance(period, Phase.IN_PROGRESS, actor=year[who], reason="Lý do")
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION


def test_a_reason_without_blockers_is_an_ordinary_move(year):
    period, units = year["period"], year["units"]
    for key in KEYS:
        _register(period, units[key])
    _covenant_signed_by(period, [units[k] for k in KEYS])
    advance(period, Phase.IN_PROGRESS, actor=year["head"], reason="Không cần")
    assert Activity.objects.latest("id").summary == "Năm 2026: Đăng ký thi đua → Đang thi đua"


def test_the_past_year_step_is_the_same_override(year, s1):
    """record_past_phase steps over the same blockers, and its one entry names them with the reason."""
    from thidua.clusters.interfaces.forms import OverrideForm, PastYearForm, PhaseReasonForm, ReopenForm

    past = s1["cluster"].periods.get(year=2023)
    stood = texts(past, Phase.IN_PROGRESS)
    assert stood  # no registration, no covenant in 2023 before the replay
    record_past_phase(past, Phase.VOTING, "Ghi nhận theo biên bản", year["organiser"])
    entry = Activity.objects.latest("id")
    stepped = next(c for c in entry.changes if c["field"] == "Điều kiện chưa đạt được vượt qua")["new"]
    assert all(text in stepped for text in stood)
    advance(past, Phase.CLOSED, year["organiser"], "Đã ghi xong", past_year=True)  # the very same function
    assert past.phase == Phase.CLOSED
    assert Activity.objects.latest("id").summary == ("Năm 2023 (đã qua): Bình xét, suy tôn → Đã kết thúc, chuyển "
                                                     "thẳng — lý do: Đã ghi xong")
    assert all(issubclass(form, PhaseReasonForm) for form in (OverrideForm, PastYearForm, ReopenForm))


# -- reopening a closed year ------------------------------------------------------------------------------------

@pytest.fixture
def closed(year):
    advance_to(year["period"], Phase.CLOSED, reason="Kiểm thử")
    return year


def test_the_organiser_reopens_a_closed_year_with_a_logged_reason(closed):
    period, organiser = closed["period"], closed["organiser"]
    with pytest.raises(ValidationError, match="Cần ghi lý do mở lại"):
        reopen(period, "  ", organiser)
    reopen(period, "Sửa kết quả theo Công văn số 5/UBND", organiser)
    period.refresh_from_db()
    assert period.phase == Phase.VOTING
    entry = Activity.objects.latest("id")
    assert entry.actor == organiser
    assert entry.summary == ("Mở lại năm 2026: Đã kết thúc → Bình xét, suy tôn — lý do: Sửa kết quả theo Công văn "
                             "số 5/UBND")
    with pytest.raises(ValidationError, match="chưa kết thúc; không cần mở lại"):
        reopen(period, "Lần nữa", organiser)
    advance(period, Phase.CLOSED, actor=closed["head"])  # closing again goes through the gates (none stand)
    assert period.phase == Phase.CLOSED


@pytest.mark.parametrize("who", ["head", "officer", "other_organiser", None])
def test_only_the_organisers_staff_reopen(closed, who):
    period = closed["period"]
    with pytest.raises(PermissionDenied):
        reopen(period, "Lý do", closed[who] if who else None)
    period.refresh_from_db()
    assert period.phase == Phase.CLOSED


@pytest.fixture
def scored(year):
    """The year scored in the system: a scale of two criteria, the Court's sheet sent, appraised and locked, the
    Procuracy's sent; then on to the vote (the organiser steps over the sheets not locked)."""
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType

    period, units = year["period"], year["units"]
    cset = sheets.ensure_criteria_set(period)
    criteria = [sheets.add_criterion(cset, "1", "Báo cáo đúng hạn", CriterionType.PASS_FAIL, 40),
                sheets.add_criterion(cset, "2", "Sáng kiến", CriterionType.PER_OCCURRENCE, 60,
                                     points_per_occurrence=10)]
    advance_to(period, Phase.SCORING, reason="Kiểm thử")
    court, procuracy = sheets.get_sheet(period, units["tand"]), sheets.get_sheet(period, units["vks"])
    for sheet in (court, procuracy):
        sheets.save_self_assessment(sheet, {criteria[0].pk: (1, ""), criteria[1].pk: (2, "")})
        sheets.submit_self_assessment(sheet)
    advance_to(period, Phase.APPRAISAL, reason="Kiểm thử")
    sheets.appraise_entry(court.entries.get(criterion=criteria[1]), 1, "Một sáng kiến chưa được công nhận")
    sheets.lock_sheet(court)
    return {**year, "criteria": criteria, "court": court, "procuracy": procuracy}


def test_a_reopened_year_does_not_step_back_to_undo_locked_scores(scored, client_for):
    """Issue 12 review item 1: reopening lands in the vote; the head unit's staff may not walk the year back to
    the phases where the scale is edited, and the scale and its exclusions stay fixed whatever the phase."""
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import SheetState
    from thidua.scoring.models import ScoreEntry

    period, criteria = scored["period"], scored["criteria"]
    advance_to(period, Phase.CLOSED, reason="Kiểm thử")
    reopen(period, "Sửa biên bản", scored["organiser"])
    locked_entries = ScoreEntry.objects.filter(sheet__state=SheetState.LOCKED).count()
    assert locked_entries == 2
    for actor in (scored["head"], scored["organiser"]):
        with pytest.raises(ValidationError, match="Không quay lại giai đoạn “Tổng hợp, xếp hạng” được: năm 2026 "
                                                  "đã có phiếu chấm điểm được gửi"):
            transition_phase(period, Phase.RANKING, actor=actor)
        period.refresh_from_db()
        assert period.phase == Phase.VOTING
        page = _page(client_for, actor, period)
        assert "Quay lại giai đoạn" not in page and "Chuyển sang giai đoạn “Đã kết thúc”" in page
    response = client_for(scored["head"]).post(reverse("clusters:period_transition", args=[period.pk]),
                                               {"phase": Phase.RANKING}, follow=True)
    assert "Không quay lại giai đoạn “Tổng hợp, xếp hạng” được" in response.content.decode()
    period.refresh_from_db()
    assert period.phase == Phase.VOTING
    # the scale is fixed whatever the phase: a criterion deleted would take the locked points with it
    with pytest.raises(ValidationError, match="Bảng tiêu chí"):
        sheets.delete_criterion(criteria[1], actor=scored["head"])
    with pytest.raises(ValidationError, match="tiêu chí không áp dụng"):
        sheets.set_exclusions(criteria[1], [scored["units"]["tand"]], actor=scored["head"])
    assert ScoreEntry.objects.filter(sheet__state=SheetState.LOCKED).count() == locked_entries


def test_a_year_stepped_back_keeps_its_scale_once_sheets_were_sent(scored):
    """Stepping back inside the scoring phases stays a correction; what the sheets were scored on stays fixed:
    the exclusions once a sheet was appraised, the scale once a sheet was sent."""
    from thidua.scoring.domain import sheets
    from thidua.scoring.models import CriterionExclusion, ScoreEntry

    period, criteria, units = scored["period"], scored["criteria"], scored["units"]
    entries = ScoreEntry.objects.count()
    transition_phase(period, Phase.SCORING, actor=scored["head"])
    with pytest.raises(ValidationError, match="Tiêu chí không áp dụng của năm 2026 đã cố định: đã có phiếu chấm "
                                              "điểm được thẩm định hoặc khóa"):
        sheets.set_exclusions(criteria[0], [units["ca"]], actor=scored["head"])
    transition_phase(period, Phase.IN_PROGRESS, actor=scored["head"])
    with pytest.raises(ValidationError, match="Bảng tiêu chí năm 2026 đã cố định: đã có đơn vị gửi phiếu tự chấm"):
        sheets.delete_criterion(criteria[1], actor=scored["head"])
    with pytest.raises(ValidationError, match="đã cố định"):
        sheets.update_criterion(criteria[0], actor=scored["head"], max_points=50)
    with pytest.raises(ValidationError, match="đã cố định"):
        sheets.add_criterion(criteria[0].criteria_set, "3", "Khen thưởng", "bonus", 5)
    assert ScoreEntry.objects.count() == entries and not CriterionExclusion.objects.exists()


def test_a_year_without_sheets_sent_still_steps_back_from_the_vote(year, client_for):
    """A cluster that scores on paper (no sheet sent here) keeps the step back out of the vote."""
    period = year["period"]
    advance_to(period, Phase.VOTING, reason="Kiểm thử")
    assert "Quay lại giai đoạn “Tổng hợp, xếp hạng” (sửa nhầm)" in _page(client_for, year["head"], period)
    transition_phase(period, Phase.RANKING, actor=year["head"])
    assert period.phase == Phase.RANKING


# -- the page ---------------------------------------------------------------------------------------------------

def _page(client_for, user, period):
    return client_for(user).get(reverse("clusters:period_detail", args=[period.pk])).content.decode()


def test_the_page_lists_the_blockers_with_links_and_offers_the_override_to_the_organiser(year, client_for):
    period = year["period"]
    covenant_url = reverse("movements:covenant", args=[period.pk])
    page = _page(client_for, year["organiser"], period)
    assert 'id="phase-blockers"' in page and "còn 4 điều kiện chưa đạt" in page
    assert f'<a href="{covenant_url}">Chưa soạn giao ước thi đua năm 2026.</a>' in page
    assert 'id="phase-override"' in page and 'name="override-reason"' in page and "data-confirm" in page
    assert "Chuyển sang giai đoạn “Đang thi đua” →" not in page  # no plain button while blockers stand
    page = _page(client_for, year["head"], period)
    assert f'<a href="{covenant_url}">' in page
    assert 'id="phase-override"' not in page and 'id="who-overrides"' in page
    assert "chỉ cán bộ của Ủy ban nhân dân tỉnh Lạng Sơn (cơ quan tổ chức) mới cho chuyển được" in page


def test_the_button_is_offered_when_nothing_stands(year, client_for):
    period, units = year["period"], year["units"]
    for key in KEYS:
        _register(period, units[key])
    _covenant_signed_by(period, [units[k] for k in KEYS])
    page = _page(client_for, year["head"], period)
    assert 'id="phase-blockers"' not in page and 'id="phase-ready"' in page
    assert "Chuyển sang giai đoạn “Đang thi đua”" in page
    response = client_for(year["head"]).post(reverse("clusters:period_transition", args=[period.pk]),
                                             {"phase": "in_progress"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.phase == Phase.IN_PROGRESS


def test_the_button_posted_while_blockers_stand_moves_nothing(year, client_for):
    period = year["period"]
    response = client_for(year["head"]).post(reverse("clusters:period_transition", args=[period.pk]),
                                             {"phase": "in_progress"}, follow=True)
    assert "Chưa soạn giao ước thi đua năm 2026." in response.content.decode()
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION


def test_the_override_form_keeps_what_was_typed_and_needs_a_reason(year, client_for):
    period = year["period"]
    url = reverse("clusters:period_transition", args=[period.pk])
    client = client_for(year["organiser"])
    response = client.post(url, {"override-phase": "in_progress", "override-reason": ""})
    assert response.status_code == 200
    assert "Cần ghi lý do chuyển khi chưa đạt điều kiện (ghi vào nhật ký)." in response.content.decode()
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION
    response = client.post(url, {"override-phase": "in_progress", "override-reason": "Đăng ký bằng văn bản"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.phase == Phase.IN_PROGRESS
    assert "lý do: Đăng ký bằng văn bản" in Activity.objects.latest("id").summary


def test_an_override_to_a_phase_that_does_not_exist_is_refused_on_the_form(year, client_for):
    period = year["period"]
    response = client_for(year["organiser"]).post(reverse("clusters:period_transition", args=[period.pk]),
                                                  {"override-phase": "nowhere", "override-reason": "Lý do"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Giai đoạn không hợp lệ." in page and "Lý do" in page
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION


@pytest.mark.parametrize("who", ["head", "officer", "other_organiser"])
def test_the_override_post_is_refused_to_others(year, client_for, who):
    period = year["period"]
    response = client_for(year[who]).post(reverse("clusters:period_transition", args=[period.pk]),
                                          {"override-phase": "in_progress", "override-reason": "Lý do"})
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.phase == Phase.REGISTRATION


def test_the_closed_year_page_offers_reopening_to_the_organiser_only(closed, client_for):
    period = closed["period"]
    page = _page(client_for, closed["organiser"], period)
    assert 'id="period-reopen"' in page and 'name="reopen-reason"' in page and "data-confirm" in page
    page = _page(client_for, closed["head"], period)
    assert 'id="period-reopen"' not in page and 'id="who-reopens"' in page
    url = reverse("clusters:period_reopen", args=[period.pk])
    response = client_for(closed["organiser"]).post(url, {"reopen-reason": ""})
    assert response.status_code == 200 and "Cần ghi lý do mở lại năm thi đua" in response.content.decode()
    response = client_for(closed["organiser"]).post(url, {"reopen-reason": "Sửa sai sót"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.phase == Phase.VOTING


@pytest.mark.parametrize("who", ["head", "officer", "other_organiser"])
def test_the_reopen_post_is_refused_to_others(closed, client_for, who):
    period = closed["period"]
    response = client_for(closed[who]).post(reverse("clusters:period_reopen", args=[period.pk]),
                                            {"reopen-reason": "Lý do"})
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.phase == Phase.CLOSED


def test_the_year_page_shows_the_next_phases_blockers_to_who_runs_the_year(year, client_for):
    period = year["period"]
    url = reverse("screens:period_year", args=[period.pk])
    page = client_for(year["head"]).get(url).content.decode()
    assert 'id="phase-gates"' in page and "Để chuyển sang giai đoạn “Đang thi đua”: còn 4 điều kiện chưa đạt." in page
    assert f'<a href="{reverse("movements:covenant", args=[period.pk])}">Chưa soạn giao ước thi đua năm 2026.</a>' in page
    response = client_for(year["officer"]).get(url)  # a member's officer sees the year, not its gates
    assert response.status_code == 200 and 'id="phase-gates"' not in response.content.decode()
