"""Recording a conference: its facts, chairs, attendance, guests and the decisions taken."""

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.clusters.domain.words import kind_words
from thidua.clusters.models import EmulationPeriod
from thidua.core import activity, versions
from thidua.core.models import Activity
from thidua.meetings.domain.people import PersonOnDay, people_on, with_rank
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import (
    Conference,
    ConferenceAttendance,
    ConferenceChair,
    ConferenceDecision,
    ConferenceGuest,
)
from thidua.orgs.models import Unit


def year_window(period: EmulationPeriod) -> tuple[dt.date, dt.date]:
    """The days a meeting of the year may be held on: from 120 days before the year starts to 200 days after it
    ends. A year-end conference is usually held just after the year ends (S1: 09/01/2024 for 2023); a day
    further off is a typing mistake (10/01/2002 for 2019). Conferences and the ballot sessions of the year are held
    to it."""
    return period.start_date - dt.timedelta(days=120), period.end_date + dt.timedelta(days=200)


def _check(period: EmulationPeriod, kind: str, held_on: dt.date, host, attending_units) -> set[int]:
    """What a conference record must satisfy, in words an officer can act on; the members' ids."""
    if kind not in ConferenceKind.values:
        raise ValidationError(_("Loại hội nghị không hợp lệ."))
    members = set(period.memberships.values_list("unit_id", flat=True))
    word = kind_words(period.cluster.kind).word
    if host is not None and host.pk not in members:
        raise ValidationError(_("Đơn vị đăng cai %(unit)s không phải thành viên của %(word)s năm %(year)s.")
                              % {"unit": host, "word": word, "year": period.year})
    strangers = [u for u in attending_units if u.pk not in members]
    if strangers:
        raise ValidationError([_("%(unit)s không phải thành viên của %(word)s năm %(year)s.")
                               % {"unit": u, "word": word, "year": period.year} for u in strangers])
    first, last = year_window(period)
    if not first <= held_on <= last:
        raise ValidationError(_("Ngày họp %(day)s quá xa năm thi đua %(year)s.")
                              % {"day": f"{held_on:%d/%m/%Y}", "year": period.year})
    return members


def _person_checks(period: EmulationPeriod, chairs: Sequence[dict], attending_units: Collection[Unit],
                   representatives: Mapping[int, dict], secretary: dict | None, members: set[int]) -> None:
    """A person picked from the records works in a member unit: a representative in the unit represented, a
    chair in the chair's unit when one is given."""
    errors = []
    word = kind_words(period.cluster.kind).word
    attending = {u.pk: u for u in attending_units}
    for unit_id, row in representatives.items():
        unit, person = attending.get(unit_id), row.get("person")
        if unit is None:
            errors.append(_("Người đại diện được ghi cho một đơn vị không có trong danh sách đơn vị dự."))
        elif person is not None and person.unit_id != unit_id:
            errors.append(_("%(person)s không thuộc %(unit)s nên không thể là người đại diện của đơn vị này.")
                          % {"person": person.full_name, "unit": unit.name})
    for row in chairs:
        person, unit = row.get("person"), row.get("unit")
        if person is None:
            if not (row.get("name") or "").strip():
                errors.append(_("Cần ghi họ tên người chủ trì hoặc chọn trong hồ sơ cá nhân."))
        elif unit is not None and person.unit_id != unit.pk:
            errors.append(_("%(person)s không thuộc %(unit)s.") % {"person": person.full_name, "unit": unit.name})
        elif person.unit_id not in members:
            errors.append(_("%(person)s không thuộc đơn vị thành viên nào của %(word)s năm %(year)s.")
                          % {"person": person.full_name, "word": word, "year": period.year})
    person = (secretary or {}).get("person")
    if person is not None and person.unit_id not in members:
        errors.append(_("%(person)s không thuộc đơn vị thành viên nào của %(word)s năm %(year)s.")
                      % {"person": person.full_name, "word": word, "year": period.year})
    if errors:
        raise ValidationError(errors)


def _copied(row: dict, on_day: dict[int, PersonOnDay], title_key: str) -> dict:
    """A row's name, rank and title: a picked person's as of the conference date where nothing else was typed
    (a typed rank or title wins: the officer corrects what the records do not know)."""
    person = row.get("person")
    name, rank, title = (row.get("name") or "").strip(), (row.get("rank") or "").strip(), \
        (row.get(title_key) or "").strip()
    if person is not None:
        known = on_day[person.pk]
        name, rank, title = known.name, rank or known.rank, title or known.position
    return {"person": person, "name": name, "rank": rank, title_key: title}


def _write_people_and_decisions(conference: Conference, chairs: Sequence[dict], attending_units: Collection[Unit],
                                representatives: Mapping[int, dict], guests: Sequence[dict],
                                decisions: Sequence[dict]) -> None:
    picked = [row["person"] for row in [*chairs, *representatives.values()] if row.get("person") is not None]
    on_day = people_on({p.pk: p for p in picked}.values(), conference.held_on)
    chair_rows = []
    for i, row in enumerate(chairs, start=1):
        copied = _copied(row, on_day, "title")
        unit = row.get("unit")  # else the picked person's unit
        unit_id = unit.pk if unit is not None else (copied["person"].unit_id if copied["person"] else None)
        chair_rows.append(ConferenceChair(conference=conference, order=i, unit_id=unit_id,
                                          cluster_role=(row.get("cluster_role") or "").strip(), **copied))
    ConferenceChair.objects.bulk_create(chair_rows)
    attendances = []
    for unit in attending_units:
        copied = _copied(representatives.get(unit.pk, {}), on_day, "position")
        attendances.append(ConferenceAttendance(conference=conference, unit=unit, person=copied["person"],
                                                represented_by=copied["name"], rank=copied["rank"],
                                                position=copied["position"]))
    ConferenceAttendance.objects.bulk_create(attendances)
    ConferenceGuest.objects.bulk_create([ConferenceGuest(conference=conference, **g) for g in guests])
    ConferenceDecision.objects.bulk_create([ConferenceDecision(conference=conference, order=i, **d)
                                            for i, d in enumerate(decisions, start=1)])


def _set_secretary(conference: Conference, secretary: dict | None) -> None:
    """The secretary's fields on the conference, a picked person's as of the conference date."""
    row = secretary or {}
    person = row.get("person")
    on_day = people_on([person], conference.held_on) if person is not None else {}
    copied = _copied(row, on_day, "title")
    conference.secretary = copied["person"]
    conference.secretary_name, conference.secretary_rank = copied["name"], copied["rank"]
    conference.secretary_title = copied["title"]


@transaction.atomic
def record_conference(period: EmulationPeriod, kind: str, title: str, held_on: dt.date, *, time_of_day: str = "",
                      place: str = "", host=None, basis: str = "", agenda: str = "", minutes: str = "",
                      ends_at: str = "", secretary: dict | None = None, chairs: Sequence[dict] = (),
                      attending_units: Collection[Unit] = (), representatives: Mapping[int, dict] | None = None,
                      guests: Sequence[dict] = (), decisions: Sequence[dict] = (), actor=None,
                      at: dt.datetime | None = None) -> Conference:
    """chairs: [{"name", "title", "unit", "cluster_role", and optionally "person", "rank"}]; representatives:
    {unit id: {"person" or "name", "rank", "position"}} for attending units; secretary: {"person" or "name",
    "rank", "title"}; guests: [{"name", "title", "organisation"}]; decisions: [{"kind", "text"}]. A person picked
    from the records gives the row their name, and their rank and position as of `held_on` where none is typed.
    The host may be any member, not only the head."""
    representatives = representatives or {}
    members = _check(period, kind, held_on, host, attending_units)
    _person_checks(period, chairs, attending_units, representatives, secretary, members)
    conference = Conference(period=period, kind=kind, title=title, held_on=held_on, time_of_day=time_of_day,
                            place=place, host=host, basis=basis, agenda=agenda, minutes=minutes, ends_at=ends_at)
    _set_secretary(conference, secretary)
    conference.save()
    _write_people_and_decisions(conference, chairs, attending_units, representatives, guests, decisions)
    with activity.log_language():
        activity.record(actor, Activity.Action.CREATE, conference, period.cluster.scope,
                        summary=f"{ConferenceKind(kind).label} ngày {held_on:%d/%m/%Y}", at=at)
    return conference


CONFERENCE_FIELDS = ["kind", "title", "held_on", "time_of_day", "ends_at", "place", "host", "basis", "agenda",
                     "minutes", "secretary_name", "secretary_rank", "secretary_title"]


def _people_text(conference: Conference) -> tuple[str, str]:
    """The chairs and the representatives as one line each, for the log's old → new."""
    chairs = "; ".join(with_rank(c.name, c.rank) for c in ConferenceChair.objects.filter(conference=conference))
    represented = "; ".join(f"{a.unit.name}: {with_rank(a.represented_by, a.rank)}"
                            for a in ConferenceAttendance.objects.filter(conference=conference)
                            .select_related("unit").order_by("unit__sort_key") if a.represented_by)
    return chairs, represented


def _conference_values(conference: Conference) -> list:
    """What the edit page writes: the facts, the secretary, and the lists of chairs, attending units with their
    representatives, guests and decisions, as stored."""
    return [
        *versions.field_values(conference, [*CONFERENCE_FIELDS, "secretary"]),
        list(ConferenceChair.objects.filter(conference=conference).order_by("order", "pk").values_list(
            "person_id", "name", "rank", "title", "unit_id", "cluster_role")),
        list(ConferenceAttendance.objects.filter(conference=conference).order_by("unit_id").values_list(
            "unit_id", "person_id", "represented_by", "rank", "position")),
        list(ConferenceGuest.objects.filter(conference=conference).order_by("pk").values_list(
            "name", "title", "organisation")),
        list(ConferenceDecision.objects.filter(conference=conference).order_by("order", "pk").values_list(
            "kind", "text")),
    ]


def conference_version(conference: Conference) -> str:
    """The version of a conference's record as its edit page carries it (core.versions)."""
    return versions.token(conference, conference.period.cluster.scope, _conference_values(conference))


@transaction.atomic
def update_conference(conference: Conference, kind: str, title: str, held_on: dt.date, *, time_of_day: str = "",
                      place: str = "", host=None, basis: str = "", agenda: str = "", minutes: str = "",
                      ends_at: str = "", secretary: dict | None = None, chairs: Sequence[dict] = (),
                      attending_units: Collection[Unit] = (), representatives: Mapping[int, dict] | None = None,
                      guests: Sequence[dict] = (), decisions: Sequence[dict] = (), actor=None,
                      loaded_version: str | None = None) -> Conference:
    """Correct a recorded conference: its facts, and the lists of chairs, attending units with their
    representatives, guests and decisions, each replaced as a whole. Checked as when recorded; the changed facts
    are logged old → new, read from the stored row, locked until the save commits. `loaded_version`: the version
    the edit page was loaded with; refused (core.versions.StaleVersion) when the stored record is newer."""
    representatives = representatives or {}
    stored = Conference.objects.select_for_update(of=("self",)).select_related("period__cluster").get(pk=conference.pk)
    period = stored.period
    versions.check(stored, period.cluster.scope, _conference_values(stored), loaded_version)
    members = _check(period, kind, held_on, host, attending_units)
    _person_checks(period, chairs, attending_units, representatives, secretary, members)
    before = activity.snapshot(stored, CONFERENCE_FIELDS)
    people_before = _people_text(conference)
    old_counts = (conference.chairs.count(), conference.attendances.count(), conference.guests.count(),
                  conference.decisions.count())
    for name, value in {"kind": kind, "title": title, "held_on": held_on, "time_of_day": time_of_day, "place": place,
                        "host": host, "basis": basis, "agenda": agenda, "minutes": minutes,
                        "ends_at": ends_at}.items():
        setattr(conference, name, value)
    _set_secretary(conference, secretary)
    conference.save()
    for related in (conference.chairs, conference.attendances, conference.guests, conference.decisions):
        related.all().delete()
    _write_people_and_decisions(conference, chairs, attending_units, representatives, guests, decisions)
    changes = activity.diff(conference, before, activity.snapshot(conference, CONFERENCE_FIELDS))
    for label, old, new in zip(("Chủ trì", "Người đại diện các đơn vị"), people_before, _people_text(conference),
                               strict=True):
        if old != new:
            changes.append({"field": label, "old": old, "new": new})
    new_counts = (len(chairs), len(attending_units), len(guests), len(decisions))
    for label, old_count, new_count in zip(("Số người chủ trì", "Số đơn vị dự", "Số khách mời", "Số quyết định"),
                                           old_counts, new_counts, strict=True):
        if old_count != new_count:
            changes.append({"field": label, "old": old_count, "new": new_count})
    activity.record(actor, Activity.Action.UPDATE, conference, period.cluster.scope,
                    summary=f"Sửa hội nghị ngày {held_on:%d/%m/%Y}", changes=changes)
    return conference
