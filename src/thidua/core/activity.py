"""Recording changes in the activity log: one call per change, with the old → new value of each field.

The log is a record kept in Vietnamese: field labels and choice labels are written in Vietnamese whatever
language the person making the change reads the interface in."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from thidua.core.formatting import format_date, format_number
from thidua.core.models import Activity


def _text(value) -> str:
    """Numbers as Vietnamese write them (8,5 not 8.50); everything else as text."""
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return format_number(Decimal(str(value)).normalize() if isinstance(value, Decimal) else value)
    return str(value)


def display_value(instance: models.Model, field_name: str) -> str:
    """The value of a field as a person reads it (choice labels, related names, dates d/m/Y), in Vietnamese."""
    with translation.override(settings.LANGUAGE_CODE):
        return _display_value(instance, field_name)


def _display_value(instance: models.Model, field_name: str) -> str:
    field = instance._meta.get_field(field_name)
    if field.choices:
        return str(getattr(instance, f"get_{field_name}_display")())
    value = getattr(instance, field_name)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_date(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def log_language():
    """Write a log entry inside this, when its summary names choices (phases, roles…): they stay Vietnamese."""
    return translation.override(settings.LANGUAGE_CODE)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, str]:
    return {name: display_value(instance, name) for name in fields}


def diff(instance: models.Model, before: dict[str, str], after: dict[str, str]) -> list[dict]:
    """The fields whose displayed value changed, each with its label, old and new value."""
    changes = []
    for name, new in after.items():
        old = before.get(name, "")
        if old != new:
            with translation.override(settings.LANGUAGE_CODE):
                label = str(instance._meta.get_field(name).verbose_name)
            changes.append({"field": label, "old": old, "new": new})
    return changes


def record(actor, action: str, target: models.Model | None, scope: str, summary: str = "",
           changes: list[dict] | None = None, label: str | None = None) -> Activity:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Activity.objects.create(
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=(label or str(target))[:300],
        scope=scope,
        summary=summary[:300],
        changes=[{key: _text(value) for key, value in change.items()} for change in changes or []],
    )
