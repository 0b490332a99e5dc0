"""Whose province: the provinces (organisers of kind province) whose emulation administrator a user is."""

from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser


def province_organiser_ids(user) -> set[int]:
    """The province organisers the user is staff of (organiser staff role): they keep what the law leaves to the
    province. Read once per request object (kept on the user)."""
    if not user.is_authenticated or not user.organiser_ids:
        return set()
    cached: set[int] | None = getattr(user, "_province_organisers", None)
    if cached is None:
        cached = set(Organiser.objects.filter(pk__in=user.organiser_ids, kind=OrganiserKind.PROVINCE)
                     .values_list("pk", flat=True))
        user._province_organisers = cached
    return cached


def province_organisers(user):
    """The province organisers a user may choose in a form of delegated law: all of them for the system
    administrator, the user's own otherwise."""
    provinces = Organiser.objects.filter(kind=OrganiserKind.PROVINCE).order_by("sort_key")
    if user.is_system_admin:
        return provinces
    return provinces.filter(pk__in=province_organiser_ids(user))
