"""Who is told when a score sheet comes back from the head unit (accounts.domain.notifications): the emulation
officers of the sheet's unit — when its appraisal begins, and for each criterion whose points the head changed
(an explanation is asked)."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.domain import notifications
from thidua.core import activity
from thidua.scoring.enums import SheetAction, SheetState
from thidua.scoring.models import ScoreEntry, ScoreSheet


def sheet_changed(sheet: ScoreSheet, action: str, old_state: str, result: Any, at: dt.datetime | None = None) -> int:
    """After transition(): the appraisal came back (the sheet left "sent"), an explanation is asked (a criterion
    appraised at other points than the unit's own). Once per sheet, and once per criterion."""
    if action != SheetAction.APPRAISE:
        return 0
    officers = notifications.unit_users([sheet.unit_id], notifications.OFFICER_ROLES)
    url = reverse("scoring:sheet", args=[sheet.period_id, sheet.unit_id])
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
