"""The day a ballot session's facts carry. The minutes of the count, the results, the head and deputy a session
elects (LeadershipTerm.decided_on) and the next year it opens are facts of the meeting, not of the day someone
entered them: a 2019 ballot recorded in 2026 reads 2019 everywhere. The moments a session opened, closed and was
counted (opened_at, closed_at, tallied_at) stay the system's own audit times."""

import datetime as dt

from django.utils import timezone

from thidua.clusters.models import EmulationPeriod
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import Conference
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
