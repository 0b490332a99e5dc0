"""The figures of the dashboards: a cluster's years, and an organiser's (the province's Department of Home Affairs)
clusters and blocks of a year and over the years. Everything is computed from the records when asked — the
ranking by scoring's own computation (`compute_rankings`), awards from the registry (a member's record of the
period's year, as `reports.domain.figures`), progress by `tasks.progress_of_periods`, the flag quota by
`voting.domain.quotas` (Decree 91/2017 art 11 and its successors) — nothing is stored. The number of queries
does not depend on the number of clusters, years, members or records: each figure is one aggregate query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from thidua.awards.enums import Level, Subject
from thidua.awards.models import AwardRecord
from thidua.clusters.enums import ClusterKind, LeadershipRole, Phase, phase_reached
from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership
from thidua.dossiers.enums import State
from thidua.dossiers.models import Nominee
from thidua.reports.domain.figures import Figures
from thidua.scoring.domain import rules as scoring_rules
from thidua.scoring.domain.queries import compute_rankings
from thidua.scoring.enums import CriterionType
from thidua.scoring.models import Criterion, CriterionExclusion, ScoreEntry
from thidua.screens.domain.tasks import YearProgress, progress_of_periods
from thidua.voting.domain.quotas import CLUSTER_LEADER_AWARD, government_flag_quota, government_flag_rule
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


def _empty() -> Figures:
    return Figures(collectives=dict.fromkeys(Level.values, 0), individuals=dict.fromkeys(Level.values, 0))


def unit_counts(units_by_year: Mapping[int, set[int]]) -> dict[tuple[int, int], list[dict]]:
    """The registry's lượt of each unit in each year, by subject, level and direct worker: {(year, unit): rows}.
    One aggregate query over the years and the units of any of them (bounds of the index, where an OR of each
    year's units would scan it whole), answered from the index award_year_unit_figures alone on PostgreSQL (an
    index-only scan: the records themselves are not read); a unit's rows of a year it was no member are dropped."""
    units = set().union(*units_by_year.values()) if units_by_year else set()
    if not units:
        return {}
    out: dict[tuple[int, int], list[dict]] = {}
    for row in (AwardRecord.objects.filter(year__in=sorted(units_by_year), unit_id__any=sorted(units))
                .values("year", "unit_id", "subject", "level", "direct_worker").annotate(n=Count("*")).order_by()):
        if row["unit_id"] in units_by_year[row["year"]]:
            out.setdefault((row["year"], row["unit_id"]), []).append(dict(row))
    return out


def _figures_of(units: set[int], year: int, counts: dict[tuple[int, int], list[dict]]) -> Figures:
    figures = _empty()
    for unit_id in units:
        for row in counts.get((year, unit_id), ()):
            _add(figures, row)
    return figures


def award_figures(period_ids, counts: dict[tuple[int, int], list[dict]] | None = None) -> dict[int, Figures]:
    """Each period's lượt by subject and level, and those going to direct workers — reports.domain.figures'
    cluster_year_figures for many periods (a member's record of the period's year): two queries, the members and
    unit_counts (none when `counts` were read already for these members)."""
    members: dict[int, tuple[int, set[int]]] = {pk: (0, set()) for pk in period_ids}
    for period_id, year, unit_id in Membership.objects.filter(period_id__in=list(members)).values_list(
            "period_id", "period__year", "unit_id"):
        if members[period_id][0] != year:
            members[period_id] = (year, members[period_id][1])
        members[period_id][1].add(unit_id)
    if counts is None:
        by_year: dict[int, set[int]] = {}
        for year, units in members.values():
            by_year.setdefault(year, set()).update(units)
        counts = unit_counts(by_year)
    return {pk: _figures_of(units, year, counts) for pk, (year, units) in members.items()}


def _add(figures: Figures, row: Mapping[str, Any]) -> None:
    """A row of lượt (`n`) of one subject and level; a row of direct workers' when `direct_worker` is true."""
    direct = row["n"] if row.get("direct_worker") else 0
    if row["subject"] == Subject.COLLECTIVE:
        figures.collectives[row["level"]] = figures.collectives.get(row["level"], 0) + row["n"]
    elif row["subject"] == Subject.INDIVIDUAL:
        figures.individuals[row["level"]] = figures.individuals.get(row["level"], 0) + row["n"]
        figures.direct_workers += direct
    else:
        figures.households += row["n"]


def group_totals(period_id: int) -> tuple[list[dict], dict[int, list[Decimal]]]:
    """A year's points by criterion group (the scale's top-level criteria) for each member: the points that count
    (as the ranking: after the second look, else the appraisal, else the unit's own) of the criteria that apply
    to it, a penalty negative. Three queries."""
    criteria = list(Criterion.objects.filter(criteria_set__period_id=period_id).order_by("order", "pk")
                    .values("id", "code", "name", "type", "max_points", "parent_id"))
    by_id = {c["id"]: c for c in criteria}
    groups = [c for c in criteria if c["parent_id"] is None]
    index = {g["id"]: i for i, g in enumerate(groups)}

    def root(c: Mapping[str, Any]) -> int:
        while c["parent_id"] is not None and c["parent_id"] in by_id:
            c = by_id[c["parent_id"]]
        return c["id"]

    roots = {c["id"]: root(c) for c in criteria}
    specs = [scoring_rules.CriterionSpec(c["id"], c["type"], c["max_points"], c["parent_id"]) for c in criteria]
    excluded: dict[int, set[int]] = {}
    for criterion_id, unit_id in CriterionExclusion.objects.filter(criterion_id__in=list(by_id)).values_list(
            "criterion_id", "unit_id"):
        excluded.setdefault(unit_id, set()).add(criterion_id)
    points: dict[int, dict[int, Decimal | None]] = {}
    for unit_id, criterion_id, final, appraised, own in ScoreEntry.objects.filter(
            sheet__period_id=period_id).values_list("sheet__unit_id", "criterion_id", "final_points",
                                                    "appraised_points", "self_points"):
        points.setdefault(unit_id, {})[criterion_id] = next((v for v in (final, appraised, own) if v is not None),
                                                            None)
    totals: dict[int, list[Decimal]] = {}
    for unit_id, unit_points in points.items():
        values = [Decimal(0)] * len(groups)
        for spec in scoring_rules.applicable(specs, excluded.get(unit_id, set())):
            value = unit_points.get(spec.id)
            if value is not None and spec.type != CriterionType.GROUP:
                values[index[roots[spec.id]]] += Decimal(value)
        totals[unit_id] = values
    return [{"id": g["id"], "code": g["code"], "name": g["name"]} for g in groups], totals


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
                                 figure_years=figure_years, figures=award_figures([y.period_id for y in figure_years]))
    chosen = next((y for y in rank_years if y.year == year), None) or (rank_years[-1] if rank_years else None)
    if chosen is not None:
        dashboard.group_year = chosen
        dashboard.groups, totals = group_totals(chosen.period_id)
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
    leaders: int  # units judged to lead the organiser's clusters and blocks (nominated for the provincial flag)
    quota: int | None  # Cờ thi đua của Chính phủ the province may propose; None without a province
    proposed: int  # proposed in proposals sent (not drafts), not excluded
    share: Decimal
    source: str
    nominees: list[dict] = field(default_factory=list)  # {"name", "proposal_id"}

    @property
    def over(self) -> bool:
        return self.quota is not None and self.proposed > self.quota


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
    proposal was sent. One query."""
    out: dict[int, list[dict]] = {y: [] for y in years}
    if organiser.area_id is None or not years:
        return out
    for year, name, proposal_id, sent_at in (Nominee.objects.filter(
            award__code=GOVERNMENT_FLAG_AWARD, proposal__year__in=years, proposal__sender__area_id=organiser.area_id,
            excluded=False).exclude(proposal__state=State.DRAFT).order_by("name_as_written", "pk")
            .values_list("proposal__year", "name_as_written", "proposal_id", "proposal__submitted_at")):
        out[year].append({"name": name, "proposal_id": proposal_id,
                          "sent": timezone.localdate(sent_at) if sent_at else None})
    return out


def flag_quota(organiser, leaders: int, nominees: list[dict], today: dt.date) -> FlagQuota:
    """The Government flag quota of the organiser's province against its proposals; none without a province.
    The share and rounding are those in force on the day the year's flags were proposed — the earliest sending,
    as dossiers.domain.workflow.government_flag_quota_issues judges each proposal on its own day — and, while
    nothing is sent, today's, the day they would be (voting.domain.quotas: Decree 91/2017 art 11 and its
    successors, dated)."""
    day = min((n["sent"] for n in nominees if n["sent"]), default=today)
    rule = government_flag_rule(day)
    if organiser.area_id is None:
        return FlagQuota(leaders, None, 0, rule.share_percent, rule.source)
    return FlagQuota(leaders, government_flag_quota(leaders, on=day), len(nominees), rule.share_percent,
                     rule.source, nominees)


def _members_by_year(organiser_id: int, years: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {y: set() for y in years}
    for year, unit_id in Membership.objects.filter(period__cluster__organiser_id=organiser_id,
                                                   period__year__in=years).values_list("period__year", "unit_id"):
        out[year].add(unit_id)
    return out


def totals_by_year(organiser_id: int, years: list[int], counts: dict[tuple[int, int], list[dict]] | None = None
                   ) -> dict[int, Figures]:
    """Each year's lượt of the organiser's clusters' members, each record counted once (a unit in two of its
    clusters too): the records of year Y of the units that were members of its clusters that year. Two queries
    (the members, unit_counts); one with `counts` already read for them."""
    members = _members_by_year(organiser_id, years)
    if counts is None:
        counts = unit_counts(members)
    return {year: _figures_of(units, year, counts) for year, units in members.items()}


@dataclass
class ProvinceAwards:
    years: list[int]
    by_period: dict[int, Figures]  # period → figures
    periods: list[dict]  # {"pk", "year", "cluster_id", "cluster_name"}
    totals: dict[int, Figures]  # year → every record once


def province_year(organiser, year: int, user, today: dt.date, awards: ProvinceAwards | None = None) -> ProvinceYear:
    """Every cluster and block of the organiser in a year: head, deputies, phase and progress, the units its vote
    proposed for the provincial flag, its award figures; the province's flag quota; the year's totals (taken from
    `awards` when the page read them for several years already). Ten queries whatever the number of clusters, six
    with `awards`."""
    ids = list(EmulationPeriod.objects.filter(cluster__organiser=organiser, year=year).values_list("pk", flat=True))
    rows = progress_of_periods(user, ids) if ids else []
    rows.sort(key=lambda p: p.kind != ClusterKind.CLUSTER)  # clusters, then blocks; each by name (sort_key)
    deputies: dict[int, list[str]] = {}
    for period_id, name in (LeadershipTerm.objects.filter(period_id__in=ids, role=LeadershipRole.DEPUTY)
                            .order_by("period_id", "unit__sort_key").values_list("period_id", "unit__name")):
        deputies.setdefault(period_id, []).append(name)
    leaders = _leaders(ids)
    figures = awards.by_period if awards is not None and year in awards.years else award_figures(ids)
    clusters = [ClusterYear(p, deputies.get(p.period_id, []), leaders.get(p.period_id, []), figures[p.period_id])
                for p in rows]
    leading_units = len({name for found in leaders.values() for name in (n["name"] for n in found)})
    return ProvinceYear(year, clusters, flag_quota(organiser, leading_units, flag_nominees(organiser, [year])[year],
                                                   today),
                        awards.totals[year] if awards is not None and year in awards.years
                        else totals_by_year(organiser.pk, [year])[year])


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
    level and the share to direct workers. Eight queries whatever the number of years."""
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
    for leading in (Nomination.objects.filter(period__cluster__organiser=organiser, period__year__in=years,
                                              award__code=CLUSTER_LEADER_AWARD)
                    .values("period__year").annotate(n=Count("unit_id", distinct=True)).order_by()):
        out[leading["period__year"]].leaders = leading["n"]
    totals = totals_by_year(organiser.pk, years)
    nominees = flag_nominees(organiser, years)
    for y in out.values():
        y.figures = totals[y.year]
        y.flags = flag_quota(organiser, y.leaders, nominees[y.year], today)
    return [out[y] for y in years]


def province_awards(organiser, years: list[int]) -> ProvinceAwards:
    """Awards of the organiser's clusters by cluster and year, and each year's totals. Five queries, one of them
    over the registry (unit_counts)."""
    periods = list(EmulationPeriod.objects.filter(cluster__organiser=organiser, year__in=years)
                   .order_by("cluster__sort_key", "year").values("pk", "year", "cluster_id", "cluster__name"))
    counts = unit_counts(_members_by_year(organiser.pk, years))
    return ProvinceAwards(sorted(years), award_figures([p["pk"] for p in periods], counts),
                          [{"pk": p["pk"], "year": p["year"], "cluster_id": p["cluster_id"],
                            "cluster_name": p["cluster__name"]} for p in periods],
                          totals_by_year(organiser.pk, years, counts))
