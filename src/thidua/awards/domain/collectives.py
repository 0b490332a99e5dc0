"""A collective's year as its titles need it (Law arts 27–28): who its members were at the year's end, how they
completed their tasks, which titles they hold, who was disciplined — for many units at once, in a fixed number of
queries.

Who worked in a unit on 31/12 of a year. The records keep no dated membership: a person has their unit of today and
their status of today, nothing more. What is dated, and used first:
1. a person's rating of the year that names the unit that rated them (the unit they worked in at the year's end:
   the new unit rates a person who moved during the year, rules.md §2.1);
2. else the unit written on their award of that year (an individual award records the unit they worked in when
   commended; the latest decision wins);
3. else, for a person still working, their unit of today. A person who left (moved, retired) without a rating
   or an award of that year is counted nowhere; one who arrived after the year's end is counted. The answer says
   how many members each way gave, and asks for a look when today's staff stood in for a year long past."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Q

from thidua.awards.enums import AwardType, Subject, TaskRating
from thidua.awards.models import AnnualRating, AwardRecord, Discipline
from thidua.orgs.enums import PersonStatus
from thidua.orgs.models import Person

ADVANCED_TITLES = {"ldtt", "cstt", "cstd-cs"}  # the Lao động tiên tiến standard (a CSTĐCS meets it: Law art 23)
COMPLETED = {TaskRating.EXCELLENT, TaskRating.GOOD, TaskRating.COMPLETE}


@dataclass
class UnitYear:
    """A unit's year: its members on 31/12 and what the records say of them; the unit's own rating; and what the
    year's votes said (filled by the caller that reads them: a cluster's vote, a council's choice)."""

    members: int = 0
    complete: int = 0
    incomplete: int = 0
    unrated: list[str] = field(default_factory=list)  # names of members without a rating of the year
    ldtt: int = 0
    cstdcs: int = 0
    disciplined: list[tuple[str, str]] = field(default_factory=list)  # (name, form) of members disciplined in the year
    by_rating: int = 0
    by_award: int = 0
    by_staff: int = 0
    rating: str | None = None
    voted: dict[str, list[str]] = field(default_factory=dict)  # award code → clusters that voted the unit for it
    council: dict[str, list[str]] = field(default_factory=dict)  # award code → councils that chose it among leaders


def _overlaps(d: Discipline, year: int) -> bool:
    return d.start_date <= dt.date(year, 12, 31) and (d.end_date is None or d.end_date >= dt.date(year, 1, 1))


def load_unit_years(unit_ids: Collection[int], years: Collection[int]) -> dict[tuple[int, int], UnitYear]:
    """(unit, year) → UnitYear, in seven queries whatever the number of units."""
    units, years = sorted(set(unit_ids)), sorted(set(years))
    out = {(u, y): UnitYear() for u in units for y in years}
    if not units or not years:
        return out
    # Who may have worked in these units at a year's end: their staff of today, and whoever a rating or an award
    # of the year places there. The last two are read as ids first, then the people by unit or primary key (two
    # index scans): a filter on a subquery let PostgreSQL scan every person of the country (1,7 s at national
    # scale), an OR across subqueries did the same (9,5 s). Sorted here: the database's collation is slower.
    placed = {*AnnualRating.objects.filter(unit_id__any=units, year__in=years, person__isnull=False)
              .values_list("person_id", flat=True),
              *AwardRecord.objects.filter(unit_id__any=units, year__in=years, subject=Subject.INDIVIDUAL)
              .values_list("person_id", flat=True)}
    people = Person.objects.filter(Q(unit_id__any=units) | Q(pk__any=placed)).order_by().values_list(
        "pk", "unit_id", "status", "full_name", "sort_key")
    found = {pk: (unit_id, status, name) for pk, unit_id, status, name, _key in
             sorted(people, key=lambda row: row[4])}
    ids = list(found)  # the people read once; the rows below are theirs (sent as one parameter: core.lookups)
    ratings: dict[tuple[int, int], tuple[str, int | None]] = {
        (p, y): (r, u) for p, y, r, u in AnnualRating.objects.filter(person_id__any=ids, year__in=years)
        .values_list("person_id", "year", "rating", "unit_id")}
    awarded_in: dict[tuple[int, int], int] = {}
    titles: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
    for p, y, u, code, kind in (AwardRecord.objects.filter(person_id__any=ids, year__in=years,
                                                           subject=Subject.INDIVIDUAL)
                                .order_by("decision_date", "id")
                                .values_list("person_id", "year", "unit_id", "award__code", "award_type")):
        awarded_in[(p, y)] = u  # the latest decision of the year wins
        if kind == AwardType.MERIT:
            titles[(p, y)].add(code)
    disciplines = defaultdict(list)
    for d in Discipline.objects.filter(person_id__any=ids, start_date__lte=dt.date(years[-1], 12, 31)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=dt.date(years[0], 1, 1))):
        disciplines[d.person_id].append(d)
    for y in years:
        for pk, (unit_id, status, name) in found.items():
            rating, rated_in = ratings.get((pk, y), (None, None))
            place = _place(unit_id, status, rated_in, awarded_in.get((pk, y)))
            facts = out.get((place[0], y)) if place is not None else None
            if place is None or facts is None:
                continue
            _count(facts, place[1], name, rating, titles.get((pk, y), set()),
                   [d for d in disciplines.get(pk, []) if _overlaps(d, y)])
    for u, y, r in AnnualRating.objects.filter(unit_id__any=units, person__isnull=True, year__in=years).values_list(
            "unit_id", "year", "rating"):
        out[(u, y)].rating = r
    return out


def _place(unit_id: int, status: str, rated_in: int | None, awarded_in: int | None) -> tuple[int, str] | None:
    """Where a person worked at the year's end, and what says so."""
    if rated_in is not None:
        return rated_in, "rating"
    if awarded_in is not None:
        return awarded_in, "award"
    if status == PersonStatus.WORKING:
        return unit_id, "staff"
    return None


def _count(facts: UnitYear, basis: str, name: str, rating: str | None, titles: set[str],
           disciplines: list[Discipline]) -> None:
    facts.members += 1
    setattr(facts, f"by_{basis}", getattr(facts, f"by_{basis}") + 1)
    if rating is None:
        facts.unrated.append(name)
    elif rating in COMPLETED:
        facts.complete += 1
    else:
        facts.incomplete += 1
    facts.ldtt += bool(titles & ADVANCED_TITLES)
    facts.cstdcs += "cstd-cs" in titles
    facts.disciplined.extend((name, d.form) for d in disciplines)
