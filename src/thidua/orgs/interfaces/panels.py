"""Sections that higher apps add to a unit's page (the clusters app adds the years it led and the clusters it
belongs to). Orgs sits below them and cannot import them, so each registers its panel at start-up in its
`apps.py` `ready()`: a template and a function that gives the template its data for one unit."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitPanel:
    template: str
    data: Callable[[object], dict]


_panels: list[UnitPanel] = []


def register_unit_panel(template: str, data: Callable[[object], dict]) -> None:
    if not any(panel.template == template for panel in _panels):
        _panels.append(UnitPanel(template, data))


def unit_panels(unit) -> list[dict]:
    """[{"template": …, "data": {…}}] in the order the apps registered them."""
    return [{"template": panel.template, "data": panel.data(unit)} for panel in _panels]
