"""State changes of a cluster's year: periods, members, head and deputy, phase. Each writes the
activity log, so the cluster page can show who changed what, old → new."""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.clusters.domain import notify
from thidua.clusters.enums import PHASE_ORDER, PHASE_TRANSITIONS, ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership
from thidua.core import activity, versions
from thidua.core.models import Activity
from thidua.orgs.models import Unit


def _shift_day(day: dt.date, years: int, month_end: bool) -> dt.date:
    """The same day and month `years` calendar years later. 29/2 becomes 28/2 in a common year; with `month_end`,
    a month's last day stays the month's last day (28/2/2023 → 29/2/2024 → 28/2/2025)."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    if month_end and day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, day.month, last)
    return dt.date(year, day.month, min(day.day, last))


def shifted_span(start: dt.date, end: dt.date, years: int = 1) -> tuple[dt.date, dt.date]:
    """The span of a year opened after one that ran from `start` to `end`: the same calendar span `years` years
    later — start and end each moved by calendar years, never by a number of days (a 366-day leap year moved by
    its length would end the next year on 30/12). 1/1–31/12 gives 1/1–31/12; the courts' 1/10/2023–30/9/2024
    gives 1/10/2024–30/9/2025; a year ending on the last day of February ends on the last day of February (29/2
    in a leap year, 28/2 otherwise); a start on 29/2 moves to 1/3 in a common year, the day after the year before
    it ends there (28/2 would overlap it by a day)."""
    new_start = _shift_day(start, years, month_end=False)
    if (start.month, start.day) == (2, 29) and not calendar.isleap(start.year + years):
        new_start = dt.date(start.year + years, 3, 1)
    return new_start, _shift_day(end, years, month_end=True)


def default_span(cluster: Cluster, year: int) -> tuple[dt.date, dt.date]:
    """The dates a new year of a cluster takes when none are given: the span of its latest earlier year moved to
    `year` (shifted_span), else the calendar year."""
    before = cluster.periods.filter(year__lt=year).order_by("-year").first()
    if before is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return shifted_span(before.start_date, before.end_date, year - before.year)


@transaction.atomic
def create_period(cluster: Cluster, year: int, start_date: dt.date | None = None, end_date: dt.date | None = None,
                  actor=None, copy_members_from: EmulationPeriod | None = None,
                  at: dt.datetime | None = None) -> EmulationPeriod:
    """Open a cluster's emulation year. Dates not given follow the cluster's previous year (default_span: the same
    calendar span a year later, so courts keep 1/10 to 30/9), or the calendar year for a cluster's first.
    `at` (here and in the other changes of a year): when it happened, if not now — the demo's replays."""
    if start_date is None or end_date is None:
        default_start, default_end = default_span(cluster, year)
        start_date, end_date = start_date or default_start, end_date or default_end
    if end_date <= start_date:
        raise ValidationError(_("Ngày kết thúc năm thi đua phải sau ngày bắt đầu."))
    if EmulationPeriod.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError(_("Cụm đã có năm thi đua %(year)s.") % {"year": year})
    period = EmulationPeriod.objects.create(cluster=cluster, year=year, start_date=start_date, end_date=end_date)
    activity.record(actor, Activity.Action.CREATE, period, cluster.scope, summary=f"Mở năm thi đua {year}", at=at)
    if copy_members_from is not None:
        units = Unit.objects.filter(memberships__period=copy_members_from)
        add_members(period, list(units), actor=actor, at=at)
    return period


@transaction.atomic
def add_members(period: EmulationPeriod, units: list[Unit], actor=None, at: dt.datetime | None = None) -> int:
    existing = set(period.memberships.values_list("unit_id", flat=True))
    new = [u for u in units if u.pk not in existing]
    Membership.objects.bulk_create([Membership(period=period, unit=u) for u in new])
    if new:
        names = ", ".join(u.name for u in new)
        activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                        summary=f"Thêm thành viên năm {period.year}: {names}", at=at)
    return len(new)


@transaction.atomic
def remove_member(period: EmulationPeriod, unit: Unit, actor=None) -> None:
    if period.phase == Phase.CLOSED:
        raise ValidationError(_("Năm thi đua đã kết thúc, không thể thay đổi thành viên."))
    if period.leadership_terms.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s đang là %(leaders)s năm %(year)s; hãy đổi trưởng/phó trước.")
                              % {"unit": unit, "leaders": period.cluster.words.leaders.lower(), "year": period.year})
    period.memberships.filter(unit=unit).delete()
    activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                    summary=f"Bỏ thành viên năm {period.year}: {unit}")


def _version_values(period: EmulationPeriod) -> list:
    """What the year page's forms write: the phase, the dates, the head and deputy."""
    leaders = period.leadership_terms.order_by("role", "unit_id").values_list(
        "role", "unit_id", "method", "decision_ref", "decided_on")
    return [period.phase, period.start_date, period.end_date, [list(term) for term in leaders]]


def version(period: EmulationPeriod) -> str:
    """The version of a period as its page's forms carry it (core.versions)."""
    return versions.token(period, period.cluster.scope, _version_values(period))


def _check_version(period: EmulationPeriod, loaded_version: str | None) -> None:
    """Lock the period until the change commits (changes of its phase and leaders one after another), and refuse
    a change made from a page loaded before the period last changed (`loaded_version`, core.versions)."""
    stored = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    if loaded_version is not None:
        versions.check(stored, stored.cluster.scope, _version_values(stored), loaded_version)


@transaction.atomic
def set_leader(period: EmulationPeriod, role: str, unit: Unit, method: str = ChoiceMethod.ASSIGNMENT,
               decision_ref: str = "", decided_on: dt.date | None = None, actor=None,
               loaded_version: str | None = None, at: dt.datetime | None = None) -> LeadershipTerm:
    """Make a unit head or deputy of a period. The unit must be a member; a unit holds one role a year.
    `loaded_version`: the version the year page was loaded with (core.versions), refused when older."""
    _check_version(period, loaded_version)
    if not period.memberships.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không phải thành viên của %(word)s năm %(year)s.")
                              % {"unit": unit, "word": period.cluster.words.word, "year": period.year})
    words = period.cluster.words
    old = None
    if role == LeadershipRole.HEAD:
        old = period.leadership_terms.filter(role=role).select_related("unit").first()
    other = period.leadership_terms.filter(unit=unit).exclude(role=role).first()
    if other:
        raise ValidationError(_("%(unit)s đã là %(role)s năm %(year)s.")
                              % {"unit": unit, "role": words.role(other.role).lower(), "year": period.year})
    if old and old.unit_id != unit.pk:
        old.delete()
    term, _created = LeadershipTerm.objects.update_or_create(
        period=period, unit=unit, defaults={"role": role, "method": method, "decision_ref": decision_ref,
                                            "decided_on": decided_on},
    )
    with activity.log_language():
        role_label = period.cluster.words.role(role)  # "Trưởng cụm" or "Khối trưởng", in Vietnamese
        changes = [{"field": role_label, "old": str(old.unit) if old else "", "new": str(unit)}]
        activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                        summary=f"{role_label} năm {period.year}: {unit} ({ChoiceMethod(method).label.lower()})",
                        changes=changes, at=at)
    return term


# -- phase gates ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Blocker:
    """What stands before a year enters a phase: a sentence an officer can act on and the page where it is fixed."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return self.text


# Checks other domains add for entering a phase, so this module needs no knowledge of them (scoring: a scale
# before self-scoring, every sheet locked before the vote; movements: every member registered and the covenant
# signed by all before the race starts; voting: every ballot counted before the year closes). Each takes the
# period and returns its blockers: Blocker(text, url), or plain sentences (a Blocker without a link).
EntryCheck = Callable[[EmulationPeriod], Iterable["Blocker | str"]]
ENTRY_CHECKS: dict[str, list[EntryCheck]] = {}


def register_entry_check(phase: str, check: EntryCheck) -> None:
    if check not in ENTRY_CHECKS.setdefault(phase, []):
        ENTRY_CHECKS[phase].append(check)


# Checks other domains add for stepping a year back (a correction), so this module needs no knowledge of them
# (scoring: the scores the vote stands on are final). Each takes the period and the phase it would step back to and
# returns why not, in sentences that say what to do instead; a step back has no override.
StepBackCheck = Callable[[EmulationPeriod, str], Iterable[str]]
STEP_BACK_CHECKS: list[StepBackCheck] = []


def register_step_back_check(check: StepBackCheck) -> None:
    if check not in STEP_BACK_CHECKS:
        STEP_BACK_CHECKS.append(check)


def _blocker(item: "Blocker | str") -> Blocker:
    return item if isinstance(item, Blocker) else Blocker(str(item))


def transition_refusal(period: EmulationPeriod, to_phase: str) -> str | None:
    """Why the transition table refuses the move (no reason overrides it), or None."""
    if to_phase in PHASE_TRANSITIONS.get(period.phase, set()):
        return None
    if to_phase not in PHASE_ORDER:
        return _("Giai đoạn không hợp lệ.")
    return (_("Không thể chuyển từ giai đoạn “%(from)s” sang “%(to)s”.")
            % {"from": Phase(period.phase).label, "to": Phase(to_phase).label})


def blockers(period: EmulationPeriod, to_phase: str) -> list[Blocker]:
    """What stops the period from entering `to_phase`, each with the page where it is fixed: the year's own
    (members, a head unit) and, moving forward, those the apps above register for the phase (ENTRY_CHECKS).
    The organiser's staff may step over them with a written reason (advance)."""
    found: list[Blocker] = []
    if to_phase != Phase.SETUP:
        url = period.get_absolute_url()
        if not period.memberships.exists():
            found.append(Blocker(_("Năm thi đua chưa có thành viên."), url))
        if not period.leadership_terms.filter(role=LeadershipRole.HEAD).exists():
            found.append(Blocker(_("Năm thi đua chưa có %(head_unit)s.")
                                 % {"head_unit": period.cluster.words.head_unit}, url))
    if to_phase in PHASE_ORDER and PHASE_ORDER.index(to_phase) > PHASE_ORDER.index(period.phase):
        for check in ENTRY_CHECKS.get(to_phase, []):
            found.extend(_blocker(item) for item in check(period))
    return found


def issues_before_transition(period: EmulationPeriod, to_phase: str) -> list[str]:
    """What stops the period from moving to a phase, in words an officer can act on (blockers' texts)."""
    refusal = transition_refusal(period, to_phase)
    if refusal:
        return [refusal]
    return [b.text for b in blockers(period, to_phase)]


def next_phase(period: EmulationPeriod) -> str | None:
    """The phase the year moves to next, None for a closed year."""
    index = PHASE_ORDER.index(period.phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def previous_phase(period: EmulationPeriod) -> str | None:
    """The phase one step back, if the transition table allows stepping back at all (never out of the closed
    phase); whether the year may step back now is step_back_refusals'."""
    index = PHASE_ORDER.index(period.phase)
    back = PHASE_ORDER[index - 1] if index > 0 else None
    return back if back in PHASE_TRANSITIONS.get(period.phase, set()) else None


def next_gate(period: EmulationPeriod) -> tuple[str, list[Blocker]] | None:
    """The next phase and what stands before it (blockers), as the year page and the home page show them; None
    for a closed year."""
    following = next_phase(period)
    return None if following is None else (following, blockers(period, following))


def step_back_refusals(period: EmulationPeriod, to_phase: str) -> list[str]:
    """Why the year may not step back to `to_phase` now (the apps' STEP_BACK_CHECKS: what is final stays final),
    in sentences that say what to do instead; empty when it may."""
    found: list[str] = []
    for check in STEP_BACK_CHECKS:
        found.extend(str(item) for item in check(period, to_phase))
    return found


def may_step_back(period: EmulationPeriod) -> str | None:
    """The phase the year page offers to step back to (“Quay lại”), None when the domain refuses it."""
    back = previous_phase(period)
    return back if back is not None and not step_back_refusals(period, back) else None


def may_override(user, period: EmulationPeriod) -> bool:
    """Who may step over a phase's blockers with a written reason, record a past year's phases in one action and
    reopen a closed year: its organiser's staff (and the system administrator), not the head unit's staff who run
    the year day to day (clusters.rules: clusters.override_phase_gates)."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.has_perm("clusters.override_phase_gates", period))


def _set_phase(period: EmulationPeriod, caller_copy: EmulationPeriod, to_phase: str,
               at: dt.datetime | None = None) -> None:
    period.phase = to_phase
    period.phase_changed_at = at or timezone.now()
    period.save(update_fields=["phase", "phase_changed_at"])
    caller_copy.phase, caller_copy.phase_changed_at = period.phase, period.phase_changed_at
    notify.phase_opened(period, at)  # the year's people are told (accounts.domain.notifications), once per phase


def _record_move(period: EmulationPeriod, actor, old: str, new: str, *, summary: str, reason: str = "",
                 stepped_over: list[Blocker] | None = None, skipped: list[str] | None = None,
                 at: dt.datetime | None = None) -> None:
    """One entry of the log for a phase change; an override names what it stepped over and why."""
    with activity.log_language():  # the log names the phases in Vietnamese whatever the user reads
        old_label, new_label = str(Phase(old).label), str(Phase(new).label)
        changes = [{"field": "Giai đoạn", "old": old_label, "new": new_label}]
        if skipped is not None:
            changes.append({"field": "Giai đoạn bỏ qua (không kiểm tra điều kiện)", "old": "",
                            "new": ", ".join(str(Phase(p).label) for p in skipped)})
        if reason:
            changes.append({"field": "Lý do", "old": "", "new": reason})
        if stepped_over:
            changes.append({"field": "Điều kiện chưa đạt được vượt qua", "old": "",
                            "new": "; ".join(b.text for b in stepped_over)})
        activity.record(actor, Activity.Action.TRANSITION, period, period.cluster.scope,
                        summary=summary % {"year": period.year, "old": old_label, "new": new_label,
                                           "reason": reason},
                        changes=changes, at=at)


def _require_reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message)
    return reason


def _stood(period: EmulationPeriod, phases: list[str]) -> list[Blocker]:
    """The blockers of entering each of `phases` in turn, each once."""
    stood: dict[str, Blocker] = {}
    for phase in phases:
        stood.update((b.text, b) for b in blockers(period, phase) if b.text not in stood)
    return list(stood.values())


def _steps(period: EmulationPeriod, to_phase: str, reason: str | None, actor, past_year: bool,
           today: dt.date | None) -> list[str]:
    """The phases a move enters, refused in words when the move itself is not allowed: the next phase, or — a
    year that is over (past_year) — any later one."""
    if past_year:
        problems = issues_before_recording_past(period, to_phase, reason or "", actor, today)
        if problems:
            raise ValidationError(problems)
        return PHASE_ORDER[PHASE_ORDER.index(period.phase) + 1:PHASE_ORDER.index(to_phase) + 1]
    refusal = transition_refusal(period, to_phase)
    if refusal or PHASE_ORDER.index(to_phase) < PHASE_ORDER.index(period.phase):
        raise ValidationError(refusal or _("Chỉ chuyển tới giai đoạn sau."))
    return [to_phase]


def _check_override(period: EmulationPeriod, found: list[Blocker], reason: str | None, actor) -> str:
    """With blockers standing, the move needs a written reason from who may step over them."""
    if not found:
        return ""
    if not (reason or "").strip():
        raise ValidationError([b.text for b in found])
    if actor is not None and not may_override(actor, period):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tổ chức mới cho chuyển giai đoạn khi chưa đạt điều kiện."))
    return _require_reason(reason, _("Cần ghi lý do chuyển khi chưa đạt điều kiện (ghi vào nhật ký)."))


@transaction.atomic
def advance(period: EmulationPeriod, to_phase: str, actor=None, reason: str | None = None,
            loaded_version: str | None = None, at: dt.datetime | None = None, *, past_year: bool = False,
            today: dt.date | None = None) -> EmulationPeriod:
    """The one way a year moves forward, and its one override. Without blockers (`blockers`) it moves to the next
    phase. With blockers it is refused, listing them, unless a written `reason` is given by who may step over
    them: the organiser's staff (may_override), or the system itself (`actor` None: the demo loader and scripts,
    which state their reason too); the move is then logged in one entry with the reason and the blockers it
    stepped over. The head unit's staff see the blockers and who may override.

    `past_year` (record_past_phase): a year that is over, moved straight to any later phase by its organiser's
    staff (a person, not the system), always with a reason; the blockers of every phase entered are stepped over
    and logged with the phases skipped. `loaded_version`: the version the year page was loaded with
    (core.versions), refused when older. `at`: when it happened, if not now (the demo replays a year on its
    days)."""
    if past_year and not may_override(actor, period):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tổ chức mới ghi nhận được năm đã qua."))
    caller_copy = period
    _check_version(period, loaded_version)
    period = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    steps = _steps(period, to_phase, reason, actor, past_year, today)
    found = _stood(period, steps)
    reason = (reason or "").strip() if past_year else _check_override(period, found, reason, actor)
    old = period.phase
    _set_phase(period, caller_copy, to_phase, at)
    if past_year:
        _record_move(period, actor, old, to_phase, reason=reason, stepped_over=found, skipped=steps[:-1], at=at,
                     summary="Năm %(year)s (đã qua): %(old)s → %(new)s, chuyển thẳng — lý do: %(reason)s")
    elif found:
        _record_move(period, actor, old, to_phase, reason=reason, stepped_over=found, at=at,
                     summary="Năm %(year)s: %(old)s → %(new)s, khi chưa đạt điều kiện — lý do: %(reason)s")
    else:
        _record_move(period, actor, old, to_phase, summary="Năm %(year)s: %(old)s → %(new)s", at=at)
    return period


@transaction.atomic
def transition_phase(period: EmulationPeriod, to_phase: str, actor=None, loaded_version: str | None = None,
                     reason: str | None = None) -> EmulationPeriod:
    """The one place a period's phase changes by a step: forward through advance (its blockers, or a reason to
    step over them), or one step back to correct a mistake (allowed by PHASE_TRANSITIONS, never out of the
    closed phase: see reopen; refused, without override, where an app says what is final would be reopened:
    step_back_refusals). `loaded_version`: the version the year page was loaded with (core.versions)."""
    stored = EmulationPeriod.objects.only("phase").get(pk=period.pk)
    if to_phase in PHASE_ORDER and PHASE_ORDER.index(to_phase) > PHASE_ORDER.index(stored.phase):
        return advance(period, to_phase, actor=actor, reason=reason, loaded_version=loaded_version)
    caller_copy = period
    _check_version(period, loaded_version)
    period = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    problems = issues_before_transition(period, to_phase) or step_back_refusals(period, to_phase)
    if problems:
        raise ValidationError(problems)
    old = period.phase
    _set_phase(period, caller_copy, to_phase)
    _record_move(period, actor, old, to_phase, summary="Năm %(year)s: %(old)s → %(new)s")
    return period


def issues_before_recording_past(period: EmulationPeriod, to_phase: str, reason: str, actor=None,
                                 today: dt.date | None = None) -> list[str]:
    """What stops a past year from being moved straight to a later phase, in words an officer can act on."""
    today = today or timezone.localdate()
    problems = []
    if period.end_date >= today:
        problems.append(_("Năm thi đua %(year)s chưa kết thúc (đến hết ngày %(end)s): chỉ ghi nhận thẳng giai đoạn "
                          "cho năm đã qua; năm đang diễn ra chuyển từng giai đoạn.")
                        % {"year": period.year, "end": f"{period.end_date:%d/%m/%Y}"})
    if to_phase not in PHASE_ORDER or PHASE_ORDER.index(to_phase) <= PHASE_ORDER.index(period.phase):
        problems.append(_("Chọn một giai đoạn sau giai đoạn hiện tại “%(phase)s”.")
                        % {"phase": Phase(period.phase).label})
    if not reason.strip():
        problems.append(_("Cần ghi lý do chuyển thẳng giai đoạn (ghi vào nhật ký)."))
    return problems


def record_past_phase(period: EmulationPeriod, to_phase: str, reason: str, actor,
                      today: dt.date | None = None, loaded_version: str | None = None) -> EmulationPeriod:
    """Move a year that is over straight to a later phase (setup → voting to record its ballot, or → closed), in
    one action: advance's override over several phases (past_year). The gates of the phases stepped over
    (members, head, criteria, registrations, every score sheet locked…) do not stop it, since the year happened
    outside the system; the reason is kept instead, in one entry of the log naming the phases from and to, those
    stepped over, the reason and the blockers that stood. Only the organiser's staff (may_override, a person:
    not the system); refused for a year that has not ended, or (`loaded_version`, core.versions) from a page
    older than the year."""
    return advance(period, to_phase, actor, reason, loaded_version, past_year=True, today=today)


@transaction.atomic
def reopen(period: EmulationPeriod, reason: str, actor, loaded_version: str | None = None) -> EmulationPeriod:
    """Reopen a closed year for corrections: back to its last working phase (“Bình xét, suy tôn”), by the
    organiser's staff only (may_override, a person), with a written reason kept in the log.

    The rule: reopening does not undo what is final. Ballots shuffled and counted stay counted (a session's own
    states never go back), results applied to a proposal stay applied, decisions entered in the award registry
    stay there, locked score sheets stay locked (a stored figure is corrected through the sheet's repair, logged).
    What reopening allows is what each app allows in the voting phase — a correction, a new ballot session, the
    record of a conference — each logged by the function that makes it; the year does not step back out of the
    voting phase once score sheets were sent (scoring's step-back check: the scores the vote stands on are final). What is derived (the ranking, the
    cluster's figures, the year page) is computed from the records when read, so it follows every correction.
    Closing again goes through advance and its gates (every ballot counted)."""
    if not may_override(actor, period):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tổ chức mới mở lại được năm thi đua đã kết thúc."))
    caller_copy = period
    _check_version(period, loaded_version)
    period = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    if period.phase != Phase.CLOSED:
        raise ValidationError(_("Năm thi đua %(year)s chưa kết thúc; không cần mở lại.") % {"year": period.year})
    reason = _require_reason(reason, _("Cần ghi lý do mở lại năm thi đua (ghi vào nhật ký)."))
    _set_phase(period, caller_copy, REOPEN_PHASE)
    _record_move(period, actor, Phase.CLOSED, REOPEN_PHASE, reason=reason,
                 summary="Mở lại năm %(year)s: %(old)s → %(new)s — lý do: %(reason)s")
    return period


REOPEN_PHASE = PHASE_ORDER[-2]  # the last working phase: a closed year reopens to correct its vote and results


def advance_to(period: EmulationPeriod, phase: str, actor=None, reason: str | None = None,
               at: dt.datetime | None = None) -> EmulationPeriod:
    """Step a period forward phase by phase up to `phase`, each step checked and logged (demo and replays).
    A step whose blockers stand is refused, unless `reason` is given: then it is stepped over with the reason
    (advance), logged with what it stepped over. `at`: the day of the steps, if not now (the demo's replays)."""
    period.refresh_from_db(fields=["phase", "phase_changed_at"])
    while PHASE_ORDER.index(period.phase) < PHASE_ORDER.index(phase):
        advance(period, PHASE_ORDER[PHASE_ORDER.index(period.phase) + 1], actor=actor, reason=reason,
                at=at)  # updates `period`
    return period
