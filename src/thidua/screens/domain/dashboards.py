"""The figures of the dashboards: a cluster's years, and an organiser's (the province's Department of Home Affairs)
clusters and blocks of a year and over the years. Everything is computed from the records when asked — the
ranking and the points by criterion group by scoring's own computation (`compute_rankings`, `group_points`),
awards from the registry (a member's record of the period's year: `reports.domain.figures.periods_figures`),
progress by `tasks.progress_of_periods`, the leading units and the flag quota by `voting.domain.quotas`
(province_leading_units, province_flag_quota: Decree 91/2017 art 11 and its successors, as the proposal workflow
judges them) — nothing is stored. The number of queries
does not depend on the number of clusters, years, members or records: each figure is one aggregate query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.awards.models import AwardRecord
from thidua.clusters.enums import ClusterKind, LeadershipRole, Phase, phase_reached
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership
from thidua.dossiers.enums import State
from thidua.dossiers.models import Nominee
from thidua.reports.domain.figures import (
    Figures,
    UnitCounts,
    figures_of,
    members_of_periods,
    periods_figures,
    unit_counts,
    units_by_year,
)
from thidua.scoring.domain.queries import compute_rankings, group_points
from thidua.screens.domain.tasks import YearProgress, progress_of_periods
from thidua.voting.domain.quotas import (
    CLUSTER_LEADER_AWARD,
    government_flag_rule,
    province_flag_quota,
    province_leading_units,
)
from thidua.voting.models import Nomination

GOVERNMENT_FLAG_AWARD = "co-cp"  # Cờ thi đua của Chính phủ (awards.data.catalogue)
MAX_YEARS = 10  # the years a dashboard compares at most (the newest)


@dataclass(frozen=True)
class Year:
    period_id: int
    year: int
    phase: str


# -- a cluster -----------------------------------------------------------------------------------------------------

@dataclass
class RankRow:
    unit_id: int
    name: str
    ranks: list[int | None]  # one per year shown, None when not a member that year
    finals: list[Decimal | None]


@dataclass
class GroupRow:
    unit_id: int
    name: str
    rank: int
    values: list[Decimal]  # one per criterion group
    total: Decimal


@dataclass
class ClusterDashboard:
    cluster: Cluster
    years: list[Year]  # every year of the cluster, oldest first
    rank_years: list[Year]  # the years whose ranking the user may see and that have a scale
    ranks: list[RankRow]
    figure_years: list[Year]  # the years whose award figures the user may see
    figures: dict[int, Figures]  # by period
    group_year: Year | None = None
    groups: list[dict] = field(default_factory=list)  # {"id", "code", "name"} of the top-level criteria
    group_rows: list[GroupRow] = field(default_factory=list)


def _visible(user, cluster: Cluster, years: list[Year]) -> tuple[set[int], set[int]]:
    """The periods whose ranking, and whose award figures, the user may see: all for the system administrator
    and the organiser's staff; for a member's staff the years their unit was a member (the figures:
    reports.view_cluster_figures) and of those the ranking once published (scoring.view_ranking: from
    "Tổng hợp, xếp hạng"), or any phase for the head unit's staff. Two queries at most."""
    ids = {y.period_id for y in years}
    if user.is_system_admin or cluster.organiser_id in user.organiser_ids:
        return ids, ids
    if not user.unit_ids:
        return set(), set()
    member = set(Membership.objects.filter(period_id__in=ids, unit_id__in=user.unit_ids)
                 .values_list("period_id", flat=True))
    head = set(LeadershipTerm.objects.filter(period_id__in=ids, role=LeadershipRole.HEAD,
                                             unit_id__in=user.head_unit_ids).values_list("period_id", flat=True)
               ) if user.head_unit_ids else set()
    ranking = head | {y.period_id for y in years if y.period_id in member and phase_reached(y.phase, Phase.RANKING)}
    return ranking, member


def cluster_dashboard(cluster: Cluster, user, year: int | None = None) -> ClusterDashboard:
    """A cluster's years: each member's rank by year, award figures by level and year with the share to direct
    workers, and for one year (the given, else the newest whose ranking the user sees) the points by criterion
    group. About twelve queries whatever the number of years and members."""
    years = [Year(pk, y, phase) for pk, y, phase in EmulationPeriod.objects.filter(cluster=cluster)
             .order_by("-year").values_list("pk", "year", "phase")[:MAX_YEARS]][::-1]
    ranking_ids, figure_ids = _visible(user, cluster, years)
    rankings = compute_rankings(sorted(ranking_ids))
    rank_years = [y for y in years if y.period_id in rankings]
    rows: dict[int, RankRow] = {}
    for i, y in enumerate(rank_years):
        for result in rankings[y.period_id]:
            row = rows.setdefault(result.unit_id, RankRow(result.unit_id, result.unit_name,
                                                          [None] * len(rank_years), [None] * len(rank_years)))
            row.name = result.unit_name
            row.ranks[i], row.finals[i] = result.rank, result.final
    last = len(rank_years) - 1
    ranks = sorted(rows.values(), key=lambda r: (r.ranks[last] is None, r.ranks[last] or 0, r.name))
    figure_years = [y for y in years if y.period_id in figure_ids]
    dashboard = ClusterDashboard(cluster=cluster, years=years, rank_years=rank_years, ranks=ranks,
                                 figure_years=figure_years, figures=periods_figures([y.period_id for y in figure_years]))
    chosen = next((y for y in rank_years if y.year == year), None) or (rank_years[-1] if rank_years else None)
    if chosen is not None:
        dashboard.group_year = chosen
        dashboard.groups, totals = group_points(chosen.period_id)
        for result in rankings[chosen.period_id]:
            values = totals.get(result.unit_id, [Decimal(0)] * len(dashboard.groups))
            dashboard.group_rows.append(GroupRow(result.unit_id, result.unit_name, result.rank, values,
                                                 sum(values, Decimal(0))))
    return dashboard


# -- an organiser (the province) -----------------------------------------------------------------------------------

def organiser_years(organiser_id: int) -> list[int]:
    """The years of the organiser's clusters, newest first."""
    return list(EmulationPeriod.objects.filter(cluster__organiser_id=organiser_id).order_by("-year")
                .values_list("year", flat=True).distinct())


@dataclass
class ClusterYear:
    progress: YearProgress
    deputies: list[str]
    leaders: list[dict]  # {"name", "votes", "electorate"} proposed for the provincial flag by the cluster's vote
    figures: Figures


@dataclass
class FlagQuota:
    leaders: int  # units leading the province's clusters and blocks (voting.domain.quotas.province_leading_units)
    quota: int | None  # Cờ thi đua của Chính phủ the province may propose; None without a province
    proposed: int  # proposed in proposals sent (not drafts), not excluded
    share: Decimal
    source: str
    nominees: list[dict] = field(default_factory=list)  # {"name", "proposal_id", "own", "sent"}

    @property
    def over(self) -> bool:
        return self.quota is not None and self.proposed > self.quota

    @property
    def named(self) -> list[dict]:
        """Nominees of proposals sent to this organiser: the ones its staff may read (flag_nominees)."""
        return [n for n in self.nominees if n["own"]]

    @property
    def others(self) -> int:
        """Nominees of proposals sent elsewhere (counted, not named: flag_nominees)."""
        return sum(1 for n in self.nominees if not n["own"])


@dataclass
class ProvinceYear:
    year: int
    clusters: list[ClusterYear]
    flags: FlagQuota
    totals: Figures  # every record once (a unit in two clusters counted once)


def _leaders(period_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for period_id, unit, person, votes, electorate in (
            Nomination.objects.filter(period_id__in=period_ids, award__code=CLUSTER_LEADER_AWARD)
            .order_by("period_id", "-votes", "unit__sort_key")
            .values_list("period_id", "unit__name", "person__full_name", "votes", "electorate")):
        out.setdefault(period_id, []).append({"name": unit or person or "", "votes": votes, "electorate": electorate})
    return out


def flag_nominees(organiser, years: list[int]) -> dict[int, list[dict]]:
    """The Government flags the organiser's province proposed each year, as
    dossiers.domain.workflow.government_flag_quota_issues counts them (sent, not excluded), each with the day its
    proposal was sent and whether it was sent to this organiser (`own`): the page names only those — a proposal a
    unit of the province sent to its ministry counts against the quota, but its nominee is not the province's
    staff's to read (dossiers.view_proposal). One query."""
    out: dict[int, list[dict]] = {y: [] for y in years}
    if organiser.area_id is None or not years:
        return out
    for year, name, proposal_id, sent_at, recipient_id in (Nominee.objects.filter(
            award__code=GOVERNMENT_FLAG_AWARD, proposal__year__in=years, proposal__sender__area_id=organiser.area_id,
            excluded=False).exclude(proposal__state=State.DRAFT).order_by("name_as_written", "pk")
            .values_list("proposal__year", "name_as_written", "proposal_id", "proposal__submitted_at",
                         "proposal__recipient_id")):
        out[year].append({"name": name, "proposal_id": proposal_id, "own": recipient_id == organiser.pk,
                          "sent": timezone.localdate(sent_at) if sent_at else None})
    return out


def leading_units(organiser, years: list[int]) -> dict[int, int]:
    """The collectives leading the clusters and blocks of the organiser's province each year, as the proposal
    workflow counts them (voting.domain.quotas.province_leading_units: distinct units, every organiser of the
    province); the organiser's own clusters' without a province. One query."""
    return province_leading_units(years, area_id=organiser.area_id, organiser_id=organiser.pk)


def flag_quota(organiser, year: int, leaders: int, nominees: list[dict], today: dt.date) -> FlagQuota:
    """The Government flag quota of the organiser's province for `year` against its proposals (`leaders` read by
    leading_units); none without a province. The share and rounding are those in force on the day the year's
    flags were proposed — the earliest sending, as dossiers.domain.workflow.government_flag_quota_issues judges
    each proposal on its own day — and, while nothing is sent, today's, the day they would be
    (voting.domain.quotas.province_flag_quota: Decree 91/2017 art 11 and its successors, dated)."""
    day = min((n["sent"] for n in nominees if n["sent"]), default=today)
    if organiser.area_id is None:
        rule = government_flag_rule(day)
        return FlagQuota(leaders, None, 0, rule.share_percent, rule.source)
    allowed = province_flag_quota(organiser.area_id, year, day, leaders=leaders)
    return FlagQuota(allowed.leaders, allowed.quota, len(nominees), allowed.rule.share_percent, allowed.rule.source,
                     nominees)


def _members_by_year(organiser_id: int, years: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {y: set() for y in years}
    for year, unit_id in Membership.objects.filter(period__cluster__organiser_id=organiser_id,
                                                   period__year__in=years).values_list("period__year", "unit_id"):
        out[year].add(unit_id)
    return out


def totals_by_year(organiser_id: int, years: list[int], counts: UnitCounts | None = None) -> dict[int, Figures]:
    """Each year's lượt of the organiser's clusters' members, each record counted once (a unit in two of its
    clusters too): the records of year Y of the units that were members of its clusters that year. Two queries
    (the members, unit_counts); one with `counts` already read for them."""
    members = _members_by_year(organiser_id, years)
    if counts is None:
        counts = unit_counts(members)
    return {year: figures_of(units, year, counts) for year, units in members.items()}


@dataclass
class ProvinceAwards:
    years: list[int]
    by_period: dict[int, Figures]  # period → figures
    periods: list[dict]  # {"pk", "year", "cluster_id", "cluster_name"}
    totals: dict[int, Figures]  # year → every record once


def province_year(organiser, year: int, user, today: dt.date, awards: ProvinceAwards | None = None) -> ProvinceYear:
    """Every cluster and block of the organiser in a year: head, deputies, phase and progress, the units its vote
    proposed for the provincial flag, its award figures; the province's flag quota; the year's totals (taken from
    `awards` when the page read them for several years already). Nine queries whatever the number of clusters,
    seven with `awards`."""
    ids = list(EmulationPeriod.objects.filter(cluster__organiser=organiser, year=year).values_list("pk", flat=True))
    rows = progress_of_periods(user, ids) if ids else []
    rows.sort(key=lambda p: p.kind != ClusterKind.CLUSTER)  # clusters, then blocks; each by name (sort_key)
    deputies: dict[int, list[str]] = {}
    for period_id, name in (LeadershipTerm.objects.filter(period_id__in=ids, role=LeadershipRole.DEPUTY)
                            .order_by("period_id", "unit__sort_key").values_list("period_id", "unit__name")):
        deputies.setdefault(period_id, []).append(name)
    leaders = _leaders(ids)
    if awards is not None and year in awards.years and set(ids) <= awards.by_period.keys():
        figures, totals = awards.by_period, awards.totals[year]
    else:  # the year's members read once: each cluster's figures, and the year's with every record once
        members = members_of_periods(ids)
        counts = unit_counts(units_by_year(members))
        figures = periods_figures(ids, counts, members)
        totals = figures_of(set().union(*(units for _year, units in members.values())), year, counts)
    clusters = [ClusterYear(p, deputies.get(p.period_id, []), leaders.get(p.period_id, []), figures[p.period_id])
                for p in rows]
    flags = flag_quota(organiser, year, leading_units(organiser, [year])[year],
                       flag_nominees(organiser, [year])[year], today)
    return ProvinceYear(year, clusters, flags, totals)


@dataclass
class YearCompared:
    year: int
    clusters: int = 0
    blocks: int = 0
    members: int = 0
    without_head: int = 0
    closed: int = 0
    leaders: int = 0
    flags: FlagQuota | None = None
    figures: Figures | None = None


def compare_years(organiser, years: list[int], today: dt.date) -> list[YearCompared]:
    """Several years of the organiser side by side: clusters and blocks, members, years without a head, years
    closed, leading units proposed for the provincial flag, the Government flag quota and proposals, awards by
    level and the share to direct workers. Seven queries whatever the number of years."""
    years = sorted(set(years))
    out = {y: YearCompared(y) for y in years}
    for row in (EmulationPeriod.objects.filter(cluster__organiser=organiser, year__in=years)
                .values("year", "cluster__kind")
                .annotate(n=Count("pk", distinct=True),
                          closed=Count("pk", distinct=True, filter=Q(phase=Phase.CLOSED)))
                .order_by()):
        y = out[row["year"]]
        if row["cluster__kind"] == ClusterKind.BLOCK:
            y.blocks += row["n"]
        else:
            y.clusters += row["n"]
        y.closed += row["closed"]
    for members in (Membership.objects.filter(period__cluster__organiser=organiser, period__year__in=years)
                    .values("period__year").annotate(n=Count("unit_id", distinct=True)).order_by()):
        out[members["period__year"]].members = members["n"]
    headed = (LeadershipTerm.objects.filter(period__cluster__organiser=organiser, period__year__in=years,
                                            role=LeadershipRole.HEAD).values("period__year")
              .annotate(n=Count("period_id", distinct=True)).order_by())
    for head in headed:
        out[head["period__year"]].without_head = -head["n"]
    for y in out.values():
        y.without_head += y.clusters + y.blocks
    for year, n in leading_units(organiser, years).items():
        out[year].leaders = n
    totals = totals_by_year(organiser.pk, years)
    nominees = flag_nominees(organiser, years)
    for y in out.values():
        y.figures = totals[y.year]
        y.flags = flag_quota(organiser, y.year, y.leaders, nominees[y.year], today)
    return [out[y] for y in years]


def province_awards(organiser, years: list[int], detail_year: int | None = None) -> ProvinceAwards:
    """Awards of the organiser's clusters by cluster and year, and each year's totals (every record once, as
    totals_by_year counts them). Three queries: the periods, their members, unit_counts. `detail_year`: the
    clusters' figures of that year only (the province's page shows one year's clusters; the sums of a hundred
    clusters' three years were a fifth of its time)."""
    periods = list(EmulationPeriod.objects.filter(cluster__organiser=organiser, year__in=years)
                   .order_by("cluster__sort_key", "year").values("pk", "year", "cluster_id", "cluster__name"))
    members = members_of_periods([p["pk"] for p in periods])
    by_year = units_by_year(members)
    counts = unit_counts(by_year)
    detailed = {p["pk"]: members[p["pk"]] for p in periods if detail_year is None or p["year"] == detail_year}
    return ProvinceAwards(sorted(years), periods_figures(list(detailed), counts, detailed),
                          [{"pk": p["pk"], "year": p["year"], "cluster_id": p["cluster_id"],
                            "cluster_name": p["cluster__name"]} for p in periods],
                          {year: figures_of(by_year.get(year, ()), year, counts) for year in years})


def province_records(organiser, year: int, subject: str | None = None, level: str | None = None,
                     direct_worker: bool | None = None) -> QuerySet:
    """The records behind a province year's figure (totals_by_year): the awards of the year to units that were
    members of the organiser's clusters and blocks that year, each once, by subject, level and direct worker."""
    members = Membership.objects.filter(period__cluster__organiser=organiser, period__year=year).values("unit_id")
    records = AwardRecord.objects.filter(year=year, unit_id__in=members)
    if subject:
        records = records.filter(subject=subject)
    if level:
        records = records.filter(level=level)
    if direct_worker is not None:
        records = records.filter(direct_worker=direct_worker)
    return records.select_related("award", "unit", "person").order_by("unit__sort_key", "award__sort_key", "id")
