"""Who is told when a score sheet comes back from the head unit (accounts.domain.notifications): the emulation
officers of the sheet's unit — when its appraisal begins, for each criterion whose points the head changed
(an explanation is asked), and when the sheet is locked with its final points."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.domain import notifications
from thidua.core import activity
from thidua.core.formatting import format_number
from thidua.scoring.domain import queries, rules
from thidua.scoring.enums import SheetAction, SheetState
from thidua.scoring.models import CriteriaSet, CriterionExclusion, ScoreEntry, ScoreSheet


def final_totals(sheet: ScoreSheet) -> rules.SheetTotals:
    """The sheet's points that count (the second look, else the appraisal, else its own) over the criteria that
    apply to its unit, in three queries."""
    criteria_set = CriteriaSet.objects.get(period_id=sheet.period_id)
    excluded = set(CriterionExclusion.objects.filter(criterion__criteria_set=criteria_set, unit_id=sheet.unit_id)
                   .values_list("criterion_id", flat=True))
    points = {criterion_id: next((v for v in values if v is not None), None)
              for criterion_id, *values in sheet.entries.values_list("criterion_id", "final_points",
                                                                     "appraised_points", "self_points")}
    return rules.sheet_totals(queries.criterion_specs(criteria_set), excluded, points)


def _locked(sheet: ScoreSheet, officers, url: str, at: dt.datetime | None) -> int:
    """The sheet is locked: its points are final; the unit's officers are told them, once."""
    totals = final_totals(sheet)
    return notifications.notify(
        officers, kind=notifications.APPRAISAL, url=url, at=at, key=f"sheet:{sheet.pk}:locked",
        title=_("Phiếu chấm điểm năm %(year)s của %(unit)s đã khóa") % {"year": sheet.period.year, "unit": sheet.unit},
        body=_("Điểm cuối cùng: %(points)s điểm, đạt %(percent)s%% số điểm tối đa của các tiêu chí áp dụng. Phiếu "
               "đã khóa nên không thay đổi được nữa.")
        % {"points": format_number(totals.base + totals.bonus - totals.penalty),
           "percent": format_number(totals.percent)})


def sheet_changed(sheet: ScoreSheet, action: str, old_state: str, result: Any, at: dt.datetime | None = None) -> int:
    """After transition(): the appraisal came back (the sheet left "sent"), an explanation is asked (a criterion
    appraised at other points than the unit's own), the sheet is locked (its final points). Once per sheet, and
    once per criterion."""
    if action not in (SheetAction.APPRAISE, SheetAction.LOCK):
        return 0
    officers = notifications.unit_users([sheet.unit_id], notifications.OFFICER_ROLES)
    url = reverse("scoring:sheet", args=[sheet.period_id, sheet.unit_id])
    if action == SheetAction.LOCK:
        with activity.log_language():  # stored once for everyone: in Vietnamese, whatever the actor reads
            return _locked(sheet, officers, url, at)
    year, sent = sheet.period.year, 0
    with activity.log_language():  # stored once for everyone: in Vietnamese, whatever the actor reads
        if old_state == SheetState.SUBMITTED and sheet.state != SheetState.SUBMITTED:
            sent += notifications.notify(
                officers, kind=notifications.APPRAISAL, url=url, at=at, key=f"sheet:{sheet.pk}:appraised",
                title=_("Phiếu chấm điểm năm %(year)s của %(unit)s đang được thẩm định") % {
                    "year": year, "unit": sheet.unit},
                body=_("Đơn vị trưởng đã bắt đầu thẩm định; xem điểm thẩm định và lý do từng tiêu chí."))
        if isinstance(result, ScoreEntry) and result.appraised_points != result.self_points:
            sent += notifications.notify(
                officers, kind=notifications.EXPLANATION, url=url, at=at, key=f"sheet:{sheet.pk}:explain:{result.pk}",
                title=_("Đề nghị giải trình tiêu chí %(code)s (phiếu chấm điểm năm %(year)s của %(unit)s)") % {
                    "code": result.criterion.code, "year": year, "unit": sheet.unit},
                body=_("Lý do của đơn vị trưởng: %(reason)s") % {"reason": result.appraisal_reason}
                if result.appraisal_reason else "")
    return sent
