"""Recording changes in the activity log: one call per change, with the old → new value of each field.

The log is a record kept in Vietnamese: field labels and choice labels are written in Vietnamese whatever
language the person making the change reads the interface in."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

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
           changes: list[dict] | None = None, label: str | None = None, at: dt.datetime | None = None) -> Activity:
    """One entry of the log. `at`: when the change happened, if not now — the demo replays a scenario's year on
    the days the report gives, and a lock of 2023 is logged in 2023 (a domain function passes its own `at` on)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Activity.objects.create(
        at=at or timezone.now(),
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=(label or str(target))[:300],
        scope=scope,
        summary=summary[:300],
        changes=[{key: _text(value) for key, value in change.items()} for change in changes or []],
    )


# -- who sees which entries of a timeline ----------------------------------------------------------------------
# A timeline (a cluster's, a unit's) gathers entries about many objects: score sheets with their points, people
# with their birth dates, proposals. An entry shows only to someone who may see the object it is about. Each app
# declares, at start-up in its rules.py, the permission that lets a user see an object of each model it logs
# (`register_target_view`); core names no app. An entry about a model nobody declared is shown to nobody but
# the system administrator, so a new kind of entry is private until its app says who sees it.

@dataclass(frozen=True)
class _TargetView:
    perm: str
    subject: str  # the path from the logged object to the object the permission is asked of ("" = itself)
    related: tuple[str, ...]  # what the permission reads of the subject, loaded with the objects


_target_views: dict[str, _TargetView] = {}


def register_target_view(model_label: str, perm: str, subject: str = "", related: tuple[str, ...] = ()) -> None:
    """Entries about objects of `model_label` ("scoring.scoresheet") show to users with `perm` on the object, or
    on the object reached by `subject` ("period": the permission is asked of `obj.period`); `related` names what
    the permission's predicates read (select_related paths from the logged object)."""
    _target_views[model_label.lower()] = _TargetView(perm, subject, tuple(related))


def target_view(model_label: str) -> tuple[str, str] | None:
    """The permission (and subject path) declared for entries about `model_label`, or None."""
    view = _target_views.get(model_label.lower())
    return (view.perm, view.subject) if view is not None else None


def _subject(obj: models.Model, path: str):
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name)
    return obj


def _visible_ids(user, content_type: ContentType, ids: set[int]) -> list[int]:
    view = _target_views.get(f"{content_type.app_label}.{content_type.model}")
    model = content_type.model_class()
    if view is None or model is None:
        return []
    objects = model._base_manager.all()
    related = [path for path in (view.subject, *view.related) if path]
    if related:
        objects = objects.select_related(*related)
    answers: dict[tuple[str, int], bool] = {}
    visible = []
    for pk, obj in objects.in_bulk(list(ids)).items():
        subject = _subject(obj, view.subject)
        key = (view.perm, subject.pk)
        if key not in answers:
            answers[key] = user.has_perm(view.perm, subject)
        if answers[key]:
            visible.append(pk)
    return visible


def visible_entries(user, entries: QuerySet, *, untargeted: bool = False) -> QuerySet:
    """The entries of `entries` the user may see: those about an object the user may see (declared by its app
    through register_target_view), and with `untargeted` the entries about no object (a file imported into a
    unit). The system administrator sees every entry. One query for the objects named, one per model, then each
    object's permission once; the answer is a query, so a timeline still pages in the database."""
    if getattr(user, "is_system_admin", False):
        return entries
    ids_by_type: dict[int, set[int]] = {}
    for type_id, target_id in entries.order_by().values_list("target_type_id", "target_id").distinct():
        if type_id is not None and target_id is not None:
            ids_by_type.setdefault(type_id, set()).add(target_id)
    allowed = Q(pk__in=[])
    for type_id, ids in ids_by_type.items():
        visible = _visible_ids(user, ContentType.objects.get_for_id(type_id), ids)
        if visible:
            allowed |= Q(target_type_id=type_id, target_id__in=visible)
    if untargeted:
        allowed |= Q(target_type__isnull=True)
    return entries.filter(allowed)
