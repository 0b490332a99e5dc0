"""A cluster year's commendation figures, computed from the award registry at the moment they are asked for:
instances (lượt) of commendation of collectives and of individuals by level, and the share of individual
commendations going to direct workers (người lao động trực tiếp). Nothing is stored."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from thidua.awards.enums import Level, Subject
from thidua.awards.models import AwardRecord
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
    """One aggregate query over the registry."""
    figures = Figures(collectives=dict.fromkeys(Level.values, 0), individuals=dict.fromkeys(Level.values, 0))
    rows = records_of_period(period).values("subject", "level").annotate(
        n=Count("id"), direct=Count("id", filter=Q(direct_worker=True))).order_by()
    for row in rows:
        if row["subject"] == Subject.COLLECTIVE:
            figures.collectives[row["level"]] += row["n"]
        elif row["subject"] == Subject.INDIVIDUAL:
            figures.individuals[row["level"]] += row["n"]
            figures.direct_workers += row["direct"]
        else:
            figures.households += row["n"]
    return figures
