"""Reusable querysets for clusters and periods: lists annotated in one query, never one query per row."""

import datetime as dt

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership


def current_year() -> int:
    return dt.date.today().year


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
        Cluster.objects.select_related("organiser", "area")
        .annotate(member_count=members, head_name=leader_name(LeadershipRole.HEAD),
                  deputy_name=leader_name(LeadershipRole.DEPUTY))
    )


def clusters_of_user(user, year: int) -> QuerySet:
    """The clusters a user works in this year: as a member unit's staff or as the organiser's staff."""
    condition = Q(periods__year=year, periods__memberships__unit_id__in=user.unit_ids)
    if user.organiser_ids:
        condition |= Q(organiser_id__in=user.organiser_ids, periods__year=year)
    ids = Cluster.objects.filter(condition).values("pk").distinct()
    return clusters_with_year(year).filter(pk__in=ids).order_by("sort_key")


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
