"""Where a unit created on the "Thêm đơn vị" page goes, so that the organiser's staff who created it still reach
it: an organiser's staff reach the member units of its clusters' years (orgs.domain.reach), so the page may put
the new unit into one of the organiser's years that is not over.

The years are the clusters app's, which sits above orgs: it registers at start-up (`clusters/apps.py`
`ready()`) the years a user may put a new unit into and the function that adds it, as it registers the reach."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class _Placement:
    # (user, a year named by the page's link or None) → [(year id, "Khối … — năm 2025"), …]
    choices: Callable[[object, int | None], list[tuple[int, str]]]
    # (unit, year id, actor): adds the unit to the year as a member, logged, inside the caller's transaction
    place: Callable[[object, int, object], None]


_placement: _Placement | None = None


def register_placement(choices: Callable[[object, int | None], list[tuple[int, str]]],
                       place: Callable[[object, int, object], None]) -> None:
    global _placement
    _placement = _Placement(choices, place)


def _registered() -> _Placement:
    if _placement is None:
        raise ImproperlyConfigured("thidua.clusters must be installed: it answers which years a new unit may join.")
    return _placement


def placement_choices(user, named_period: int | None = None) -> list[tuple[int, str]]:
    """The years (not over) the user may put a new unit into: its organisers' for their staff; the system
    administrator, who reaches every unit anyway, gets the year named by the link only."""
    return _registered().choices(user, named_period)


def place_unit(unit, period_id: int, actor=None) -> None:
    _registered().place(unit, period_id, actor)
