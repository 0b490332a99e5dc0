"""Evidence for a criterion before the unit's first save of its figure (issue 12 item 4): the file may come first,
the figure after. The criterion's entry is made empty (no figure, no points) in the same transaction as the file
and its line in the log (sheets.transition), after the same checks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.scoring.domain import rules, sheets
from thidua.scoring.enums import SheetAction
from thidua.scoring.models import Criterion, CriterionExclusion, Evidence, ScoreEntry, ScoreSheet
from thidua.scoring.rules import SHEET_ACTION_PERMS


@transaction.atomic
def attach_to_criterion(sheet: ScoreSheet, criterion_id: int, uploaded, actor=None) -> Evidence:
    """An evidence file for one criterion of the sheet, whether or not the unit has saved its figure yet. A
    criterion not saved yet first gets its empty entry — only after the checks of the file's action (the lock, the
    year's phase, the sheet's state, the actor's right) and when the criterion is of the year's table and applies
    to the unit; the entry, the file and the log's line are written together or not at all."""
    locked = ScoreSheet.objects.select_for_update().select_related("period__cluster", "unit").get(pk=sheet.pk)
    sheets.check_action(locked, SheetAction.EVIDENCE)
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(SHEET_ACTION_PERMS[SheetAction.EVIDENCE],
                                                                         locked):
        raise PermissionDenied(_("Không có quyền thực hiện thao tác này với phiếu chấm điểm."))
    entry = ScoreEntry.objects.filter(sheet=locked, criterion_id=criterion_id).first()
    if entry is None:
        _require_applicable(locked, criterion_id)
        entry = ScoreEntry.objects.create(sheet=locked, criterion_id=criterion_id)
    return sheets.transition(locked, SheetAction.EVIDENCE, actor, entry=entry, uploaded=uploaded)


def _require_applicable(sheet: ScoreSheet, criterion_id: int) -> None:
    """The criterion is scored, of the sheet's year, and applies to its unit (not excluded, nor under an excluded
    group)."""
    criteria = list(Criterion.objects.filter(criteria_set__period_id=sheet.period_id))
    if criterion_id not in {c.pk for c in criteria}:
        raise ValidationError(_("Tiêu chí không có trong bảng tiêu chí của năm thi đua này."))
    excluded = set(CriterionExclusion.objects.filter(unit_id=sheet.unit_id, criterion__in=criteria)
                   .values_list("criterion_id", flat=True))
    specs = [rules.CriterionSpec(c.pk, c.type, c.max_points, c.parent_id) for c in criteria]
    applicable = {c.id for c in rules.applicable(specs, excluded)} & {c.pk for c in criteria if c.is_scored}
    if criterion_id not in applicable:
        raise ValidationError(_("Tiêu chí này không áp dụng cho %(unit)s.") % {"unit": sheet.unit})
