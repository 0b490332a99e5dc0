"""Reading the award registry: a person's history, a unit's history, and the records a user may list."""

from django.db.models import Q, QuerySet

from thidua.awards.enums import Subject
from thidua.awards.models import AwardRecord
from thidua.clusters.models import Membership

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
