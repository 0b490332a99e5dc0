"""Figures already stored out of range on a score sheet, found and repaired (issue 11 item 4).

Today's forms refuse such figures (`sheets.parse_value`, `rules.criterion_points`), but a sheet written by an
older version, a script or a database tool may hold a value of 10¹² or points above the criterion's maximum. The
pages still read them (core.sqlite reads an out-of-range decimal as stored); the sheet's page lists each such
figure, and the organiser's staff or the head unit (who appraise, `scoring.appraise`) type the right figure or
leave it empty — at any state, the lock included, because the stored figure is no one's decision. The figure's
points are computed again by the criterion's scale, and the change is logged on the sheet with old and new."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import activity
from thidua.core.formatting import format_number
from thidua.core.models import Activity
from thidua.scoring.domain import rules
from thidua.scoring.domain.sheets import parse_value, target_missing
from thidua.scoring.domain.targets import registered_targets
from thidua.scoring.models import Criterion, ScoreEntry, ScoreSheet

# stage → (value column, points column, its name on the page)
STAGES = {
    "self": ("self_value", "self_points", gettext_lazy("Tự chấm")),
    "appraised": ("appraised_value", "appraised_points", gettext_lazy("Thẩm định")),
    "final": ("final_value", "final_points", gettext_lazy("Xem xét lại")),
}
VALUE_LIMIT = Decimal(10) ** 12  # the value columns: 14 digits, 2 after the comma
REPAIR_PERM = "scoring.appraise"


@dataclass(frozen=True)
class StoredProblem:
    entry_id: int
    code: str
    stage: str
    value: Decimal | None
    points: Decimal | None
    reason: str

    @property
    def stage_label(self) -> str:
        return str(STAGES[self.stage][2])

    @property
    def shown_value(self) -> str:
        return _shown(self.value)

    @property
    def shown_points(self) -> str:
        return _shown(self.points)


def _shown(number: Decimal | None) -> str:
    if number is None:
        return ""
    try:
        return format_number(number)
    except (InvalidOperation, ValueError, OverflowError):
        return str(number)


def _value_out_of_range(value: Decimal | None) -> bool:
    if value is None:
        return False
    if not value.is_finite() or abs(value) >= VALUE_LIMIT:
        return True
    return value != value.quantize(Decimal("0.01"))


def _points_out_of_range(points: Decimal | None, criterion: Criterion) -> bool:
    if points is None:
        return False
    return not points.is_finite() or abs(points) > abs(Decimal(criterion.max_points))


def problems_of_entry(entry: ScoreEntry, criterion: Criterion) -> list[StoredProblem]:
    found = []
    for stage, (value_column, points_column, _label) in STAGES.items():
        value, points = getattr(entry, value_column), getattr(entry, points_column)
        if _value_out_of_range(value):
            reason = _("số liệu ngoài phạm vi (tối đa 12 chữ số trước dấu phẩy, 2 chữ số sau)")
        elif _points_out_of_range(points, criterion):
            reason = _("điểm vượt mức tối đa %(max)s của tiêu chí") % {"max": _shown(criterion.max_points)}
        else:
            continue
        found.append(StoredProblem(entry.pk, criterion.code, stage, value, points, reason))
    return found


def stored_problems(criteria: list[Criterion], entries: dict[int, ScoreEntry]) -> list[StoredProblem]:
    """The figures of a sheet stored out of range, in the order of the criteria (no query: from what the page
    read)."""
    found = []
    for criterion in criteria:
        entry = entries.get(criterion.pk)
        if entry is not None:
            found += problems_of_entry(entry, criterion)
    return found


@transaction.atomic
def repair_value(sheet: ScoreSheet, entry_id: int, stage: str, raw, actor=None) -> ScoreEntry:
    """Replace a figure stored out of range by `raw` (empty: no figure), its points computed again; logged."""
    sheet = ScoreSheet.objects.select_for_update().select_related("period__cluster", "unit").get(pk=sheet.pk)
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(REPAIR_PERM, sheet):
        raise PermissionDenied(_("Không có quyền sửa số liệu của phiếu chấm điểm này."))
    if stage not in STAGES:
        raise ValidationError(_("Thao tác không hợp lệ."))
    entry = ScoreEntry.objects.select_for_update().select_related("criterion").filter(pk=entry_id, sheet=sheet) \
        .first()
    if entry is None:
        raise ValidationError(_("Không tìm thấy số liệu cần sửa trên phiếu này."))
    criterion = entry.criterion
    if not any(p.stage == stage for p in problems_of_entry(entry, criterion)):
        raise ValidationError(_("Số liệu %(stage)s của tiêu chí %(code)s không ngoài phạm vi; sửa theo các bước "
                                "thường của phiếu.") % {"stage": str(STAGES[stage][2]).lower(), "code": criterion.code})
    value_column, points_column, label = STAGES[stage]
    old_value, old_points = getattr(entry, value_column), getattr(entry, points_column)
    targets = registered_targets(sheet.period, sheet.unit)
    try:
        value = parse_value(raw)
        if value is not None and target_missing(criterion, targets):
            # no registered target: the unit's figure earns no points by itself, the head unit's points are kept
            points = None if stage == "self" else old_points
        else:
            points = None if value is None else rules.criterion_points(
                criterion.type, criterion.max_points, value, targets.get(criterion.pk), criterion.points_per_occurrence)
    except rules.ScoreError as error:
        raise ValidationError(_("Tiêu chí %(code)s: %(error)s") % {"code": criterion.code, "error": error}) from error
    setattr(entry, value_column, value)
    setattr(entry, points_column, points)
    entry.save(update_fields=[value_column, points_column])
    activity.record(actor, Activity.Action.UPDATE, sheet, sheet.period.cluster.scope,
                    summary=_("Sửa số liệu ngoài phạm vi, tiêu chí %(code)s (%(stage)s)")
                    % {"code": criterion.code, "stage": str(label).lower()},
                    changes=[{"field": _("Số liệu"), "old": _shown(old_value), "new": _shown(value)},
                             {"field": _("Điểm"), "old": _shown(old_points), "new": _shown(points)}])
    return entry
