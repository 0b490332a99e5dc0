"""Conference pages: record, correct and read a conference of a cluster year. Views parse the request, call one
domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.clusters.domain.words import kind_words
from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.forms import adding_row, initial_rows, posted_rows
from thidua.meetings.domain.conferences import conference_version, record_conference, update_conference
from thidua.meetings.interfaces.forms import (
    PEOPLE_HINT,
    ChairFormSet,
    ConferenceForm,
    DecisionFormSet,
    GuestFormSet,
    MemberPeople,
    representative_rows,
    was_value,
)
from thidua.meetings.models import Conference
from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.models import Person, Unit

FACTS = ["kind", "title", "held_on", "time_of_day", "ends_at", "place", "host", "basis", "agenda", "minutes"]


def conference_queryset():
    """A conference with everything its page shows, in a fixed number of queries."""
    return Conference.objects.select_related("period__cluster__organiser", "host").prefetch_related(
        "chairs__unit", "attendances__unit", "guests", "decisions")


class ConferenceForms:
    """The conference form, its secretary, chairs, attending members with their representatives, guests and
    decisions, bound to the POST or showing the record (or a new one's defaults)."""

    def __init__(self, request, period, conference=None):
        members = list(Unit.objects.filter(memberships__period=period).order_by("sort_key", "pk"))
        named = set()
        if conference is not None:
            named = {r.person_id for r in [*conference.chairs.all(), *conference.attendances.all()] if r.person_id}
            named |= {conference.secretary_id} if conference.secretary_id else set()
        people = MemberPeople.load(members, named)
        member_query = Unit.objects.filter(memberships__period=period).order_by("sort_key", "pk")
        chair_kwargs = {"form_kwargs": {"members": member_query, "people": people,
                                        "role_example": kind_words(period.cluster.kind).head}}
        form_kwargs = {"period": period, "people": people}
        decision_kwargs = {"form_kwargs": {"leaders": kind_words(period.cluster.kind).leaders}}
        if request.method == "POST":
            self.form = ConferenceForm(request.POST, **form_kwargs)
            self.chairs = posted_rows(ChairFormSet, request, "chairs", **chair_kwargs)
            self.reps = representative_rows(members, people, data=request.POST)
            self.guests = posted_rows(GuestFormSet, request, "guests")
            self.decisions = posted_rows(DecisionFormSet, request, "decisions", **decision_kwargs)
        elif conference is None:
            head = period.leadership_terms.filter(role=LeadershipRole.HEAD).values_list("unit_id", flat=True).first()
            self.form = ConferenceForm(initial={"host": head, "attending_units": members}, **form_kwargs)
            self.chairs = initial_rows(ChairFormSet, "chairs", extra=2, **chair_kwargs)
            self.reps = representative_rows(members, people)
            self.guests = initial_rows(GuestFormSet, "guests", extra=2)
            self.decisions = initial_rows(DecisionFormSet, "decisions", extra=3, **decision_kwargs)
        else:
            self._show(conference, members, people, form_kwargs, chair_kwargs, decision_kwargs)
        if conference is not None:  # an edit: the version it was loaded from (core.versions)
            versions.attach(self.form, lambda: conference_version(conference))
        self.members = members

    def _show(self, conference, members, people, form_kwargs, chair_kwargs, decision_kwargs):
        initial = {name: getattr(conference, name) for name in FACTS}
        attendances = {a.unit_id: a for a in conference.attendances.all()}
        initial.update({
            "host": conference.host_id, "attending_units": list(attendances),
            "secretary_person": conference.secretary_id, "secretary_name": conference.secretary_name,
            "secretary_rank": conference.secretary_rank, "secretary_title": conference.secretary_title,
            "secretary_was": was_value(conference.secretary_id, conference.secretary_rank,
                                       conference.secretary_title)})
        self.form = ConferenceForm(initial=initial, **form_kwargs)
        self.chairs = initial_rows(ChairFormSet, "chairs", extra=1, initial=[
            {"person": c.person_id, "name": c.name, "rank": c.rank, "title": c.title, "unit": c.unit_id,
             "cluster_role": c.cluster_role, "was": was_value(c.person_id, c.rank, c.title)}
            for c in conference.chairs.all()], **chair_kwargs)
        reps = []
        for unit in members:
            a = attendances.get(unit.pk)
            reps.append({} if a is None else {"person": a.person_id, "name": a.represented_by, "rank": a.rank,
                                              "position": a.position,
                                              "was": was_value(a.person_id, a.rank, a.position)})
        self.reps = representative_rows(members, people, initial=reps)
        self.guests = initial_rows(GuestFormSet, "guests", extra=1, initial=[
            {"name": g.name, "title": g.title, "organisation": g.organisation} for g in conference.guests.all()])
        self.decisions = initial_rows(DecisionFormSet, "decisions", extra=1, initial=[
            {"kind": d.kind, "text": d.text} for d in conference.decisions.all()], **decision_kwargs)

    def is_valid(self) -> bool:
        return (self.form.is_valid() & self.chairs.is_valid() & self.reps.is_valid() & self.guests.is_valid()
                & self.decisions.is_valid())

    def attendance_rows(self) -> list[tuple]:
        """(member's checkbox, its representative's row), in the members' order."""
        boxes = {str(box.data["value"]): box for box in self.form["attending_units"]}
        return [(boxes.get(str(unit.pk)), row) for unit, row in zip(self.members, self.reps.forms, strict=False)]


def _save(request, period, conference, forms):
    """Record or correct the conference; None when the input is not valid (errors are on the forms)."""
    if not forms.is_valid():
        return None
    form = forms.form
    data = form.cleaned_data
    facts = {name: data[name] for name in FACTS if name not in ("kind", "title", "held_on")}
    attending = list(data["attending_units"])
    attending_ids = {u.pk for u in attending}
    people = {
        "secretary": form.secretary(),
        "chairs": [{"person": r.get("person"), "name": r["name"].strip(), "rank": r.get("rank", "").strip(),
                    "title": r["title"].strip(), "unit": r.get("unit"),
                    "cluster_role": r.get("cluster_role", "").strip()} for r in forms.chairs.rows()],
        "attending_units": attending,
        # a representative named for a member left unticked is not kept: the box says who attended
        "representatives": {unit_id: row for unit_id, row in forms.reps.representatives().items()
                            if unit_id in attending_ids},
        "guests": [{"name": r.get("name", "").strip(), "title": r.get("title", "").strip(),
                    "organisation": r["organisation"].strip()} for r in forms.guests.rows()],
        "decisions": [{"kind": r["kind"], "text": r["text"].strip()} for r in forms.decisions.rows()],
    }
    try:
        if conference is None:
            return record_conference(period, data["kind"], data["title"], data["held_on"], actor=request.user,
                                     **facts, **people)
        return update_conference(conference, data["kind"], data["title"], data["held_on"], actor=request.user,
                                 loaded_version=versions.loaded(form), **facts, **people)
    except versions.StaleVersion as error:  # changed by someone else since the page was loaded
        versions.show_refusal(form, error)
        return None
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


def _render_form(request, period, forms, conference=None):
    title = (_("Sửa hội nghị: %(title)s") % {"title": conference.title} if conference
             else _("Ghi hội nghị của %(word)s năm %(year)s") % {"word": kind_words(period.cluster.kind).word,
                                                                   "year": period.year})
    return render(request, "meetings/conference_form.html", {
        "period": period, "cluster": period.cluster, "conference": conference, "page_title": title,
        "form": forms.form, "chairs": forms.chairs, "guests": forms.guests, "decisions": forms.decisions,
        "reps": forms.reps, "attendance_rows": forms.attendance_rows(), "people_hint": PEOPLE_HINT,
        "words": kind_words(period.cluster.kind),
        "hide_errors": adding_row(request),
    })


@login_required
def conference_create(request, period_pk):
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=period_pk)
    if not request.user.has_perm("meetings.manage_conference", period):
        raise PermissionDenied
    forms = ConferenceForms(request, period)
    if request.method == "POST" and not adding_row(request):
        conference = _save(request, period, None, forms)
        if conference is not None:
            messages.success(request, _("Đã ghi %(title)s.") % {"title": conference.title})
            return redirect("meetings:conference_detail", pk=conference.pk)
    return _render_form(request, period, forms)


@login_required
def conference_edit(request, pk):
    conference = get_object_or_404(conference_queryset(), pk=pk)
    period = conference.period
    if not request.user.has_perm("meetings.manage_conference", period):
        raise PermissionDenied
    forms = ConferenceForms(request, period, conference)
    if request.method == "POST" and not adding_row(request):
        if _save(request, period, conference, forms) is not None:
            messages.success(request, _("Đã lưu hội nghị."))
            return redirect("meetings:conference_detail", pk=conference.pk)
    return _render_form(request, period, forms, conference)


@login_required
def conference_detail(request, pk):
    conference = get_object_or_404(conference_queryset(), pk=pk)
    period = conference.period
    if not request.user.has_perm("meetings.view_conference", period):
        raise PermissionDenied
    return render(request, "meetings/conference_detail.html", {
        "conference": conference, "period": period, "cluster": period.cluster,
        "words": kind_words(period.cluster.kind),
        "can_manage": request.user.has_perm("meetings.manage_conference", period),
        "people_links": _people_links(request.user, conference),
        "documents": [(_("Biên bản (.docx)"), reverse("meetings:minutes_docx", args=[conference.pk])),
                      (_("Biên bản (PDF)"), reverse("meetings:minutes_pdf", args=[conference.pk]))],
    })


def _people_links(user, conference) -> set[int]:
    """The people named on the conference whose page the user may open (as orgs.view_person: their own units'
    people, those of the units their organiser reaches, everyone's for a system administrator); one query."""
    named = {r.person_id for r in [*conference.chairs.all(), *conference.attendances.all()] if r.person_id}
    named |= {conference.secretary_id} if conference.secretary_id else set()
    if not named or user.is_system_admin:
        return named
    people = Person.objects.filter(pk__in=named)
    if user.organiser_ids:
        people = people.filter(Q(unit_id__in=user.unit_ids) | Q(unit_id__in=units_reached_by(user.organiser_ids)))
    else:
        people = people.filter(unit_id__in=user.unit_ids)
    return set(people.values_list("pk", flat=True))
