"""State changes of a cluster's year: periods, members, head and deputy, phase. Each writes the
activity log, so the cluster page can show who changed what, old → new."""

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
                  actor=None, copy_members_from: EmulationPeriod | None = None) -> EmulationPeriod:
    """Open a cluster's emulation year. Dates not given follow the cluster's previous year (default_span: the same
    calendar span a year later, so courts keep 1/10 to 30/9), or the calendar year for a cluster's first."""
    if start_date is None or end_date is None:
        default_start, default_end = default_span(cluster, year)
        start_date, end_date = start_date or default_start, end_date or default_end
    if end_date <= start_date:
        raise ValidationError(_("Ngày kết thúc năm thi đua phải sau ngày bắt đầu."))
    if EmulationPeriod.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError(_("Cụm đã có năm thi đua %(year)s.") % {"year": year})
    period = EmulationPeriod.objects.create(cluster=cluster, year=year, start_date=start_date, end_date=end_date)
    activity.record(actor, Activity.Action.CREATE, period, cluster.scope, summary=f"Mở năm thi đua {year}")
    if copy_members_from is not None:
        units = Unit.objects.filter(memberships__period=copy_members_from)
        add_members(period, list(units), actor=actor)
    return period


@transaction.atomic
def add_members(period: EmulationPeriod, units: list[Unit], actor=None) -> int:
    existing = set(period.memberships.values_list("unit_id", flat=True))
    new = [u for u in units if u.pk not in existing]
    Membership.objects.bulk_create([Membership(period=period, unit=u) for u in new])
    if new:
        names = ", ".join(u.name for u in new)
        activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                        summary=f"Thêm thành viên năm {period.year}: {names}")
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
               loaded_version: str | None = None) -> LeadershipTerm:
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
                        changes=changes)
    return term


# Checks other domains add for entering a phase (e.g. scoring: every sheet locked before the vote), so this
# module needs no knowledge of them. Each takes the period and returns a list of blockers.
ENTRY_CHECKS: dict[str, list] = {}


def register_entry_check(phase: str, check) -> None:
    if check not in ENTRY_CHECKS.setdefault(phase, []):
        ENTRY_CHECKS[phase].append(check)


def issues_before_transition(period: EmulationPeriod, to_phase: str) -> list[str]:
    """What stops the period from moving to a phase, in words an officer can act on."""
    problems = []
    if to_phase not in PHASE_TRANSITIONS[period.phase]:
        problems.append(
            _("Không thể chuyển từ giai đoạn “%(from)s” sang “%(to)s”.")
            % {"from": Phase(period.phase).label, "to": Phase(to_phase).label}
        )
        return problems
    if to_phase != Phase.SETUP:
        if not period.memberships.exists():
            problems.append(_("Năm thi đua chưa có thành viên."))
        if not period.leadership_terms.filter(role=LeadershipRole.HEAD).exists():
            problems.append(_("Năm thi đua chưa có %(head_unit)s.") % {"head_unit": period.cluster.words.head_unit})
    moving_forward = PHASE_ORDER.index(to_phase) > PHASE_ORDER.index(period.phase)
    if moving_forward:
        for check in ENTRY_CHECKS.get(to_phase, []):
            problems.extend(check(period))
    return problems


@transaction.atomic
def transition_phase(period: EmulationPeriod, to_phase: str, actor=None,
                     loaded_version: str | None = None) -> EmulationPeriod:
    """The one place a period's phase changes: checks the transition table and blockers, writes, logs.
    `loaded_version`: the version the year page was loaded with (core.versions), refused when older."""
    caller_copy = period
    _check_version(period, loaded_version)
    period = EmulationPeriod.objects.select_for_update().get(pk=period.pk)
    problems = issues_before_transition(period, to_phase)
    if problems:
        raise ValidationError(problems)
    old = Phase(period.phase).label
    period.phase = to_phase
    period.phase_changed_at = timezone.now()
    period.save(update_fields=["phase", "phase_changed_at"])
    caller_copy.phase, caller_copy.phase_changed_at = period.phase, period.phase_changed_at
    with activity.log_language():
        activity.record(actor, Activity.Action.TRANSITION, period, period.cluster.scope,
                        summary=f"Năm {period.year}: {old} → {Phase(to_phase).label}",
                        changes=[{"field": "Giai đoạn", "old": old, "new": Phase(to_phase).label}])
    return period


def may_record_past_year(user, period: EmulationPeriod) -> bool:
    """Who may step over a past year's phases: its organiser's staff (and the system administrator), not the head
    unit's staff who run the year day to day (clusters.rules: clusters.record_past_year)."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and user.has_perm("clusters.record_past_year", period))


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


@transaction.atomic
def record_past_phase(period: EmulationPeriod, to_phase: str, reason: str, actor,
                      today: dt.date | None = None, loaded_version: str | None = None) -> EmulationPeriod:
    """Move a year that is over straight to a later phase (setup → voting to record its ballot, or → closed), in
    one action: the gates of the phases stepped over (members, head, every score sheet locked…) are not checked,
    since the year happened outside the system; the reason is kept instead, in one entry of the log naming the
    phases from and to, those stepped over and the reason. Only the organiser's staff (may_record_past_year);
    refused for a year that has not ended, or (`loaded_version`, core.versions) from a page older than the year."""
    if not may_record_past_year(actor, period):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan tổ chức mới ghi nhận được năm đã qua."))
    caller_copy = period
    _check_version(period, loaded_version)
    period = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    problems = issues_before_recording_past(period, to_phase, reason, actor, today)
    if problems:
        raise ValidationError(problems)
    skipped = PHASE_ORDER[PHASE_ORDER.index(period.phase) + 1:PHASE_ORDER.index(to_phase)]
    with activity.log_language():  # the log names the phases in Vietnamese whatever the user reads
        old, new = str(Phase(period.phase).label), str(Phase(to_phase).label)
        skipped_labels = [str(Phase(p).label) for p in skipped]
    period.phase = to_phase
    period.phase_changed_at = timezone.now()
    period.save(update_fields=["phase", "phase_changed_at"])
    caller_copy.phase, caller_copy.phase_changed_at = period.phase, period.phase_changed_at
    reason = reason.strip()
    with activity.log_language():
        changes = [{"field": "Giai đoạn", "old": old, "new": new},
                   {"field": "Giai đoạn bỏ qua (không kiểm tra điều kiện)", "old": "", "new": ", ".join(skipped_labels)},
                   {"field": "Lý do", "old": "", "new": reason}]
        activity.record(actor, Activity.Action.TRANSITION, period, period.cluster.scope,
                        summary=f"Năm {period.year} (đã qua): {old} → {new}, chuyển thẳng — lý do: {reason}",
                        changes=changes)
    return period


def advance_to(period: EmulationPeriod, phase: str, actor=None) -> EmulationPeriod:
    """Step a period forward phase by phase up to `phase`, each step checked and logged (demo and replays)."""
    period.refresh_from_db(fields=["phase", "phase_changed_at"])
    while PHASE_ORDER.index(period.phase) < PHASE_ORDER.index(phase):
        transition_phase(period, PHASE_ORDER[PHASE_ORDER.index(period.phase) + 1], actor=actor)  # updates `period`
    return period
