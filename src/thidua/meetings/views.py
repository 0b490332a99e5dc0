"""Conference pages: record, correct and read a conference of a cluster year. Views parse the request, call one
domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import EmulationPeriod
from thidua.core.forms import adding_row, initial_rows, posted_rows
from thidua.meetings.domain.conferences import record_conference, update_conference
from thidua.meetings.interfaces.forms import ChairFormSet, ConferenceForm, DecisionFormSet, GuestFormSet
from thidua.meetings.models import Conference
from thidua.orgs.models import Unit

FACTS = ["kind", "title", "held_on", "time_of_day", "place", "host", "basis", "agenda", "minutes"]


def conference_queryset():
    """A conference with everything its page shows, in a fixed number of queries."""
    return Conference.objects.select_related("period__cluster__organiser", "host").prefetch_related(
        "chairs__unit", "attendances__unit", "guests", "decisions")


def _forms(request, period, conference=None):
    members = Unit.objects.filter(memberships__period=period).order_by("sort_key")
    kwargs = {"form_kwargs": {"members": members}}
    if request.method == "POST":
        form = ConferenceForm(request.POST, period=period)
        chairs = posted_rows(ChairFormSet, request, "chairs", **kwargs)
        guests = posted_rows(GuestFormSet, request, "guests")
        decisions = posted_rows(DecisionFormSet, request, "decisions")
        return form, chairs, guests, decisions
    if conference is None:
        head = period.leadership_terms.filter(role=LeadershipRole.HEAD).values_list("unit_id", flat=True).first()
        form = ConferenceForm(period=period, initial={"host": head, "attending_units": list(members)})
        return (form, initial_rows(ChairFormSet, "chairs", extra=2, **kwargs),
                initial_rows(GuestFormSet, "guests", extra=2), initial_rows(DecisionFormSet, "decisions", extra=3))
    initial = {name: getattr(conference, name) for name in FACTS}
    initial["host"] = conference.host_id
    initial["attending_units"] = [a.unit_id for a in conference.attendances.all()]
    form = ConferenceForm(period=period, initial=initial)
    chairs = initial_rows(ChairFormSet, "chairs", extra=1, initial=[
        {"name": c.name, "title": c.title, "unit": c.unit_id, "cluster_role": c.cluster_role}
        for c in conference.chairs.all()], **kwargs)
    guests = initial_rows(GuestFormSet, "guests", extra=1, initial=[
        {"name": g.name, "title": g.title, "organisation": g.organisation} for g in conference.guests.all()])
    decisions = initial_rows(DecisionFormSet, "decisions", extra=1, initial=[
        {"kind": d.kind, "text": d.text} for d in conference.decisions.all()])
    return form, chairs, guests, decisions


def _save(request, period, conference, form, chairs, guests, decisions):
    """Record or correct the conference; None when the input is not valid (errors are on the forms)."""
    valid = form.is_valid() & chairs.is_valid() & guests.is_valid() & decisions.is_valid()
    if not valid:
        return None
    data = form.cleaned_data
    facts = {name: data[name] for name in FACTS if name not in ("kind", "title", "held_on")}
    people = {
        "chairs": [{"name": r["name"].strip(), "title": r["title"].strip(), "unit": r.get("unit"),
                    "cluster_role": r.get("cluster_role", "").strip()} for r in chairs.rows()],
        "attending_units": list(data["attending_units"]),
        "guests": [{"name": r.get("name", "").strip(), "title": r.get("title", "").strip(),
                    "organisation": r["organisation"].strip()} for r in guests.rows()],
        "decisions": [{"kind": r["kind"], "text": r["text"].strip()} for r in decisions.rows()],
    }
    try:
        if conference is None:
            return record_conference(period, data["kind"], data["title"], data["held_on"], actor=request.user,
                                     **facts, **people)
        return update_conference(conference, data["kind"], data["title"], data["held_on"], actor=request.user,
                                 **facts, **people)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


def _render_form(request, period, form, chairs, guests, decisions, conference=None):
    title = (_("Sửa hội nghị: %(title)s") % {"title": conference.title} if conference
             else _("Ghi hội nghị của cụm năm %(year)s") % {"year": period.year})
    return render(request, "meetings/conference_form.html", {
        "period": period, "cluster": period.cluster, "conference": conference, "page_title": title,
        "form": form, "chairs": chairs, "guests": guests, "decisions": decisions,
        "hide_errors": adding_row(request),
    })


@login_required
def conference_create(request, period_pk):
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=period_pk)
    if not request.user.has_perm("meetings.manage_conference", period):
        raise PermissionDenied
    form, chairs, guests, decisions = _forms(request, period)
    if request.method == "POST" and not adding_row(request):
        conference = _save(request, period, None, form, chairs, guests, decisions)
        if conference is not None:
            messages.success(request, _("Đã ghi %(title)s.") % {"title": conference.title})
            return redirect("meetings:conference_detail", pk=conference.pk)
    return _render_form(request, period, form, chairs, guests, decisions)


@login_required
def conference_edit(request, pk):
    conference = get_object_or_404(conference_queryset(), pk=pk)
    period = conference.period
    if not request.user.has_perm("meetings.manage_conference", period):
        raise PermissionDenied
    form, chairs, guests, decisions = _forms(request, period, conference)
    if request.method == "POST" and not adding_row(request):
        if _save(request, period, conference, form, chairs, guests, decisions) is not None:
            messages.success(request, _("Đã lưu hội nghị."))
            return redirect("meetings:conference_detail", pk=conference.pk)
    return _render_form(request, period, form, chairs, guests, decisions, conference)


@login_required
def conference_detail(request, pk):
    conference = get_object_or_404(conference_queryset(), pk=pk)
    period = conference.period
    if not request.user.has_perm("meetings.view_conference", period):
        raise PermissionDenied
    return render(request, "meetings/conference_detail.html", {
        "conference": conference, "period": period, "cluster": period.cluster,
        "can_manage": request.user.has_perm("meetings.manage_conference", period),
    })
