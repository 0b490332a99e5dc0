"""The targets a member registered against the criteria of the scale: a quantitative criterion is scored
against the unit's own target.

Registrations belong to the movements app, which sits above scoring (a target is registered against a
criterion of this scale, so movements points at scoring, never the reverse). Movements tells scoring where the
registered values are at start-up (`movements/apps.py` `ready()`), as scoring tells clusters its phase checks."""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

TargetSource = Callable[[object, object], dict[int, Decimal | None]]
_source: TargetSource | None = None


def register_target_source(source: TargetSource) -> None:
    """`source(period, unit)` returns {criterion id: the target value the unit registered for it}."""
    global _source
    _source = source


def registered_targets(period, unit) -> dict[int, Decimal | None]:
    if _source is None:
        raise ImproperlyConfigured("thidua.movements must be installed: it holds the registered targets.")
    return _source(period, unit)
