"""Reading the award registry: a person's history, a unit's history, the records a user may list, and who has held
a title for N consecutive years."""

import datetime as dt

from django.db.models import Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from thidua.awards.enums import AwardType, Subject
from thidua.awards.models import Award, AwardRecord, Discipline
from thidua.clusters.models import Membership
from thidua.core.search import apply_search
from thidua.orgs.domain.queries import people_visible_to
from thidua.orgs.models import Unit

RECORD_FIELDS = ("award", "unit", "rule_set")


def person_history(person) -> QuerySet:
    """Every award a person received, newest achievement year first, as the decisions wrote them (names,
    authority, number, date), whichever unit the person worked in then. One indexed query (person, year)."""
    return (AwardRecord.objects.filter(person_id=person.pk).select_related(*RECORD_FIELDS)
            .order_by("-year", "-decision_date", "-id"))


def unit_history(unit) -> QuerySet:
    """Awards to the unit as a collective (and households it lists), newest first."""
    return (AwardRecord.objects.filter(unit_id=unit.pk).exclude(subject=Subject.INDIVIDUAL)
            .select_related(*RECORD_FIELDS).order_by("-year", "-decision_date", "-id"))


def records_visible_to(user) -> QuerySet:
    """The registry a user may list: awards to collectives and households for every logged-in user; awards to
    individuals only for the people the user may see (its own units; the member units of the clusters its
    organiser runs; everything for an administrator) — the same reach as `orgs.view_person`."""
    records = AwardRecord.objects.all()
    if user.is_system_admin:
        return records
    condition = ~Q(subject=Subject.INDIVIDUAL) | Q(unit_id__in=user.unit_ids)
    if user.organiser_ids:
        condition |= Q(unit_id__in=Membership.objects.filter(
            period__cluster__organiser_id__in=user.organiser_ids).values("unit_id"))
    return records.filter(condition)


def consecutive_runs(award: Award, count: int, last_year: int, holders: QuerySet,
                     today: dt.date | None = None) -> QuerySet:
    """Who has held a title in each of the `count` years ending in `last_year` (the list an officer starts every
    proposal for a higher award from). `holders` are the people (individual titles) or the units (collective
    titles) to look at, already scoped to what the user may see and filtered.

    The same counting as `eligibility.consecutive_titles`, written as one query: only công trạng records count
    (Decree 152 art 4; Law art 5); a year without the title breaks the run; a holder's years up to the end of
    their latest discipline do not count (the run starts the year after, `AwardHistory.counting_from`); as in
    eligibility, a unit's disciplines are those naming no person. The run ends in `last_year` and may have started
    before the window: `run_from` is its first year, `run_length` its length (≥ `count`). `under_discipline` flags
    a discipline running today (no proposal while it runs; eligibility checks it on the proposal's day).

    One row per holder (dicts: holder, name, sort_key, unit_pk, unit_name, unit_sort_key, run_from, run_length,
    under_discipline); one query for a page, one for the total, whatever the number of holders."""
    individual = Subject.INDIVIDUAL in award.subjects
    key = "person_id" if individual else "unit_id"
    merit = AwardRecord.objects.filter(award=award, award_type=AwardType.MERIT,
                                       subject=Subject.INDIVIDUAL if individual else Subject.COLLECTIVE)
    # a year starts an island of consecutive years when the year before holds no record of the title
    previous = merit.filter(**{key: OuterRef(key)}, year=OuterRef("year") - 1)
    names = ({"holder": F("person_id"), "name": F("person__full_name"), "sort_key": F("person__sort_key"),
              "unit_pk": F("person__unit_id"), "unit_name": F("person__unit__name"),
              "unit_sort_key": F("person__unit__sort_key")} if individual else
             {"holder": F("unit_id"), "name": F("unit__name"), "sort_key": F("unit__sort_key"),
              "unit_pk": F("unit_id"), "unit_name": F("unit__name"), "unit_sort_key": F("unit__sort_key")})
    rows = (merit.filter(year__lte=last_year, **{f"{key}__in": holders.values("pk")}).values(**names)
            .annotate(last=Max("year"), island=Max("year", filter=~Exists(previous))))
    today = today or dt.date.today()
    disciplines = (Discipline.objects.filter(person_id=OuterRef("holder")) if individual else
                   Discipline.objects.filter(unit_id=OuterRef("holder"), person__isnull=True))
    ended = disciplines.filter(end_date__isnull=False).order_by("-end_date").values("end_date__year")[:1]
    floor = Coalesce(Subquery(ended, output_field=IntegerField()) + 1, Value(1))
    running = Exists(disciplines.filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today))
    return (rows.annotate(run_from=Greatest(F("island"), floor, output_field=IntegerField()))
            .filter(last=last_year, run_from__lte=last_year - count + 1)
            .annotate(run_length=Value(last_year + 1) - F("run_from"), under_discipline=running))


def consecutive_list(user, award: Award, count: int, last_year: int, *, name: str = "", unit_name: str = "",
                     unit_id: int | None = None, cluster=None) -> QuerySet:
    """`consecutive_runs` over what the user may see: for individual titles the people of `people_visible_to`
    (their whole history counts, whichever unit they worked in, as on their history page), for collective titles
    every unit (awards to collectives are open to every logged-in user). Filters: the holder's name, the unit's
    name or id (a person's current unit), the units that are members of a cluster in `last_year`."""
    individual = Subject.INDIVIDUAL in award.subjects
    holders = people_visible_to(user) if individual else Unit.objects.all()
    unit_field = "unit_id" if individual else "pk"
    if name:
        holders = apply_search(holders, name)
    if unit_name:
        holders = holders.filter(**{f"{unit_field}__in": apply_search(Unit.objects.all(), unit_name).values("pk")})
    if unit_id:
        holders = holders.filter(**{unit_field: unit_id})
    if cluster is not None:  # a cluster, or a queryset of clusters (the members of any of them)
        clusters = cluster if isinstance(cluster, QuerySet) else [cluster]
        members = Membership.objects.filter(period__cluster__in=clusters, period__year=last_year).values("unit_id")
        holders = holders.filter(**{f"{unit_field}__in": members})
    return consecutive_runs(award, count, last_year, holders)
