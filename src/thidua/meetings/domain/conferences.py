"""Recording a conference: its facts, chairs, attendance, guests and the decisions taken."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

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


@transaction.atomic
def record_conference(period: EmulationPeriod, kind: str, title: str, held_on: dt.date, *, time_of_day: str = "",
                      place: str = "", host=None, basis: str = "", agenda: str = "", minutes: str = "",
                      chairs: list[dict] = (), attending_units: list = (), guests: list[dict] = (),
                      decisions: list[dict] = (), actor=None) -> Conference:
    """chairs: [{"name", "title", "unit", "cluster_role"}]; guests: [{"name", "title", "organisation"}];
    decisions: [{"kind", "text"}]. The host may be any member, not only the head."""
    if kind not in ConferenceKind.values:
        raise ValidationError("Loại hội nghị không hợp lệ.")
    members = set(period.memberships.values_list("unit_id", flat=True))
    if host is not None and host.pk not in members:
        raise ValidationError(f"Đơn vị đăng cai {host} không phải thành viên của cụm năm {period.year}.")
    strangers = [u for u in attending_units if u.pk not in members]
    if strangers:
        raise ValidationError([f"{u} không phải thành viên của cụm năm {period.year}." for u in strangers])
    # A year-end conference is usually held just after the year ends (S1: 09/01/2024 for 2023).
    if not (period.start_date - dt.timedelta(days=120) <= held_on <= period.end_date + dt.timedelta(days=200)):
        raise ValidationError(f"Ngày họp {held_on:%d/%m/%Y} quá xa năm thi đua {period.year}.")
    conference = Conference.objects.create(period=period, kind=kind, title=title, held_on=held_on,
                                           time_of_day=time_of_day, place=place, host=host, basis=basis,
                                           agenda=agenda, minutes=minutes)
    ConferenceChair.objects.bulk_create([ConferenceChair(conference=conference, order=i, **c)
                                         for i, c in enumerate(chairs, start=1)])
    ConferenceAttendance.objects.bulk_create([ConferenceAttendance(conference=conference, unit=u)
                                              for u in attending_units])
    ConferenceGuest.objects.bulk_create([ConferenceGuest(conference=conference, **g) for g in guests])
    ConferenceDecision.objects.bulk_create([ConferenceDecision(conference=conference, order=i, **d)
                                            for i, d in enumerate(decisions, start=1)])
    activity.record(actor, Activity.Action.CREATE, conference, period.cluster.scope,
                    summary=f"{ConferenceKind(kind).label} ngày {held_on:%d/%m/%Y}")
    return conference
