"""Recording a conference: its facts, chairs, attendance, guests and the decisions taken."""

import datetime as dt
from collections.abc import Collection, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.clusters.models import EmulationPeriod
from thidua.core import activity
from thidua.core.models import Activity
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import (
    Conference,
    ConferenceAttendance,
    ConferenceChair,
    ConferenceDecision,
    ConferenceGuest,
)
from thidua.orgs.models import Unit


def _check(period: EmulationPeriod, kind: str, held_on: dt.date, host, attending_units) -> None:
    """What a conference record must satisfy, in words an officer can act on."""
    if kind not in ConferenceKind.values:
        raise ValidationError(_("Loại hội nghị không hợp lệ."))
    members = set(period.memberships.values_list("unit_id", flat=True))
    if host is not None and host.pk not in members:
        raise ValidationError(_("Đơn vị đăng cai %(unit)s không phải thành viên của cụm năm %(year)s.")
                              % {"unit": host, "year": period.year})
    strangers = [u for u in attending_units if u.pk not in members]
    if strangers:
        raise ValidationError([_("%(unit)s không phải thành viên của cụm năm %(year)s.") % {"unit": u, "year": period.year}
                               for u in strangers])
    # A year-end conference is usually held just after the year ends (S1: 09/01/2024 for 2023).
    if not (period.start_date - dt.timedelta(days=120) <= held_on <= period.end_date + dt.timedelta(days=200)):
        raise ValidationError(_("Ngày họp %(day)s quá xa năm thi đua %(year)s.")
                              % {"day": f"{held_on:%d/%m/%Y}", "year": period.year})


def _write_people_and_decisions(conference: Conference, chairs, attending_units, guests, decisions) -> None:
    ConferenceChair.objects.bulk_create([ConferenceChair(conference=conference, order=i, **c)
                                         for i, c in enumerate(chairs, start=1)])
    ConferenceAttendance.objects.bulk_create([ConferenceAttendance(conference=conference, unit=u)
                                              for u in attending_units])
    ConferenceGuest.objects.bulk_create([ConferenceGuest(conference=conference, **g) for g in guests])
    ConferenceDecision.objects.bulk_create([ConferenceDecision(conference=conference, order=i, **d)
                                            for i, d in enumerate(decisions, start=1)])


@transaction.atomic
def record_conference(period: EmulationPeriod, kind: str, title: str, held_on: dt.date, *, time_of_day: str = "",
                      place: str = "", host=None, basis: str = "", agenda: str = "", minutes: str = "",
                      chairs: Sequence[dict] = (), attending_units: Collection[Unit] = (),
                      guests: Sequence[dict] = (), decisions: Sequence[dict] = (), actor=None) -> Conference:
    """chairs: [{"name", "title", "unit", "cluster_role"}]; guests: [{"name", "title", "organisation"}];
    decisions: [{"kind", "text"}]. The host may be any member, not only the head."""
    _check(period, kind, held_on, host, attending_units)
    conference = Conference.objects.create(period=period, kind=kind, title=title, held_on=held_on,
                                           time_of_day=time_of_day, place=place, host=host, basis=basis,
                                           agenda=agenda, minutes=minutes)
    _write_people_and_decisions(conference, chairs, attending_units, guests, decisions)
    with activity.log_language():
        activity.record(actor, Activity.Action.CREATE, conference, period.cluster.scope,
                        summary=f"{ConferenceKind(kind).label} ngày {held_on:%d/%m/%Y}")
    return conference


CONFERENCE_FIELDS = ["kind", "title", "held_on", "time_of_day", "place", "host", "basis", "agenda", "minutes"]


@transaction.atomic
def update_conference(conference: Conference, kind: str, title: str, held_on: dt.date, *, time_of_day: str = "",
                      place: str = "", host=None, basis: str = "", agenda: str = "", minutes: str = "",
                      chairs: Sequence[dict] = (), attending_units: Collection[Unit] = (),
                      guests: Sequence[dict] = (), decisions: Sequence[dict] = (), actor=None) -> Conference:
    """Correct a recorded conference: its facts, and the lists of chairs, attending units, guests and
    decisions, each replaced as a whole. Checked as when recorded; the changed facts are logged old → new."""
    period = conference.period
    _check(period, kind, held_on, host, attending_units)
    before = activity.snapshot(conference, CONFERENCE_FIELDS)
    old_counts = (conference.chairs.count(), conference.attendances.count(), conference.guests.count(),
                  conference.decisions.count())
    for name, value in {"kind": kind, "title": title, "held_on": held_on, "time_of_day": time_of_day, "place": place,
                        "host": host, "basis": basis, "agenda": agenda, "minutes": minutes}.items():
        setattr(conference, name, value)
    conference.save()
    for related in (conference.chairs, conference.attendances, conference.guests, conference.decisions):
        related.all().delete()
    _write_people_and_decisions(conference, chairs, attending_units, guests, decisions)
    changes = activity.diff(conference, before, activity.snapshot(conference, CONFERENCE_FIELDS))
    new_counts = (len(chairs), len(attending_units), len(guests), len(decisions))
    for label, old, new in zip(("Số người chủ trì", "Số đơn vị dự", "Số khách mời", "Số quyết định"), old_counts,
                               new_counts, strict=True):
        if old != new:
            changes.append({"field": label, "old": old, "new": new})
    activity.record(actor, Activity.Action.UPDATE, conference, period.cluster.scope,
                    summary=f"Sửa hội nghị ngày {held_on:%d/%m/%Y}", changes=changes)
    return conference
