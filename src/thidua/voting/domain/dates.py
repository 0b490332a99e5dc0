"""The day a ballot session's facts carry. The minutes of the count, the results, the head and deputy a session
elects (LeadershipTerm.decided_on) and the next year it opens are facts of the meeting, not of the day someone
entered them: a 2019 ballot recorded in 2026 reads 2019 everywhere. The moments a session opened, closed and was
counted (opened_at, closed_at, tallied_at) stay the system's own audit times."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.clusters.models import EmulationPeriod
from thidua.core import activity, versions
from thidua.core.formatting import format_date
from thidua.core.models import Activity
from thidua.meetings.domain.conferences import year_window
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import Conference
from thidua.voting.domain.thresholds import is_council
from thidua.voting.enums import SessionState
from thidua.voting.models import BallotSession


def meeting_day(session: BallotSession) -> dt.date:
    """The meeting's day entered on the session (held_on: the conference where the ballot was cast, or the day a
    paper count or an electronic vote of a past year took place); when none was entered, the day it was counted
    in the system (then closed, opened), today for a session still in preparation."""
    if session.held_on:
        return session.held_on
    moment = session.tallied_at or session.closed_at or session.opened_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def year_end_conference_day(period: EmulationPeriod | None) -> dt.date | None:
    """The day of the period's year-end conference (the latest one recorded), where its ballot is usually cast:
    the meeting day a new session of the year is offered."""
    if period is None:
        return None
    return (Conference.objects.filter(period=period, kind=ConferenceKind.YEAR_END).order_by("-held_on")
            .values_list("held_on", flat=True).first())


def check_meeting_day(period: EmulationPeriod | None, day: dt.date | None, today: dt.date | None = None,
                      planned: bool = False) -> None:
    """A session's meeting day, when one is given: for a cluster's session within its year's window, the rule its
    conferences are held to (meetings.domain.conferences.year_window) — a typing mistake such as 10/01/2002 on a
    2019 ballot would otherwise date the minutes and the head and deputy elected. A day entered while the session
    is prepared (`planned`: the create and rules forms) may be the coming conference's; one entered after the
    vote (set_meeting_day) is a fact and never in the future."""
    if day is None:
        return
    if not planned and day > (today or timezone.localdate()):
        raise ValidationError(_("Ngày họp, biểu quyết %(day)s ở tương lai.") % {"day": format_date(day)})
    if period is not None:
        first, last = year_window(period)
        if not first <= day <= last:
            raise ValidationError(
                _("Ngày họp, biểu quyết %(day)s quá xa năm thi đua %(year)s: phải từ %(first)s đến %(last)s.")
                % {"day": format_date(day), "year": period.year, "first": format_date(first),
                   "last": format_date(last)})


def _log_scope(session: BallotSession) -> str:
    return session.period.cluster.scope if session.period is not None else "voting"


def meeting_day_version(session: BallotSession) -> str:
    """The version of a session's meeting day as the results page's form carries it (core.versions)."""
    return versions.token(session, _log_scope(session), [session.held_on])


@transaction.atomic
def set_meeting_day(session: BallotSession, day: dt.date | None, actor=None,
                    today: dt.date | None = None, loaded_version: str | None = None) -> BallotSession:
    """Enter or correct the meeting's day of a cluster's session after it opened — a past year's ballot counted
    without it would otherwise carry the day it was entered. A council's day chose the rule set of its thresholds
    when it opened, so it changes only in preparation (the rules form). The day cannot be in
    the future, nor (for a cluster's session) outside its year's window (check_meeting_day). Logged old → new.
    Results already applied keep the day they were applied with. `loaded_version`: the version the page was loaded
    with (meeting_day_version); refused (core.versions.StaleVersion) when the stored day is newer."""
    if getattr(actor, "is_authenticated", False) and not actor.has_perm("voting.manage_session", session):
        raise PermissionDenied(_("Không có quyền sửa phiên bỏ phiếu này."))
    session = BallotSession.objects.select_for_update(of=("self",)).select_related("period__cluster").get(pk=session.pk)
    versions.check(session, _log_scope(session), [session.held_on], loaded_version)
    today = today or timezone.localdate()
    if is_council(session) and session.state != SessionState.DRAFT:
        raise ValidationError(_("Phiên của hội đồng: ngày họp đã chọn tỷ lệ theo quy định khi mở phiên, không sửa "
                                "được sau khi mở."))
    check_meeting_day(session.period, day, today)
    old = session.held_on
    if old == day:
        return session
    session.held_on = day
    session.save(update_fields=["held_on"])
    activity.record(actor, Activity.Action.UPDATE, session, _log_scope(session),
                    summary=f"Ngày họp, biểu quyết của phiên “{session.title}”: {format_date(day) if day else '—'}",
                    changes=[{"field": "Ngày họp, biểu quyết", "old": format_date(old) if old else "",
                              "new": format_date(day) if day else ""}])
    return session
