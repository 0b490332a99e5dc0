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


def own_units(user, field: str = "pk") -> Q | None:
    """The condition on `field` (a unit's id) of the user's own units, listed first: the units the user works
    for and those its organiser's clusters reach. None when the user has none."""
    condition = Q(**{f"{field}__in": sorted(user.unit_ids)}) if user.unit_ids else None
    if user.organiser_ids:
        reached = Q(**{f"{field}__in": units_reached_by(user.organiser_ids)})
        condition = reached if condition is None else condition | reached
    return condition


def own_people(user) -> Q | None:
    """The condition of the people of the user's own units, listed first — only where it picks some of the
    people the user sees: the system administrator sees everyone; for anyone else the people seen are those of
    their own units already, unless they work for a unit and an organiser both (then the unit's come first)."""
    if user.is_system_admin:
        return own_units(user, "unit_id")
    if user.unit_ids and user.organiser_ids:
        return Q(unit_id__in=sorted(user.unit_ids))
    return None


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
