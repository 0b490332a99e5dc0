"""Who sees which people and units."""

from django.db.models import Q, QuerySet

from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.models import Person, Unit


def manageable_unit_ids_query(user):
    """Units whose data the user may change: its own units as officer, and the members of the clusters its
    organiser runs. Returns a subquery (or None for an admin, who may change every unit)."""
    if user.is_system_admin:
        return None
    condition = Q(pk__in=user.officer_unit_ids)
    if user.organiser_ids:
        condition |= Q(pk__in=units_reached_by(user.organiser_ids))
    return Unit.objects.filter(condition).values("pk")


def people_visible_to(user) -> QuerySet:
    people = Person.objects.select_related("unit")
    if user.is_system_admin:
        return people
    condition = Q(unit_id__in=user.unit_ids)
    if user.organiser_ids:
        condition |= Q(unit_id__in=units_reached_by(user.organiser_ids))
    return people.filter(condition)


def units_user_can_change(user) -> QuerySet:
    subquery = manageable_unit_ids_query(user)
    units = Unit.objects.all()
    return units if subquery is None else units.filter(pk__in=subquery)
