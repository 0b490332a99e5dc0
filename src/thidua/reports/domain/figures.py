"""A cluster year's commendation figures, computed from the award registry at the moment they are asked for:
instances (lượt) of commendation of collectives and of individuals by level, and the share of individual
commendations going to direct workers (người lao động trực tiếp). They are read from the registry's counts per
unit and year (awards.UnitYearFigures), which database triggers keep equal to the records at every write; the
records behind a figure are the registry's own (drill_down)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from thidua.awards.count_table import FIGURE_CONDITIONS
from thidua.awards.enums import Level
from thidua.awards.models import AwardRecord, UnitYearFigures
from thidua.clusters.models import EmulationPeriod, Membership


def records_of_period(period: EmulationPeriod) -> QuerySet:
    """The records behind the figures: awards for the period's year to its member units (for individuals, the unit
    they worked in when commended)."""
    members = Membership.objects.filter(period=period).values("unit_id")
    return AwardRecord.objects.filter(year=period.year, unit_id__in=members)


def drill_down(period: EmulationPeriod, subject: str | None = None, level: str | None = None,
               direct_worker: bool | None = None) -> QuerySet:
    records = records_of_period(period)
    if subject:
        records = records.filter(subject=subject)
    if level:
        records = records.filter(level=level)
    if direct_worker is not None:
        records = records.filter(direct_worker=direct_worker)
    return records.select_related("award", "unit", "person").order_by("unit__sort_key", "award__sort_key", "id")


@dataclass
class Figures:
    collectives: dict[str, int] = field(default_factory=dict)  # level → lượt
    individuals: dict[str, int] = field(default_factory=dict)
    households: int = 0
    direct_workers: int = 0

    @property
    def collective_total(self) -> int:
        return sum(self.collectives.values())

    @property
    def individual_total(self) -> int:
        return sum(self.individuals.values())

    @property
    def direct_worker_share(self) -> Decimal | None:
        """Per cent of individual commendations going to direct workers, one decimal (89,4)."""
        if not self.individual_total:
            return None
        return (Decimal(self.direct_workers) * 100 / self.individual_total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def cluster_year_figures(period: EmulationPeriod) -> Figures:
    """One aggregate query over the registry's counts of the period's members in its year
    (awards.UnitYearFigures, which counts each record as figures_of reads it)."""
    members = Membership.objects.filter(period=period).values("unit_id")
    sums = UnitYearFigures.objects.filter(year=period.year, unit_id__in=members).aggregate(
        **{column: Sum(column, default=0) for column in COUNT_COLUMNS})
    return _figures([sums[column] for column in COUNT_COLUMNS])


# -- many periods at once (the dashboards: a cluster's years, a province's clusters) --------------------------------

# A unit's lượt of a year as one row of counts, in the order of COUNT_COLUMNS: the columns of awards.UnitYearFigures
# (collectives by level, individuals by level, households, individuals to direct workers), each counting the
# records its condition names (awards.count_table.FIGURE_CONDITIONS, the one place they are defined).
COUNT_COLUMNS = list(FIGURE_CONDITIONS)
UnitCounts = dict[tuple[int, int], tuple[int, ...]]


def unit_counts(units_by_year: Mapping[int, set[int]]) -> UnitCounts:
    """The registry's lượt of each unit in each year, as a row of counts (COUNT_COLUMNS): {(year, unit): counts}.
    One query over the registry's figures by unit and year (awards.UnitYearFigures, kept by triggers: a
    province's 128.000 records of three years are 2.000 rows there, where reading the records' own index took
    55 ms), bounded by the years and the units of any of them (an OR of each year's units would scan the index
    whole); a unit's row of a year it was no member is dropped."""
    years = sorted(year for year, units in units_by_year.items() if units)
    if not years:
        return {}
    units = set().union(*units_by_year.values())
    out: UnitCounts = {}
    for row in (UnitYearFigures.objects.filter(year__in=years, unit_id__any=sorted(units))
                .values_list("year", "unit_id", *COUNT_COLUMNS).order_by()):
        if row[1] in units_by_year[row[0]]:
            out[(row[0], row[1])] = row[2:]
    return out


def figures_of(units: Iterable[int], year: int, counts: UnitCounts) -> Figures:
    """The figures of the records of `year` to `units` (each unit once), from unit_counts."""
    rows = [row for row in (counts.get((year, unit_id)) for unit_id in set(units)) if row is not None]
    return _figures([sum(column) for column in zip(*rows, strict=True)] if rows else [0] * len(COUNT_COLUMNS))


def _figures(counts: list[int]) -> Figures:
    """Figures of one row of counts in the order of COUNT_COLUMNS."""
    sums = dict(zip(COUNT_COLUMNS, counts, strict=True))
    return Figures(collectives={level: sums[f"collective_{level}"] for level in Level.values},
                   individuals={level: sums[f"individual_{level}"] for level in Level.values},
                   households=sums["household"], direct_workers=sums["direct_workers"])


def members_of_periods(period_ids: Iterable[int]) -> dict[int, tuple[int, set[int]]]:
    """Each period's year and member units: {period: (year, units)}. One query."""
    members: dict[int, tuple[int, set[int]]] = {pk: (0, set()) for pk in period_ids}
    for period_id, year, unit_id in Membership.objects.filter(period_id__in=list(members)).values_list(
            "period_id", "period__year", "unit_id"):
        members[period_id] = (year, members[period_id][1])
        members[period_id][1].add(unit_id)
    return members


def units_by_year(members: Mapping[int, tuple[int, set[int]]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for year, units in members.values():
        if units:
            out.setdefault(year, set()).update(units)
    return out


def periods_figures(period_ids: Iterable[int], counts: UnitCounts | None = None,
                    members: Mapping[int, tuple[int, set[int]]] | None = None) -> dict[int, Figures]:
    """cluster_year_figures of many periods (a member's record of the period's year): two queries whatever their
    number — the members (none when given) and unit_counts (none when `counts` were read already for them)."""
    if members is None:
        members = members_of_periods(period_ids)
    if counts is None:
        counts = unit_counts(units_by_year(members))
    return {pk: figures_of(units, year, counts) for pk, (year, units) in members.items()}
