"""The layers of pyproject.toml's import-linter contract hold for foreign keys too.

import-linter sees imports only; a relation named by string ("scoring.Criterion") is invisible to it. This
walks every relation of every model of the project and fails on one that points up, or sideways between
siblings of one layer, against the declared order."""

import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def declared_layers() -> dict[str, tuple[int, int]]:
    """app label → (layer index from the top, position among its siblings)."""
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")["layers"]
    out = {}
    for depth, layer in enumerate(layers):
        for position, module in enumerate(part.strip() for part in layer.split("|")):
            out[module.removeprefix("thidua.")] = (depth, position)
    return out


def relation_problems(layers: dict[str, tuple[int, int]]) -> list[str]:
    user_model = settings.AUTH_USER_MODEL.lower()
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("thidua."):
            continue
        source = model._meta.app_label
        if source not in layers:
            problems.append(f"{model._meta.label}: app {source} has no layer in pyproject.toml")
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target_model = field.related_model
            target = target_model._meta.app_label
            # Every layer may point at the user model, as Django intends (settings.AUTH_USER_MODEL), and at
            # Django's own models (content types).
            if target_model._meta.label_lower == user_model or not target_model.__module__.startswith("thidua."):
                continue
            if target == source:
                continue
            if target not in layers:
                problems.append(f"{model._meta.label}.{field.name} → {target_model._meta.label}: no layer")
            elif layers[target][0] <= layers[source][0]:
                direction = "sideways" if layers[target][0] == layers[source][0] else "up"
                problems.append(f"{model._meta.label}.{field.name} → {target_model._meta.label} points {direction}")
    return problems


def test_every_app_has_a_layer():
    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("thidua.")}
    assert ours - set(declared_layers()) == set()


def test_relations_point_down():
    assert relation_problems(declared_layers()) == []


@pytest.mark.parametrize("order, expected", [
    # The same walk catches an upward and a sideways relation when the declared order says so.
    (["thidua.orgs", "thidua.accounts"], "points up"),
    (["thidua.accounts | thidua.orgs"], "points sideways"),
])
def test_walk_catches_a_wrong_direction(order, expected):
    layers = {module.strip().removeprefix("thidua."): (depth, position)
              for depth, layer in enumerate(order) for position, module in enumerate(layer.split("|"))}
    # accounts.RoleAssignment points at orgs.Unit: under these orders that relation is wrong.
    assert any(expected in problem and "RoleAssignment.unit" in problem for problem in relation_problems(layers))
