"""Which units an organiser reaches: the member units of the clusters and blocks it organises.

Clusters sit above orgs and accounts, so the answer is registered at start-up by the clusters app
(`clusters/apps.py` `ready()`), as the phase gate's checks are; orgs and accounts ask through
`units_reached_by()` and never import clusters."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_reach: Callable[[list[int]], QuerySet] | None = None


def register_reach(units_of_organisers: Callable[[list[int]], QuerySet]) -> None:
    """`units_of_organisers(organiser_ids)` returns a query of the unit ids (one column) those organisers reach."""
    global _reach
    _reach = units_of_organisers


def units_reached_by(organiser_ids) -> QuerySet:
    """A subquery of the ids of the units the given organisers reach (usable in `pk__in=`)."""
    if _reach is None:
        raise ImproperlyConfigured("thidua.clusters must be installed: it answers which units an organiser reaches.")
    return _reach(list(organiser_ids))
