"""Pages that combine several apps: the home page and the page of one cluster year.

The year page holds everything the year holds on one printable page — dates and phase, head and deputy,
members, movements, covenant and signatures, registrations, criteria and (when the phase allows the viewer)
the ranking, the conferences with what they decided, and what was decided for the next year. Its number of
queries does not depend on the number of members, signatures or conferences."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from thidua.clusters.domain.periods import next_gate
from thidua.clusters.domain.queries import periods_headed_by
from thidua.clusters.domain.words import words_for_kinds
from thidua.clusters.enums import LeadershipRole, Phase, phase_reached
from thidua.clusters.models import EmulationPeriod, LeadershipTerm
from thidua.core.formatting import progress
from thidua.meetings.models import Conference
from thidua.movements.domain.covenants import registration_progress
from thidua.movements.models import Covenant, CovenantSignature, Registration
from thidua.orgs.models import Organiser, Unit
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.models import CriteriaSet
from thidua.screens.domain.tasks import tasks_for, what_next, year_progress
from thidua.voting.models import Nomination


@login_required
def home(request):
    """Today's work: the tasks that wait for the user with their deadlines (screens.domain.tasks), the progress
    of each cluster year they belong to, and when there is nothing to do, what comes next and when."""
    user = request.user
    today = timezone.localdate()
    years = year_progress(user, today)
    tasks = tasks_for(user, today, years)
    managed_periods = list(periods_headed_by(user, today.year))
    return render(request, "screens/home.html", {
        "today": today, "tasks": tasks, "years": years,
        "overdue": sum(1 for t in tasks if t.overdue),
        "next_steps": what_next(user, years, today) if not tasks else [],
        "head_words": words_for_kinds(p.cluster.kind for p in managed_periods),
        "managed_periods": managed_periods,
        "my_units": list(Unit.objects.filter(pk__in=user.unit_ids).order_by("sort_key").values_list("name", flat=True)),
        # the province's view (the organiser's clusters and blocks of a year) for an organiser's staff
        "my_organisers": list(Organiser.objects.filter(pk__in=user.organiser_ids).order_by("sort_key"))
        if user.organiser_ids else [],
    })


def _leaders(terms) -> dict:
    return {"head": next((t for t in terms if t.role == LeadershipRole.HEAD), None),
            "deputy": [t for t in terms if t.role == LeadershipRole.DEPUTY]}


def _covenant(period):
    return (Covenant.objects.filter(period=period)
            .prefetch_related("items", Prefetch("signatures", queryset=CovenantSignature.objects.select_related("unit")
                                                .order_by("signed_on", "unit__sort_key")))
            .first())


def _criteria_summary(period):
    criteria_set = (CriteriaSet.objects.filter(period=period)
                    .annotate(n_criteria=Count("criteria")).first())
    if criteria_set is None:
        return None, []
    groups = list(criteria_set.criteria.filter(parent__isnull=True).order_by("order")
                  .values("code", "name", "type", "max_points"))
    return criteria_set, groups


def _ranking(request, period, criteria_set):
    if criteria_set is None or not request.user.has_perm("scoring.view_ranking", period):
        return None
    return compute_ranking(period)


def _next_year(period):
    """What the year decided for the next one: its head and deputy, its covenant, its movements."""
    following = EmulationPeriod.objects.filter(cluster_id=period.cluster_id, year=period.year + 1).first()
    if following is None:
        return None
    terms = list(LeadershipTerm.objects.filter(period=following).select_related("unit").order_by("role"))
    covenant = Covenant.objects.filter(period=following).annotate(n_signed=Count("signatures")).first()
    members = following.memberships.count()
    return {"period": following, "leaders": _leaders(terms), "covenant": covenant,
            "signed": progress(covenant.n_signed if covenant else 0, members),
            "movements": list(following.movements.order_by("sort_key"))}


@login_required
def period_year(request, pk):
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser", "cluster__area"), pk=pk)
    if not request.user.has_perm("movements.view_year", period):
        raise PermissionDenied
    user = request.user
    memberships = list(period.memberships.select_related("unit__sector").order_by("unit__sort_key"))
    terms = list(period.leadership_terms.select_related("unit"))
    role_by_unit = {t.unit_id: t for t in terms}
    covenant = _covenant(period)
    signatures = list(covenant.signatures.all()) if covenant else []
    signed_by_unit = {s.unit_id: s for s in signatures}
    registered, total = registration_progress(period)
    registered_ids = set(Registration.objects.filter(period=period, submitted_at__isnull=False)
                         .values_list("unit_id", flat=True))
    criteria_set, criteria_groups = _criteria_summary(period)
    ranking = _ranking(request, period, criteria_set)
    conferences = list(
        Conference.objects.filter(period=period).select_related("host")
        .prefetch_related("chairs__unit", "attendances__unit", "guests", "decisions").order_by("held_on", "pk"))
    manages = user.has_perm("movements.manage_year", period)
    members = [{"unit": m.unit, "term": role_by_unit.get(m.unit_id), "signature": signed_by_unit.get(m.unit_id),
                "registered": m.unit_id in registered_ids} for m in memberships]
    own_units = [m["unit"] for m in members if m["unit"].pk in user.officer_unit_ids]
    links = {
        "criteria": reverse("scoring:criteria", args=[period.pk]),
        "sheets": reverse("scoring:sheet_list", args=[period.pk]),
        "ranking": reverse("scoring:ranking", args=[period.pk]) if ranking is not None else None,
        "covenant_pdf": reverse("movements:covenant_pdf", args=[period.pk]) if covenant else None,
        "covenant_docx": reverse("movements:covenant_docx", args=[period.pk]) if covenant else None,
        "voting": reverse("voting:session_list", args=[period.pk]),
        "figures": reverse("reports:cluster_figures", args=[period.pk])
        if user.has_perm("reports.view_cluster_figures", period) else None,
    }
    return render(request, "screens/period_year.html", {
        "period": period, "cluster": period.cluster, "words": period.cluster.words, "leaders": _leaders(terms),
        "members": members,
        "movements": list(period.movements.order_by("sort_key")),
        "covenant": covenant, "signatures": signatures,
        "unsigned": [m["unit"] for m in members if m["signature"] is None],
        "signed": progress(len(signatures), len(members)),
        "registered": progress(registered, total),
        "not_registered": [m["unit"] for m in members if not m["registered"]],
        "criteria_set": criteria_set, "criteria_groups": criteria_groups,
        "ranking": ranking, "ranking_final": phase_reached(period.phase, Phase.RANKING),
        "conferences": conferences, "next_year": _next_year(period), "links": links,
        "nominations": list(Nomination.objects.filter(period=period).select_related("unit", "person")
                            .order_by("award_label", "unit__sort_key")),
        "manages": manages, "own_units": own_units,
        "can_manage_period": user.has_perm("clusters.manage_period", period),
        "gates": _gates(period) if manages else None,
    })


def _gates(period: EmulationPeriod) -> dict | None:
    """The next phase and what stands before it (clusters.domain.periods.next_gate, as the year's phase card shows
    them), for who runs the year; None for a closed year."""
    gate = next_gate(period)
    if gate is None:
        return None
    following, found = gate
    return {"label": Phase(following).label, "blockers": found}


@login_required
def law_settings(request, national, province):
    """The "Quy định" section: the tables of law the user keeps — every one for the system administrator, the
    province's own (deadlines, the province's award names) for a province's emulation administrator."""
    if not request.user.has_perm("law.view_settings"):
        raise PermissionDenied
    user = request.user
    return render(request, "screens/law_settings.html", {
        "national": [law for law in national if law.may_view(user)],
        "province": [law for law in province if law.may_view(user)],
    })


@login_required
def setup_index(request):
    """"Danh mục": the set-up pages the user may use — organisers, clusters and blocks, units, people, the
    province's own award names — one link each, in the order a new organiser sets things up."""
    user = request.user
    if not (user.has_perm("orgs.list_organisers") or user.officer_unit_ids):
        raise PermissionDenied
    return render(request, "screens/setup_index.html", {
        "may_add_people": bool(user.is_system_admin or user.officer_unit_ids or user.organiser_ids),
    })
