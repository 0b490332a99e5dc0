"""State changes of scoring: the criteria tree, self-assessment, appraisal with reasons, the unit's
explanation, the head's second look, the lock, evidence files and the peer matrix. The period's phase
decides what may be done; after the lock nothing changes. Every function checks first and writes all or
nothing. A score sheet changes only through transition(), which follows scoring.enums.SHEET_TRANSITIONS;
allowed_actions() tells a page what a user may do to a sheet now."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core import activity, uploads, versions
from thidua.core.formatting import format_date, format_number, parse_number
from thidua.core.models import Activity
from thidua.orgs.models import Unit
from thidua.scoring.domain import notify, rules
from thidua.scoring.domain.targets import registered_targets
from thidua.scoring.enums import (
    SHEET_ACTION_PHASES,
    SHEET_STATE_STAMPS,
    SHEET_TRANSITIONS,
    CriterionType,
    SheetAction,
    SheetState,
)
from thidua.scoring.models import (
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    Evidence,
    PeerScore,
    ScoreEntry,
    ScoreSheet,
)
from thidua.scoring.rules import SHEET_ACTION_PERMS

ALLOWED_EVIDENCE = frozenset({"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "doc", "xls"})


def phase_label(phase: str) -> str:
    return str(Phase(phase).label)


def require_phase(period: EmulationPeriod, *phases: str, action: str) -> None:
    if period.phase not in phases:
        allowed = ", ".join(f"“{phase_label(p)}”" for p in phases)
        raise ValidationError(_("Không thể %(action)s: năm thi đua đang ở giai đoạn “%(phase)s”; việc này chỉ làm "
                                "được ở giai đoạn %(allowed)s.")
                              % {"action": action, "phase": phase_label(period.phase), "allowed": allowed})


def require_unlocked(sheet: ScoreSheet) -> None:
    if sheet.state == SheetState.LOCKED:
        when = format_date(timezone.localtime(sheet.locked_at).date()) if sheet.locked_at else ""
        raise ValidationError(_("Phiếu chấm điểm của %(unit)s đã khóa ngày %(day)s; không thể thay đổi.")
                              % {"unit": sheet.unit, "day": when})


def parse_value(raw) -> Decimal | None:
    """A typed figure (1.003 ; 95,5 — see `core.formatting.parse_number`), None when left empty."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = parse_number(raw)
    except ValueError as error:
        raise rules.ScoreError(str(error)) from error
    if abs(value) >= Decimal(10) ** 12:  # the columns hold 12 digits before the decimals
        raise rules.ScoreError(_("Số “%(value)s” quá lớn.") % {"value": raw})
    if value != value.quantize(Decimal("0.01")):  # and 2 after: 999.999.999.999,995 would be stored as 10¹²
        raise rules.ScoreError(_("Số “%(value)s” có quá nhiều chữ số sau dấu phẩy: ghi tối đa 2 chữ số.")
                               % {"value": raw})
    return value


# -- the criteria tree ---------------------------------------------------------------------------------------

def ensure_criteria_set(period: EmulationPeriod, **settings) -> CriteriaSet:
    criteria_set, _created = CriteriaSet.objects.get_or_create(period=period, defaults=settings)
    return criteria_set


CRITERIA_EDITABLE = (Phase.SETUP, Phase.REGISTRATION, Phase.IN_PROGRESS)
EXCLUSIONS_EDITABLE = (*CRITERIA_EDITABLE, Phase.SCORING)


def require_criteria_editable(period: EmulationPeriod) -> None:
    """The tree and the scale are the rules of the race: fixed once self-scoring starts, and for good once a unit
    sent its sheet (a year stepped back to an earlier phase does not open them again: a criterion deleted would
    take the sent and locked points with it)."""
    if period.phase not in CRITERIA_EDITABLE:
        raise ValidationError(_("Bảng tiêu chí chỉ được sửa trước khi bắt đầu chấm điểm; năm %(year)s đang ở giai "
                                "đoạn “%(phase)s”.") % {"year": period.year, "phase": phase_label(period.phase)})
    if ScoreSheet.objects.filter(period=period).exclude(state=SheetState.DRAFT).exists():
        raise ValidationError(_("Bảng tiêu chí năm %(year)s đã cố định: đã có đơn vị gửi phiếu tự chấm theo bảng "
                                "này, nên không sửa, thêm hay xóa tiêu chí được nữa. Điểm của từng tiêu chí được sửa "
                                "qua thẩm định ở giai đoạn “%(appraisal)s”.")
                              % {"year": period.year, "appraisal": phase_label(Phase.APPRAISAL)})


# The states of a sheet the head unit has appraised: its points stand on the exclusions as they were.
_APPRAISED_STATES = (SheetState.APPRAISED, SheetState.EXPLAINED, SheetState.LOCKED)


def require_exclusions_editable(period: EmulationPeriod) -> None:
    """Which criteria apply to whom is settled before the appraisal, and for good once a sheet was appraised (a
    year stepped back to self-scoring does not open them again)."""
    if period.phase not in EXCLUSIONS_EDITABLE:
        raise ValidationError(_("Chỉ xác định tiêu chí không áp dụng trước khi thẩm định; năm %(year)s đang ở giai "
                                "đoạn “%(phase)s”.") % {"year": period.year, "phase": phase_label(period.phase)})
    if ScoreSheet.objects.filter(period=period, state__in=_APPRAISED_STATES).exists():
        raise ValidationError(_("Tiêu chí không áp dụng của năm %(year)s đã cố định: đã có phiếu chấm điểm được "
                                "thẩm định hoặc khóa theo đó, nên không thay đổi được nữa. Điểm của từng tiêu chí "
                                "được sửa qua thẩm định ở giai đoạn “%(appraisal)s”.")
                              % {"year": period.year, "appraisal": phase_label(Phase.APPRAISAL)})


def _check_criterion(criteria_set: CriteriaSet, code: str, ctype: str, max_points, parent, points_per_occurrence,
                     criterion: Criterion | None = None) -> None:
    if Decimal(max_points) < 0:
        raise ValidationError(_("Điểm tối đa không được âm."))
    if ctype == CriterionType.PER_OCCURRENCE and not points_per_occurrence:
        raise ValidationError(_("Tiêu chí tính theo số lần cần có số điểm mỗi lần."))
    same_code = criteria_set.criteria.filter(code=code)
    if criterion is not None:
        same_code = same_code.exclude(pk=criterion.pk)
    if same_code.exists():
        raise ValidationError(_("Mục “%(code)s” đã có trong bảng tiêu chí.") % {"code": code})
    if parent is not None:
        if parent.criteria_set_id != criteria_set.pk or parent.type != CriterionType.GROUP:
            raise ValidationError(_("Tiêu chí cha phải là một nhóm tiêu chí của cùng bảng."))
        node = parent
        while criterion is not None and node is not None:
            if node.pk == criterion.pk:
                raise ValidationError(_("Không thể đặt tiêu chí vào trong chính nó."))
            node = node.parent


def add_criterion(criteria_set: CriteriaSet, code: str, name: str, ctype: str, max_points, parent=None,
                  points_per_occurrence=None, guidance: str = "") -> Criterion:
    require_criteria_editable(criteria_set.period)
    _check_criterion(criteria_set, code, ctype, max_points, parent, points_per_occurrence)
    order = criteria_set.criteria.count() + 1
    return Criterion.objects.create(criteria_set=criteria_set, parent=parent, order=order, code=code, name=name,
                                    type=ctype, max_points=max_points, points_per_occurrence=points_per_occurrence,
                                    guidance=guidance)


@transaction.atomic
def add_criterion_to_year(period: EmulationPeriod, code: str, name: str, ctype: str, max_points, parent=None,
                          points_per_occurrence=None, guidance: str = "", actor=None) -> Criterion:
    """A criterion added on the criteria page: the year's scale is made with its first criterion, and neither
    is left behind when the criterion is refused."""
    criterion = add_criterion(ensure_criteria_set(period), code, name, ctype, max_points, parent=parent,
                              points_per_occurrence=points_per_occurrence, guidance=guidance)
    activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                    summary=f"Thêm tiêu chí {criterion} năm {period.year}")
    return criterion


@transaction.atomic
def copy_criteria(source: CriteriaSet, target_period: EmulationPeriod, actor=None,
                  at: dt.datetime | None = None) -> CriteriaSet:
    """Copy last year's tree and scale to a new year (criteria only; no scores, no exclusions)."""
    require_criteria_editable(target_period)
    if CriteriaSet.objects.filter(period=target_period, criteria__isnull=False).exists():
        raise ValidationError(_("Năm %(year)s đã có bảng tiêu chí.") % {"year": target_period.year})
    target = ensure_criteria_set(target_period)
    for name in ("regulation_ref", "peer_rule", "trim_count", "peer_weight", "outlier_gap", "bands", "tie_rules",
                 "max_evidence_mb"):
        setattr(target, name, getattr(source, name))
    target.save()
    new_ids: dict[int | None, Criterion] = {}  # looked up by parent_id, None at the top
    for old in source.criteria.order_by("order"):
        new_ids[old.pk] = Criterion.objects.create(
            criteria_set=target, parent=new_ids.get(old.parent_id), order=old.order, code=old.code, name=old.name,
            type=old.type, max_points=old.max_points, points_per_occurrence=old.points_per_occurrence,
            guidance=old.guidance)
    activity.record(actor, Activity.Action.CREATE, target_period, target_period.cluster.scope,
                    summary=f"Sao chép bảng tiêu chí năm {source.period.year} sang năm {target_period.year}", at=at)
    return target


@transaction.atomic
def exclude_criterion(criterion: Criterion, unit: Unit, reason: str = "", actor=None) -> CriterionExclusion:
    period = criterion.criteria_set.period
    require_exclusions_editable(period)
    exclusion, _created = CriterionExclusion.objects.get_or_create(criterion=criterion, unit=unit, defaults={"reason": reason})
    activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                    summary=f"Tiêu chí {criterion.code} không áp dụng cho {unit}")
    return exclusion


# What the criterion's edit page writes, for its version (core.versions). Its changes are logged about the year.
CRITERION_VERSION_FIELDS = ["code", "name", "type", "max_points", "parent", "points_per_occurrence", "guidance"]


def criterion_version(criterion: Criterion) -> str:
    """The version of a criterion as its edit page carries it."""
    period = criterion.criteria_set.period
    return versions.token(period, period.cluster.scope, versions.field_values(criterion, CRITERION_VERSION_FIELDS))


@transaction.atomic
def update_criterion(criterion: Criterion, actor=None, loaded_version: str | None = None, **fields) -> Criterion:
    """Change a criterion (code, name, type, maximum, parent, points per occurrence, guidance, order).
    `loaded_version`: the version the edit page was loaded with (criterion_version); refused
    (core.versions.StaleVersion) when the stored criterion is newer."""
    criterion = Criterion.objects.select_for_update().select_related("criteria_set__period__cluster").get(
        pk=criterion.pk)
    period = criterion.criteria_set.period
    versions.check(period, period.cluster.scope, versions.field_values(criterion, CRITERION_VERSION_FIELDS),
                   loaded_version)
    require_criteria_editable(period)
    allowed = {"code", "name", "type", "max_points", "parent", "points_per_occurrence", "guidance", "order"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown criterion fields: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(criterion, name)) for name in allowed}
    _check_criterion(criterion.criteria_set, merged["code"], merged["type"], merged["max_points"], merged["parent"],
                     merged["points_per_occurrence"], criterion=criterion)
    changes = []
    for name, value in fields.items():
        old = getattr(criterion, name)
        if old != value:
            with activity.log_language():
                # `name` is one of `allowed`, the criterion's own fields; get_field's type also covers reverse
                # relations, which have no verbose_name.
                label = str(Criterion._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            changes.append({"field": label,
                            "old": "" if old is None else str(old), "new": "" if value is None else str(value)})
            setattr(criterion, name, value)
    if changes:
        criterion.save()
        activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                        summary=f"Sửa tiêu chí {criterion.code} năm {period.year}", changes=changes)
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, actor=None) -> None:
    """Delete a criterion, and the criteria under it when it is a group."""
    criterion = Criterion.objects.select_related("criteria_set__period__cluster").get(pk=criterion.pk)
    period = criterion.criteria_set.period
    require_criteria_editable(period)
    label = str(criterion)
    criterion.delete()
    activity.record(actor, Activity.Action.DELETE, period, period.cluster.scope,
                    summary=f"Xóa tiêu chí {label} năm {period.year}")


def _exclusion_values(criterion: Criterion) -> list:
    return list(criterion.exclusions.order_by("unit_id").values_list("unit_id", "reason"))


def exclusions_version(criterion: Criterion) -> str:
    """The version of a criterion's exclusions as the form of its edit page carries it (core.versions)."""
    period = criterion.criteria_set.period
    return versions.token(period, period.cluster.scope, _exclusion_values(criterion))


@transaction.atomic
def set_exclusions(criterion: Criterion, units: list[Unit], reason: str = "", actor=None,
                   loaded_version: str | None = None) -> list[Unit]:
    """The exact set of member units a criterion does not apply to (others are put back). `loaded_version`: the
    version the edit page was loaded with (exclusions_version); refused (core.versions.StaleVersion) when newer."""
    criterion = Criterion.objects.select_for_update(of=("self",)).select_related(
        "criteria_set__period__cluster").get(pk=criterion.pk)
    period = criterion.criteria_set.period
    versions.check(period, period.cluster.scope, _exclusion_values(criterion), loaded_version)
    require_exclusions_editable(period)
    members = set(period.memberships.values_list("unit_id", flat=True))
    outsiders = [u for u in units if u.pk not in members]
    if outsiders:
        raise ValidationError(_("%(unit)s không phải thành viên của cụm năm %(year)s.")
                              % {"unit": outsiders[0], "year": period.year})
    wanted = {u.pk: u for u in units}
    current = set(criterion.exclusions.values_list("unit_id", flat=True))
    criterion.exclusions.exclude(unit_id__in=wanted).delete()
    CriterionExclusion.objects.bulk_create([CriterionExclusion(criterion=criterion, unit=u, reason=reason)
                                            for pk, u in wanted.items() if pk not in current])
    if reason:
        criterion.exclusions.filter(unit_id__in=wanted).update(reason=reason)
    if current != set(wanted):
        names = ", ".join(sorted(str(u) for u in units)) or "không đơn vị nào"
        activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                        summary=f"Tiêu chí {criterion.code} không áp dụng cho: {names}")
    return list(wanted.values())


SCALE_FIELDS = ("regulation_ref", "peer_rule", "trim_count", "peer_weight", "outlier_gap", "bands", "tie_rules",
                "max_evidence_mb")


def _scale_values(period: EmulationPeriod, criteria_set: CriteriaSet | None) -> list:
    """What the scale form writes, as stored; a year without a scale yet has the defaults the form shows."""
    return versions.field_values(criteria_set or CriteriaSet(period=period), list(SCALE_FIELDS))


def scale_version(period: EmulationPeriod, criteria_set: CriteriaSet | None) -> str:
    """The version of a year's scale as the criteria page's scale form carries it (core.versions)."""
    return versions.token(period, period.cluster.scope, _scale_values(period, criteria_set))


@transaction.atomic
def update_scale(period: EmulationPeriod, actor=None, loaded_version: str | None = None, **settings) -> CriteriaSet:
    """The scale's settings from the regulation: peer rule, trim, peer weight, outlier gap, bands, tie rules,
    evidence size. Fixed, as the tree, once self-scoring starts. Logged old → new. `loaded_version`: the version
    the criteria page was loaded with (scale_version); refused (core.versions.StaleVersion) when the stored scale
    is newer."""
    period = EmulationPeriod.objects.select_related("cluster").get(pk=period.pk)
    stored = CriteriaSet.objects.select_for_update().filter(period=period).first()
    versions.check(period, period.cluster.scope, _scale_values(period, stored), loaded_version)
    require_criteria_editable(period)
    unknown = set(settings) - set(SCALE_FIELDS)
    if unknown:
        raise ValueError(f"unknown scale fields: {sorted(unknown)}")
    bands = settings.get("bands")
    if bands is not None:
        if not bands:
            raise ValidationError(_("Cần ít nhất một mức xếp loại."))
        labels = [b["label"] for b in bands]
        if len(set(labels)) != len(labels):
            raise ValidationError(_("Tên các mức xếp loại không được trùng nhau."))
        if any(not (0 <= Decimal(str(b["min"])) <= 100) for b in bands):
            raise ValidationError(_("Điểm tối thiểu của mỗi mức xếp loại phải từ 0 đến 100."))
    tie_rules = settings.get("tie_rules")
    if tie_rules is not None and len(set(tie_rules)) != len(tie_rules):
        raise ValidationError(_("Mỗi quy tắc xét khi bằng điểm chỉ chọn một lần."))
    weight = settings.get("peer_weight")
    if weight is not None and not (0 <= Decimal(weight) <= 100):
        raise ValidationError(_("Tỷ trọng điểm chấm chéo phải từ 0 đến 100%."))
    criteria_set = stored or ensure_criteria_set(period)
    changed = [name for name, value in settings.items()  # 20 and 20.00 are one weight
               if versions.fingerprint([getattr(criteria_set, name)]) != versions.fingerprint([value])]
    before = activity.snapshot(criteria_set, changed)
    for name, value in settings.items():
        setattr(criteria_set, name, value)
    criteria_set.save()
    activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                    summary=f"Sửa thang điểm năm {period.year}",
                    changes=activity.diff(criteria_set, before, activity.snapshot(criteria_set, changed)))
    return criteria_set


# -- sheets --------------------------------------------------------------------------------------------------

def get_sheet(period: EmulationPeriod, unit: Unit) -> ScoreSheet:
    if not period.memberships.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không phải thành viên của cụm năm %(year)s.") % {"unit": unit, "year": period.year})
    sheet, _created = ScoreSheet.objects.get_or_create(period=period, unit=unit)
    return sheet


def _criteria_and_context(sheet: ScoreSheet):
    criteria_set = CriteriaSet.objects.get(period=sheet.period)
    criteria = {c.pk: c for c in criteria_set.criteria.all()}
    excluded = set(CriterionExclusion.objects.filter(unit=sheet.unit, criterion__criteria_set=criteria_set)
                   .values_list("criterion_id", flat=True))
    specs = [rules.CriterionSpec(c.pk, c.type, c.max_points, c.parent_id) for c in criteria.values()]
    applicable_ids = {c.id for c in rules.applicable(specs, excluded)}
    targets = registered_targets(sheet.period, sheet.unit)
    return criteria, applicable_ids, targets


def target_missing(criterion: Criterion, targets) -> bool:
    """A quantitative criterion for which the unit registered no target (greater than 0): its figure is saved but
    earns no points by itself; it is flagged (“chưa đăng ký chỉ tiêu”) and the head unit gives the points at the
    appraisal, with a reason. Registration closes with its phase, so refusing the figure would leave the unit
    no way on."""
    if criterion.type != CriterionType.QUANTITATIVE:
        return False
    target = targets.get(criterion.pk)
    return target is None or Decimal(target) <= 0


def _raw_points(criterion: Criterion, value, targets) -> Decimal | None:
    """The points a figure earns by the criterion's rule (rules.ScoreError when it is out of range); None without a
    registered target (target_missing)."""
    if value is not None and target_missing(criterion, targets):
        if value < 0:
            raise rules.ScoreError(_("Số liệu không được âm."))
        return None
    return rules.criterion_points(criterion.type, criterion.max_points, value, targets.get(criterion.pk),
                                  criterion.points_per_occurrence)


def _points(criterion: Criterion, value, targets) -> Decimal | None:
    try:
        return _raw_points(criterion, value, targets)
    except rules.ScoreError as error:
        raise ValidationError(_("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": error}) from error


def missing_targets(sheet: ScoreSheet) -> list[Criterion]:
    """The criteria of the sheet whose figure is saved without a registered target (target_missing) and not yet
    given points by the head unit: what the sheet's page flags, in the order of the scale."""
    if sheet.pk is None or not CriteriaSet.objects.filter(period=sheet.period).exists():
        return []
    criteria, applicable_ids, targets = _criteria_and_context(sheet)
    open_ids = set(sheet.entries.filter(self_value__isnull=False, appraised_points__isnull=True,
                                        final_points__isnull=True).values_list("criterion_id", flat=True))
    return sorted((criteria[i] for i in open_ids & applicable_ids if target_missing(criteria[i], targets)),
                  key=lambda c: c.order)


def issues_before_submit(sheet: ScoreSheet) -> list[str]:
    criteria, applicable_ids, _targets = _criteria_and_context(sheet)
    filled = set(sheet.entries.filter(self_value__isnull=False).values_list("criterion_id", flat=True))
    missing = [criteria[i] for i in sorted(applicable_ids - filled, key=lambda i: criteria[i].order)
               if criteria[i].type not in (CriterionType.BONUS, CriterionType.PENALTY)]
    return [_("Chưa tự chấm tiêu chí %(code)s. %(name)s") % {"code": c.code, "name": c.name} for c in missing]


# -- the sheet's state machine -------------------------------------------------------------------------------

# Why an action is refused in a state SHEET_TRANSITIONS does not list for it (a locked sheet says so itself).
REFUSED_IN_STATE: dict[str, Promise] = {
    SheetAction.SAVE: gettext_lazy("Phiếu đã gửi; không sửa phần tự chấm được nữa."),
    SheetAction.SUBMIT: gettext_lazy("Phiếu của %(unit)s đã gửi tự chấm."),
    SheetAction.APPRAISE: gettext_lazy("%(unit)s chưa gửi phiếu tự chấm."),
    SheetAction.EXPLAIN: gettext_lazy("Phiếu của %(unit)s chưa được thẩm định; chưa cần giải trình."),
    SheetAction.SECOND_LOOK: gettext_lazy("Phiếu của %(unit)s chưa được thẩm định; chưa xem xét lại được."),
    SheetAction.LOCK: gettext_lazy("Phiếu của %(unit)s chưa thẩm định xong; chưa khóa được."),
}


def check_action(sheet: ScoreSheet, action: str) -> None:
    """Refuse, in the domain's words, an action the table, the lock or the year's phase does not allow now.
    What the action's own data must hold (a reason, every criterion filled in) is checked when it is taken."""
    if action not in SHEET_TRANSITIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    require_unlocked(sheet)
    require_phase(sheet.period, *SHEET_ACTION_PHASES[action], action=str(SheetAction(action).label))
    if sheet.state not in SHEET_TRANSITIONS[action]:
        refusal = REFUSED_IN_STATE.get(action) or gettext_lazy("Không thể %(action)s: phiếu đang “%(state)s”.")
        raise ValidationError(str(refusal) % {"unit": sheet.unit, "action": SheetAction(action).label,
                                              "state": SheetState(sheet.state).label})


def why_not(sheet: ScoreSheet, action: str) -> str | None:
    """check_action's words, or None when the action may be taken now."""
    try:
        check_action(sheet, action)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


@dataclass(frozen=True)
class SheetActions:
    """What one user may do to one sheet now. `allowed`: the actions the user's role, the table, the lock and
    the year's phase allow; `refused`: the role's other actions, each with the domain's words for why not."""

    allowed: frozenset[str] = frozenset()
    refused: dict[str, str] = field(default_factory=dict)

    def may(self, action: str) -> bool:
        return action in self.allowed


def allowed_actions(sheet: ScoreSheet, user) -> SheetActions:
    """Ask the domain, not the page, what this user may do now. A sheet nobody of its unit has opened yet (not
    created) allows nothing. No query beyond the user's roles (scoring/rules.py keeps them per request)."""
    if sheet.pk is None:
        return SheetActions()
    answers = {action: why_not(sheet, action) for action, perm in SHEET_ACTION_PERMS.items()
               if user.has_perm(perm, sheet)}
    return SheetActions(frozenset(a for a, why in answers.items() if why is None),
                        {a: why for a, why in answers.items() if why is not None})


# What a sheet's forms write, for their versions (core.versions): the self-assessment form writes every entry's own
# figure and comment; a criterion's row forms write that entry's appraisal, explanation and second look.
SELF_VERSION_FIELDS = ["self_value", "self_comment"]
ENTRY_VERSION_FIELDS = ["self_value", "self_comment", "appraised_value", "appraisal_reason", "explanation",
                        "final_value", "final_reason"]


def _sheet_values(sheet: ScoreSheet, entries) -> list:
    rows = sorted(([e.criterion_id, *versions.field_values(e, SELF_VERSION_FIELDS)] for e in entries),
                  key=lambda row: row[0])
    return [sheet.state, rows]


def _entry_values(sheet: ScoreSheet, entry: ScoreEntry) -> list:
    return [sheet.state, entry.criterion_id, *versions.field_values(entry, ENTRY_VERSION_FIELDS)]


def sheet_versions(sheet: ScoreSheet, entries: dict[int, ScoreEntry]) -> tuple[str, dict[int, str]]:
    """The versions the sheet's page carries: the sheet's, for the self-assessment form, and each entry's (by
    criterion id), for its row's forms — from the entries the page read, with one query for the log."""
    scope = sheet.period.cluster.scope
    latest = versions.latest_entry(sheet, scope) if sheet.pk else 0
    return (versions.token(sheet, scope, _sheet_values(sheet, entries.values()), latest),
            {cid: versions.token(sheet, scope, _entry_values(sheet, e), latest) for cid, e in entries.items()})


def _check_version(sheet: ScoreSheet, entry: ScoreEntry | None, loaded_version: str | None) -> None:
    """Refuse a save from a page loaded before the sheet (or the criterion's entry) last changed; the sheet is
    locked by the caller."""
    if loaded_version is None:
        return
    if entry is None:
        values = _sheet_values(sheet, sheet.entries.all())
    else:
        values = _entry_values(sheet, ScoreEntry.objects.select_for_update().get(pk=entry.pk, sheet=sheet))
    versions.check(sheet, sheet.period.cluster.scope, values, loaded_version)


@transaction.atomic
def transition(sheet: ScoreSheet, action: str, actor=None, loaded_version: str | None = None,
               at: dt.datetime | None = None, **payload):
    """The one place a score sheet changes. Checks SHEET_TRANSITIONS, the lock and the year's phase
    (check_action), the actor's role when there is one, then the action's own conditions; writes; moves the
    sheet to the state the table names, keeping the moment; and logs — all or nothing.

    payload: `values` (save: criterion id → (raw value, comment)); `entry` with `value` and `reason`
    (appraise, second look), `text` (explain) or `uploaded` (evidence). Returns the sheet, or the entry or the
    evidence file the action changed; the caller's copy of the sheet follows the state. `loaded_version`: the
    version the page's form was loaded with (sheet_versions); refused (core.versions.StaleVersion) when older.
    `at`: when it happened, if not now (the demo replays a scenario's year on its days): the state's moment and
    the log entry carry it."""
    caller = sheet
    sheet = ScoreSheet.objects.select_for_update().select_related("period__cluster", "unit").get(pk=sheet.pk)
    check_action(sheet, action)  # a locked sheet says so, rather than who changed it last
    _check_version(sheet, payload.get("entry"), loaded_version)
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(SHEET_ACTION_PERMS[action], sheet):
        raise PermissionDenied(_("Không có quyền thực hiện thao tác này với phiếu chấm điểm."))
    if "entry" in payload:
        payload["entry"] = _entry_of(sheet, payload["entry"])
    result, summary, changes = _WORK[action](sheet, actor=actor, **payload)
    old, new = sheet.state, SHEET_TRANSITIONS[action][sheet.state]
    if new != old:
        sheet.state = new
        setattr(sheet, SHEET_STATE_STAMPS[new], at or timezone.now())
        sheet.save(update_fields=["state", SHEET_STATE_STAMPS[new]])
        changes = [{"field": "Trạng thái", "old": SheetState(old).label, "new": SheetState(new).label}, *changes]
    with activity.log_language():  # the log names the states in Vietnamese whatever the user reads
        activity.record(actor, Activity.Action.TRANSITION if new != old else Activity.Action.UPDATE, sheet,
                        sheet.period.cluster.scope, summary=summary, changes=changes, at=at)
    notify.sheet_changed(sheet, action, old, result, at)  # the unit's officers: an appraisal back, an explanation asked
    if new != old:  # the caller's copy follows
        caller.state = sheet.state
        setattr(caller, SHEET_STATE_STAMPS[new], getattr(sheet, SHEET_STATE_STAMPS[new]))
    return sheet if result is None else result


def _entry_of(sheet: ScoreSheet, entry: ScoreEntry) -> ScoreEntry:
    """The entry, locked, read again from the database, and of this sheet."""
    entry = ScoreEntry.objects.select_for_update().select_related("criterion").get(pk=entry.pk, sheet=sheet)
    entry.sheet = sheet
    return entry


def _save(sheet: ScoreSheet, *, values: dict[int, tuple], actor=None):
    """values: criterion id → (raw value, comment). Every value is checked before anything is written."""
    criteria, applicable_ids, targets = _criteria_and_context(sheet)
    errors, rows = [], []
    for criterion_id, (raw, comment) in values.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None or criterion.pk not in applicable_ids:
            errors.append(_("Tiêu chí mã số %(id)s không áp dụng cho đơn vị này.") % {"id": criterion_id})
            continue
        try:  # the criterion's code is put before the rule's words once, here
            value = parse_value(raw)
            rows.append((criterion, value, _raw_points(criterion, value, targets), comment or ""))
        except rules.ScoreError as error:
            errors.append(_("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": error})
    if errors:
        raise ValidationError(errors)
    existing = {e.criterion_id: e for e in sheet.entries.all()}
    to_create: list[ScoreEntry] = []
    to_update: list[ScoreEntry] = []
    changes: list[dict] = []
    for criterion, value, points, comment in rows:
        entry = existing.get(criterion.pk) or ScoreEntry(sheet=sheet, criterion=criterion)
        changes.extend(_self_changes(criterion, entry, value, comment))
        entry.self_value, entry.self_points, entry.self_comment = value, points, comment
        (to_update if entry.pk else to_create).append(entry)
    ScoreEntry.objects.bulk_create(to_create)
    ScoreEntry.objects.bulk_update(to_update, ["self_value", "self_points", "self_comment"])
    summary = f"{sheet.unit} tự chấm {len(rows)} tiêu chí năm {sheet.period.year}"
    flagged = [c.code for c, value, _p, _c in rows if value is not None and target_missing(c, targets)]
    if flagged:
        summary += f" (chưa đăng ký chỉ tiêu, chưa tính điểm: tiêu chí {', '.join(flagged)})"
    return None, summary, changes


def _self_changes(criterion: Criterion, entry: ScoreEntry, value: Decimal | None, comment: str) -> list[dict]:
    """A criterion's figure and comment as they change, old → new, for the log (and a refused save's message)."""
    changes = []
    if value != entry.self_value:
        changes.append({"field": f"Tiêu chí {criterion.code}", "old": "" if entry.self_value is None else entry.self_value,
                        "new": "" if value is None else value})
    if comment != (entry.self_comment or ""):
        changes.append({"field": f"Tiêu chí {criterion.code} (ghi chú)", "old": entry.self_comment or "", "new": comment})
    return changes


def _submit(sheet: ScoreSheet, actor=None):
    problems = issues_before_submit(sheet)
    if problems:
        raise ValidationError(problems)
    return None, f"{sheet.unit} gửi phiếu tự chấm năm {sheet.period.year}", []


def _criterion_value(entry: ScoreEntry, raw_value) -> tuple[Decimal | None, Decimal | None]:
    """The typed figure for the entry's criterion and the points it earns. For a criterion without a registered
    target (target_missing) the head unit types the points themselves (0 to the maximum), and the figure stays
    the unit's own."""
    _criteria, _ids, targets = _criteria_and_context(entry.sheet)
    criterion = entry.criterion
    try:
        value = parse_value(raw_value)
        if target_missing(criterion, targets) and entry.self_value is not None:
            if value is not None and not 0 <= value <= criterion.max_points:
                raise rules.ScoreError(_("chưa đăng ký chỉ tiêu, nên ghi thẳng số điểm, từ 0 đến %(max)s.")
                                       % {"max": format_number(criterion.max_points.normalize())})
            return entry.self_value, value
    except rules.ScoreError as error:
        raise ValidationError(_("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": error}) from error
    return value, _points(criterion, value, targets)


def _needs_points_and_reason(entry: ScoreEntry, points, reason: str) -> None:
    """A criterion without a registered target is given its points by the head unit, with a reason."""
    _criteria, _ids, targets = _criteria_and_context(entry.sheet)
    if target_missing(entry.criterion, targets) and (points is None or not reason.strip()):
        raise ValidationError(_("Tiêu chí %(code)s: đơn vị chưa đăng ký chỉ tiêu nên số liệu chưa tính điểm; ghi số "
                                "điểm thẩm định (từ 0 đến %(max)s) và lý do.")
                              % {"code": entry.criterion.code,
                                 "max": format_number(entry.criterion.max_points.normalize())})


def _appraise(sheet: ScoreSheet, *, entry: ScoreEntry, value=None, reason: str = "", actor=None):
    """A result that differs from the self-assessment needs a reason."""
    figure, points = _criterion_value(entry, value)
    _needs_points_and_reason(entry, points, reason)
    if points != entry.self_points and not reason.strip():
        raise ValidationError(_("Tiêu chí %(code)s: điểm thẩm định khác điểm tự chấm, cần ghi lý do.")
                              % {"code": entry.criterion.code})
    old = entry.appraised_points
    entry.appraised_value, entry.appraised_points, entry.appraisal_reason = figure, points, reason.strip()
    entry.save(update_fields=["appraised_value", "appraised_points", "appraisal_reason"])
    return entry, f"Thẩm định tiêu chí {entry.criterion.code} của {sheet.unit}", [
        {"field": "Điểm thẩm định", "old": old if old is not None else "", "new": points if points is not None else ""}]


def _explain(sheet: ScoreSheet, *, entry: ScoreEntry, text: str = "", actor=None):
    if entry.appraised_points is None:
        raise ValidationError(_("Tiêu chí này chưa được thẩm định; chưa cần giải trình."))
    if not text.strip():
        raise ValidationError(_("Nội dung giải trình không được để trống."))
    entry.explanation = text.strip()
    entry.save(update_fields=["explanation"])
    return entry, f"{sheet.unit} giải trình tiêu chí {entry.criterion.code}", []


def _second_look(sheet: ScoreSheet, *, entry: ScoreEntry, value=None, reason: str = "", actor=None):
    if not reason.strip():
        raise ValidationError(_("Cần ghi kết luận xem xét lại."))
    entry.final_value, entry.final_points = _criterion_value(entry, value)
    entry.final_reason = reason
    entry.save(update_fields=["final_value", "final_points", "final_reason"])
    return entry, f"Xem xét lại tiêu chí {entry.criterion.code} của {sheet.unit}", []


def _lock(sheet: ScoreSheet, actor=None):
    waiting = missing_targets(sheet)
    if waiting:
        raise ValidationError([_("Tiêu chí %(code)s: đơn vị chưa đăng ký chỉ tiêu, số liệu tự chấm chưa tính điểm; "
                                 "ghi điểm thẩm định (kèm lý do) trước khi khóa phiếu.") % {"code": c.code}
                               for c in waiting])
    # Criteria the head did not change keep the unit's own points as appraised.
    sheet.entries.filter(appraised_points__isnull=True).update(
        appraised_value=F("self_value"), appraised_points=F("self_points"),
        appraisal_reason="Giữ nguyên điểm tự chấm")
    return None, f"Khóa phiếu chấm điểm của {sheet.unit} năm {sheet.period.year}", []


def _evidence(sheet: ScoreSheet, *, entry: ScoreEntry, uploaded, actor=None):
    """Only the listed types, within the size limit, and a content that is what its name says (core.uploads)."""
    name = uploaded.name or ""
    limit = CriteriaSet.objects.get(period=sheet.period).max_evidence_mb * 1024 * 1024
    uploads.check_upload(uploaded, ALLOWED_EVIDENCE, limit)
    evidence = Evidence.objects.create(entry=entry, file=uploaded, original_name=name[:255], size=uploaded.size,
                                       uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    return evidence, f"Tải minh chứng “{evidence.original_name}” cho tiêu chí {entry.criterion.code} của {sheet.unit}", []


# action → its work: (sheet, actor, **payload) → (what it changed or None, the log's summary, the log's changes)
_WORK: dict[str, Callable[..., tuple[Any, str, list[dict]]]] = {
    SheetAction.SAVE: _save, SheetAction.SUBMIT: _submit, SheetAction.EVIDENCE: _evidence,
    SheetAction.APPRAISE: _appraise, SheetAction.EXPLAIN: _explain, SheetAction.SECOND_LOOK: _second_look,
    SheetAction.LOCK: _lock,
}


@transaction.atomic
def save_and_submit(sheet: ScoreSheet, values: dict[int, tuple], actor=None,
                    loaded_version: str | None = None) -> list[str]:
    """The unit's “save and send”: what was typed is saved (refused whole when a value is wrong), then the sheet
    is sent when nothing is missing. The sending is tried inside the saving's transaction (a savepoint): when it
    is refused, what was typed stays saved. Returns what stops the sending — empty when the sheet was sent."""
    transition(sheet, SheetAction.SAVE, actor, loaded_version=loaded_version, values=values)
    try:
        with transaction.atomic():
            transition(sheet, SheetAction.SUBMIT, actor)
    except ValidationError as error:
        return list(error.messages)
    return []


# The steps by their old names (the demo, benchmarks and tests call them): each is one transition().

def save_self_assessment(sheet: ScoreSheet, values: dict[int, tuple], actor=None,
                         at: dt.datetime | None = None) -> ScoreSheet:
    return transition(sheet, SheetAction.SAVE, actor, at=at, values=values)


def submit_self_assessment(sheet: ScoreSheet, actor=None, at: dt.datetime | None = None) -> ScoreSheet:
    return transition(sheet, SheetAction.SUBMIT, actor, at=at)


def appraise_entry(entry: ScoreEntry, raw_value, reason: str = "", actor=None,
                   at: dt.datetime | None = None) -> ScoreEntry:
    """The head unit appraises one criterion; the first appraisal moves the sheet to APPRAISED."""
    return transition(entry.sheet, SheetAction.APPRAISE, actor, at=at, entry=entry, value=raw_value, reason=reason)


def explain_entry(entry: ScoreEntry, text: str, actor=None, at: dt.datetime | None = None) -> ScoreEntry:
    """The member unit answers an appraisal with its explanation (giải trình)."""
    return transition(entry.sheet, SheetAction.EXPLAIN, actor, at=at, entry=entry, text=text)


def second_look(entry: ScoreEntry, raw_value, reason: str, actor=None, at: dt.datetime | None = None) -> ScoreEntry:
    """The head looks again after the explanation and settles the points, with its conclusion."""
    return transition(entry.sheet, SheetAction.SECOND_LOOK, actor, at=at, entry=entry, value=raw_value,
                      reason=reason)


def lock_sheet(sheet: ScoreSheet, actor=None, at: dt.datetime | None = None) -> ScoreSheet:
    return transition(sheet, SheetAction.LOCK, actor, at=at)


def attach_evidence(entry: ScoreEntry, uploaded, actor=None) -> Evidence:
    """An evidence file for a self-assessed criterion."""
    return transition(entry.sheet, SheetAction.EVIDENCE, actor, entry=entry, uploaded=uploaded)


def _peer_values(period: EmulationPeriod, raters: Iterable[int]) -> list:
    return [[rater, ratee, points] for rater, ratee, points in PeerScore.objects.filter(
        period=period, rater_id__in=list(raters)).order_by("rater_id", "ratee_id").values_list(
        "rater_id", "ratee_id", "points")]


def peer_version(period: EmulationPeriod, raters: Iterable[int]) -> str:
    """The version of the rows of the peer matrix a user may fill (`raters`), as the matrix's form carries it."""
    return versions.token(period, period.cluster.scope, _peer_values(period, raters))


@transaction.atomic
def save_peer_scores(period: EmulationPeriod, scores: dict[tuple[int, int], object], actor=None,
                     loaded_version: str | None = None, raters: Iterable[int] | None = None,
                     at: dt.datetime | None = None) -> int:
    """Save (rater, ratee) → points for the period in one go, all or nothing. Returns how many were saved. Logged
    old → new. `loaded_version`: the version of the rows of `raters` (those the page let the user fill; by default
    the raters of `scores`) the page was loaded with (peer_version); refused (core.versions.StaleVersion) when
    newer."""
    period = EmulationPeriod.objects.select_for_update().select_related("cluster").get(pk=period.pk)
    versions.check(period, period.cluster.scope,
                   _peer_values(period, {r for r, _ratee in scores} if raters is None else raters), loaded_version)
    require_phase(period, Phase.PEER_REVIEW, action=_("chấm chéo"))
    members = dict(period.memberships.values_list("unit_id", "unit__name"))
    errors, clean = [], {}
    for (rater, ratee), raw in scores.items():
        if rater not in members or ratee not in members:
            errors.append(_("Đơn vị chấm hoặc được chấm không phải thành viên của cụm."))
            continue
        if rater == ratee:
            errors.append(_("%(unit)s không tự chấm chéo cho chính mình.") % {"unit": members[rater]})
            continue
        try:
            value = parse_value(raw)
        except rules.ScoreError as error:
            errors.append(_("%(rater)s chấm %(ratee)s: %(error)s") % {"rater": members[rater], "ratee": members[ratee],
                                                                    "error": error})
            continue
        if value is None:
            continue
        if not (0 <= value <= 100):
            errors.append(_("%(rater)s chấm %(ratee)s: điểm phải từ 0 đến 100.")
                          % {"rater": members[rater], "ratee": members[ratee]})
            continue
        clean[(rater, ratee)] = rules.q(value)
    if errors:
        raise ValidationError(errors)
    changes = _write_peer_scores(period, clean, members)
    activity.record(actor, Activity.Action.UPDATE, period, period.cluster.scope,
                    summary=f"Lưu {len(clean)} điểm chấm chéo năm {period.year}", changes=changes, at=at)
    return len(clean)


def _write_peer_scores(period: EmulationPeriod, clean: dict[tuple[int, int], Decimal], members: dict) -> list[dict]:
    """Write checked points; the changes old → new, for the log."""
    existing = {(p.rater_id, p.ratee_id): p for p in PeerScore.objects.filter(
        period=period, rater_id__in={r for r, _ratee in clean})}
    to_create, to_update, changes = [], [], []
    for (rater, ratee), points in clean.items():
        row = existing.get((rater, ratee))
        if row is None:
            to_create.append(PeerScore(period=period, rater_id=rater, ratee_id=ratee, points=points))
        elif row.points != points:
            to_update.append(row)
        if row is None or row.points != points:
            changes.append({"field": f"{members[rater]} chấm {members[ratee]}",
                            "old": "" if row is None else format_number(row.points), "new": format_number(points)})
            if row is not None:
                row.points = points
    PeerScore.objects.bulk_create(to_create)
    PeerScore.objects.bulk_update(to_update, ["points"])
    return changes
