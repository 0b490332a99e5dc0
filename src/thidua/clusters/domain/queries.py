"""Reusable querysets for clusters and periods: lists annotated in one query, never one query per row."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership


def current_year() -> int:
    return dt.date.today().year


def default_year() -> int:
    """The year lists open on: this year if any cluster has a period for it, else the latest year with periods."""
    this_year = current_year()
    if EmulationPeriod.objects.filter(year=this_year).exists():
        return this_year
    latest = EmulationPeriod.objects.filter(year__lt=this_year).order_by("-year").values_list("year", flat=True).first()
    return latest or this_year


def periods_headed_by(user, year: int) -> QuerySet:
    """The periods of a year whose head unit the user works for as head-unit staff: the ones they manage."""
    return EmulationPeriod.objects.filter(
        year=year, leadership_terms__role=LeadershipRole.HEAD,
        leadership_terms__unit_id__in=user.head_unit_ids).select_related("cluster")


def clusters_with_year(year: int) -> QuerySet:
    """Clusters with, for the given year, their number of members and the names of head and deputy."""

    def leader_name(role):
        return Subquery(
            LeadershipTerm.objects.filter(period__cluster=OuterRef("pk"), period__year=year, role=role)
            .order_by("id").values("unit__name")[:1]
        )

    members = Subquery(
        Membership.objects.filter(period__cluster=OuterRef("pk"), period__year=year)
        .order_by().values("period__cluster").annotate(n=Count("id")).values("n")[:1]
    )
    return (
        Cluster.objects.select_related("organiser", "area__successor")
        .annotate(member_count=members, head_name=leader_name(LeadershipRole.HEAD),
                  deputy_name=leader_name(LeadershipRole.DEPUTY))
    )


def own_clusters(user) -> Q | None:
    """The condition of the user's own clusters, listed first: those its organiser runs and those its units are
    (or were) members of, head and deputy included. None when the user has none."""
    condition = None
    if user.unit_ids:
        condition = Q(Exists(Membership.objects.filter(period__cluster=OuterRef("pk"), unit_id__in=sorted(user.unit_ids))))
    if user.organiser_ids:
        organised = Q(organiser_id__in=sorted(user.organiser_ids))
        condition = organised if condition is None else condition | organised
    return condition


def periods_with_leaders(cluster: Cluster) -> list[EmulationPeriod]:
    """A cluster's periods, newest first, each with its leadership terms and member count, in two queries."""
    return list(
        cluster.periods.annotate(member_count=Count("memberships"))
        .prefetch_related("leadership_terms__unit")
        .order_by("-year")
    )


def unit_leadership_history(unit) -> QuerySet:
    """The years a unit led or co-led a cluster."""
    return (
        LeadershipTerm.objects.filter(unit=unit)
        .select_related("period__cluster")
        .order_by("-period__year", "role")
    )


def unit_memberships(unit) -> QuerySet:
    return (
        Membership.objects.filter(unit=unit)
        .select_related("period__cluster__organiser")
        .order_by("-period__year", "period__cluster__sort_key")
    )
