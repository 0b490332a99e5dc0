"""The page of one cluster year: everything the year holds on one printable page — dates and phase, head and
deputy, members, movements, covenant and signatures, registrations, criteria and (when the phase allows the
viewer) the ranking, the conferences with what they decided, and what was decided for the next year.

Its number of queries does not depend on the number of members, signatures or conferences."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from thidua.clusters.enums import LeadershipRole, Phase, phase_reached
from thidua.clusters.models import EmulationPeriod, LeadershipTerm
from thidua.meetings.models import Conference
from thidua.movements.domain.covenants import registration_progress
from thidua.movements.models import Covenant, CovenantSignature, Registration
from thidua.movements.views import progress
from thidua.voting.models import Nomination


def _link(name: str, *args) -> str | None:
    """The URL of a page that may not exist yet (pages other parts of the system add): None if it does not."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _leaders(terms) -> dict:
    return {"head": next((t for t in terms if t.role == LeadershipRole.HEAD), None),
            "deputy": [t for t in terms if t.role == LeadershipRole.DEPUTY]}


def _covenant(period):
    return (Covenant.objects.filter(period=period)
            .prefetch_related("items", Prefetch("signatures", queryset=CovenantSignature.objects.select_related("unit")
                                                .order_by("signed_on", "unit__sort_key")))
            .first())


def _criteria_summary(period):
    from thidua.scoring.models import CriteriaSet

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
    from thidua.scoring.domain.queries import compute_ranking

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
        "criteria": _link("scoring:criteria", period.pk),
        "sheets": _link("scoring:sheet_list", period.pk),
        "ranking": _link("scoring:ranking", period.pk) if ranking is not None else None,
        "covenant_pdf": _link("movements:covenant_pdf", period.pk) if covenant else None,
        "covenant_docx": _link("movements:covenant_docx", period.pk) if covenant else None,
        "voting": _link("voting:session_list", period.pk),
        "figures": _link("reports:cluster_figures", period.pk)
        if user.has_perm("reports.view_cluster_figures", period) else None,
    }
    return render(request, "clusters/period_year.html", {
        "period": period, "cluster": period.cluster, "leaders": _leaders(terms), "members": members,
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
    })
