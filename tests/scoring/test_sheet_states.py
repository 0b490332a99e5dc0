"""The score sheet's state machine (scoring.enums.SHEET_TRANSITIONS): every (action, state) pair in the table
works and leads where the table says, with its log entry; every pair not in the table is refused in Vietnamese
with nothing written; a failed write leaves nothing half done; pages ask the domain what a user may do."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.scoring.domain import sheets
from thidua.scoring.enums import (
    SHEET_ACTION_PHASES,
    SHEET_STATE_STAMPS,
    SHEET_TRANSITIONS,
    SheetAction,
    SheetState,
)
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import Evidence, ScoreEntry, ScoreSheet

pytestmark = pytest.mark.django_db

UNIT_NAME = "Đơn vị trạng thái 1"


@pytest.fixture
def year(settings, tmp_path, make_user):
    settings.MEDIA_ROOT = tmp_path
    organiser = b.organiser("st-org", "UBND tỉnh trạng thái", "province", area_code="lang-son")
    cluster = b.cluster("st-cum", "Cụm trạng thái", organiser, area_code="lang-son")
    units = [b.unit(f"st-{i}", f"Đơn vị trạng thái {i}", area_code="lang-son", sector_code="toa-an") for i in range(2)]
    period = create_period(cluster, 2026)
    add_members(period, units)
    set_leader(period, "head", units[0])
    criterion = sheets.add_criterion(sheets.ensure_criteria_set(period), "1", "Báo cáo đúng hạn", T.PASS_FAIL, 10)
    sheet = ScoreSheet.objects.create(period=period, unit=units[1])
    return SimpleNamespace(period=period, units=units, criterion=criterion, sheet=sheet,
                           head=make_user("st-head", (Role.HEAD_STAFF, units[0])),
                           officer=make_user("st-officer", (Role.UNIT_OFFICER, units[1])))


def arrange(y, state: str, phase: str) -> ScoreEntry:
    """Put the sheet in `state` and the year in `phase` directly (the records a sheet in that state has: a
    self-assessed criterion; appraised from APPRAISED on; explained from EXPLAINED on)."""
    EmulationPeriod.objects.filter(pk=y.period.pk).update(phase=phase)
    stamps = {stamp: None for stamp in SHEET_STATE_STAMPS.values()}
    if state == SheetState.LOCKED:
        stamps["locked_at"] = timezone.now()
    ScoreSheet.objects.filter(pk=y.sheet.pk).update(state=state, **stamps)
    appraised = state in (SheetState.APPRAISED, SheetState.EXPLAINED, SheetState.LOCKED)
    ScoreEntry.objects.update_or_create(sheet=y.sheet, criterion=y.criterion, defaults={
        "self_value": 1, "self_points": 10, "appraised_value": 1 if appraised else None,
        "appraised_points": 10 if appraised else None,
        "explanation": "Đã giải trình" if state in (SheetState.EXPLAINED, SheetState.LOCKED) else "",
        "final_value": None, "final_points": None, "final_reason": ""})
    return ScoreEntry.objects.get(sheet=y.sheet, criterion=y.criterion)


def payload(y, action: str, entry: ScoreEntry) -> dict:
    return {
        SheetAction.SAVE: {"values": {y.criterion.pk: (1, "Đúng hạn")}},
        SheetAction.SUBMIT: {},
        SheetAction.EVIDENCE: {"entry": entry, "uploaded": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 minh chung")},
        SheetAction.APPRAISE: {"entry": entry, "value": "1", "reason": ""},
        SheetAction.EXPLAIN: {"entry": entry, "text": "Đơn vị giải trình"},
        SheetAction.SECOND_LOOK: {"entry": entry, "value": "1", "reason": "Chấp nhận"},
        SheetAction.LOCK: {},
    }[action]


ALLOWED = [(action, state) for action, moves in SHEET_TRANSITIONS.items() for state in moves]
REFUSED = [(action, state) for action, moves in SHEET_TRANSITIONS.items() for state in SheetState.values
           if state not in moves]


def test_the_table_names_every_action_and_state():
    assert set(SHEET_TRANSITIONS) == set(SheetAction.values) == set(SHEET_ACTION_PHASES)
    for moves in SHEET_TRANSITIONS.values():
        assert set(moves) | set(moves.values()) <= set(SheetState.values)
    assert not any(SheetState.LOCKED in moves for moves in SHEET_TRANSITIONS.values())  # nothing leaves LOCKED
    changes = {(a, s, t) for a, moves in SHEET_TRANSITIONS.items() for s, t in moves.items() if s != t}
    assert changes == {("submit", "draft", "submitted"), ("appraise", "submitted", "appraised"),
                       ("explain", "appraised", "explained"), ("lock", "appraised", "locked"),
                       ("lock", "explained", "locked")}
    assert len(ALLOWED) + len(REFUSED) == len(SheetAction.values) * len(SheetState.values)


def test_every_transition_in_the_table_works_and_is_logged(year):
    y = year
    for action, state in ALLOWED:
        entry = arrange(y, state, SHEET_ACTION_PHASES[action][0])
        logged = Activity.objects.count()
        caller = ScoreSheet.objects.get(pk=y.sheet.pk)
        sheets.transition(caller, action, y.officer if action in ("save", "submit", "evidence", "explain")
                          else y.head, **payload(y, action, entry))
        target = SHEET_TRANSITIONS[action][state]
        stored = ScoreSheet.objects.get(pk=y.sheet.pk)
        assert stored.state == target == caller.state, (action, state)
        entry_log = Activity.objects.order_by("-id").first()
        assert Activity.objects.count() == logged + 1 and entry_log.actor is not None, (action, state)
        if target != state:
            assert getattr(stored, SHEET_STATE_STAMPS[target]) is not None
            assert entry_log.action == Activity.Action.TRANSITION
            assert entry_log.changes[0] == {"field": "Trạng thái", "old": SheetState(state).label,
                                            "new": SheetState(target).label}
        else:
            assert entry_log.action == Activity.Action.UPDATE


@pytest.mark.parametrize(("action", "state"), REFUSED)
def test_every_pair_not_in_the_table_is_refused_and_nothing_is_written(year, action, state):
    y = year
    entry = arrange(y, state, SHEET_ACTION_PHASES[action][0])
    before = (list(ScoreEntry.objects.values()), Activity.objects.count(), Evidence.objects.count())
    with pytest.raises(ValidationError) as error:
        sheets.transition(y.sheet, action, **payload(y, action, entry))
    if state == SheetState.LOCKED:
        assert error.value.messages[0].startswith(f"Phiếu chấm điểm của {UNIT_NAME} đã khóa ngày")
    else:
        assert error.value.messages == [str(sheets.REFUSED_IN_STATE[action]) % {"unit": UNIT_NAME}]
    assert ScoreSheet.objects.get(pk=y.sheet.pk).state == state
    assert (list(ScoreEntry.objects.values()), Activity.objects.count(), Evidence.objects.count()) == before


def test_each_action_belongs_to_its_phases(year):
    y = year
    for action, moves in SHEET_TRANSITIONS.items():
        state = next(iter(moves))
        wrong = next(p for p in Phase.values if p not in SHEET_ACTION_PHASES[action])
        entry = arrange(y, state, wrong)
        with pytest.raises(ValidationError, match=f"Không thể {SheetAction(action).label}: năm thi đua đang ở"):
            sheets.transition(y.sheet, action, **payload(y, action, entry))
        assert ScoreSheet.objects.get(pk=y.sheet.pk).state == state


def test_the_actors_role_is_checked_too(year):
    y = year
    entry = arrange(y, SheetState.SUBMITTED, Phase.APPRAISAL)
    with pytest.raises(PermissionDenied):
        sheets.transition(y.sheet, SheetAction.APPRAISE, y.officer, entry=entry, value="0", reason="Tự hạ điểm")
    entry.refresh_from_db()
    assert entry.appraised_points is None


def test_a_failed_write_leaves_nothing_half_done(year, monkeypatch):
    y = year
    entry = arrange(y, SheetState.SUBMITTED, Phase.APPRAISAL)
    ScoreEntry.objects.filter(pk=entry.pk).update(appraised_points=None)

    def broken(*args, **kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(sheets.activity, "record", broken)
    with pytest.raises(RuntimeError):
        sheets.transition(y.sheet, SheetAction.APPRAISE, entry=entry, value="0", reason="Chưa đạt")
    entry.refresh_from_db()
    sheet = ScoreSheet.objects.get(pk=y.sheet.pk)
    assert (entry.appraised_points, sheet.state, sheet.appraised_at) == (None, SheetState.SUBMITTED, None)
    # the lock fills in the criteria the head left alone: none of it stays when the lock fails
    arrange(y, SheetState.APPRAISED, Phase.APPRAISAL)
    ScoreEntry.objects.filter(pk=entry.pk).update(appraised_points=None, appraised_value=None)
    with pytest.raises(RuntimeError):
        sheets.lock_sheet(y.sheet)
    entry.refresh_from_db()
    assert entry.appraised_points is None and ScoreSheet.objects.get(pk=y.sheet.pk).state == SheetState.APPRAISED


def test_save_and_submit_keeps_what_was_typed_when_the_sheet_cannot_go(year):
    y = year
    second = sheets.add_criterion(y.criterion.criteria_set, "2", "Sáng kiến", T.PASS_FAIL, 10)
    arrange(y, SheetState.DRAFT, Phase.SCORING)
    ScoreEntry.objects.filter(sheet=y.sheet).delete()
    problems = sheets.save_and_submit(y.sheet, {y.criterion.pk: (1, "")})
    assert problems == ["Chưa tự chấm tiêu chí 2. Sáng kiến"]
    assert ScoreSheet.objects.get(pk=y.sheet.pk).state == SheetState.DRAFT
    assert ScoreEntry.objects.get(sheet=y.sheet, criterion=y.criterion).self_points == 10
    assert sheets.save_and_submit(y.sheet, {second.pk: (0, "")}) == []
    assert ScoreSheet.objects.get(pk=y.sheet.pk).state == SheetState.SUBMITTED
    with pytest.raises(ValidationError, match="không sửa phần tự chấm"):  # once sent, nothing more is saved
        sheets.save_and_submit(y.sheet, {second.pk: (1, "")})
    assert ScoreEntry.objects.get(sheet=y.sheet, criterion=second).self_points == 0


def test_the_page_asks_the_domain_what_each_user_may_do(year):
    y = year
    arrange(y, SheetState.SUBMITTED, Phase.APPRAISAL)
    sheet = ScoreSheet.objects.select_related("period__cluster", "unit").get(pk=y.sheet.pk)
    head = sheets.allowed_actions(sheet, y.head)
    assert head.allowed == {"appraise"}
    assert head.refused == {
        "second_look": f"Phiếu của {UNIT_NAME} chưa được thẩm định; chưa xem xét lại được.",
        "lock": f"Phiếu của {UNIT_NAME} chưa thẩm định xong; chưa khóa được."}
    unit = sheets.allowed_actions(sheet, y.officer)
    assert unit.allowed == {"evidence"}
    assert set(unit.refused) == {"save", "submit", "explain"}
    assert unit.refused["explain"] == f"Phiếu của {UNIT_NAME} chưa được thẩm định; chưa cần giải trình."
    assert sheets.allowed_actions(ScoreSheet(period=y.period, unit=y.units[1]), y.officer) == sheets.SheetActions()
