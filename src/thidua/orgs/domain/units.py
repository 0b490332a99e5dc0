"""Changes to units: edits with an activity entry, renames that keep the dated name history, successions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import activity, text, versions
from thidua.core.models import Activity
from thidua.orgs.domain import placement
from thidua.orgs.enums import SuccessionKind
from thidua.orgs.models import Unit, UnitName, UnitSuccession

EDITABLE_FIELDS = ["name", "short_name", "doc_abbreviation", "kind", "sector", "parent", "parent_outside", "area",
                   "address", "phone", "email"]


def version(unit: Unit) -> str:
    """The version of a unit's record as its edit page carries it (core.versions)."""
    return versions.token(unit, f"unit:{unit.pk}", versions.field_values(unit, EDITABLE_FIELDS))


@transaction.atomic
def save_unit_changes(unit: Unit, before: dict | None = None, actor=None, on_date: dt.date | None = None,
                      loaded_version: str | None = None) -> list[dict]:
    """Save an edited unit (the form has set the new values on it); a new name opens a new dated entry in its name
    history; the fields that changed are logged, old → new. `before`: the old values as activity.snapshot gives
    them; by default read from the stored row, locked until the save commits. `loaded_version`: the version the
    edit page was loaded with; refused (core.versions.StaleVersion) when the stored record is newer."""
    stored = Unit.objects.select_for_update().get(pk=unit.pk)
    versions.check(stored, f"unit:{unit.pk}", versions.field_values(stored, EDITABLE_FIELDS), loaded_version)
    if before is None:
        before = activity.snapshot(stored, EDITABLE_FIELDS)
    old_name = before.get("name")
    unit.save()
    changes = activity.diff(unit, before, activity.snapshot(unit, EDITABLE_FIELDS))
    if old_name is not None and old_name != unit.name:
        day = on_date or dt.date.today()
        unit.names.filter(valid_to__isnull=True).update(valid_to=day - dt.timedelta(days=1))
        UnitName.objects.create(unit=unit, name=unit.name, short_name=unit.short_name, valid_from=day)
    if changes:
        activity.record(actor, Activity.Action.UPDATE, unit, f"unit:{unit.pk}", summary="Sửa thông tin đơn vị",
                        changes=changes)
    return changes


@transaction.atomic
def record_succession(predecessor: Unit, successor: Unit, kind: str, on_date: dt.date, decision_ref: str = "",
                      actor=None) -> UnitSuccession:
    """A unit merged into, split into or renamed to another from a date; the predecessor stops the day before."""
    if predecessor.pk == successor.pk:
        raise ValidationError(_("Đơn vị trước và đơn vị sau phải khác nhau."))
    link = UnitSuccession.objects.create(predecessor=predecessor, successor=successor, kind=kind, on_date=on_date,
                                         decision_ref=decision_ref)
    if kind in (SuccessionKind.MERGE, SuccessionKind.RENAME) and predecessor.valid_to is None:
        predecessor.valid_to = on_date - dt.timedelta(days=1)
        predecessor.save(update_fields=["valid_to"])
        predecessor.names.filter(valid_to__isnull=True).update(valid_to=predecessor.valid_to)
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, predecessor, f"unit:{predecessor.pk}",
                        summary=f"{SuccessionKind(kind).label}: {predecessor} → {successor} từ {on_date:%d/%m/%Y}")
    return link


@transaction.atomic
def create_unit(unit: Unit, actor=None, period_id: int | None = None) -> Unit:
    """Record one new unit (the form has set its values): its code from its name when none is typed, its first
    dated name, the log entry; and, when a year is chosen, its membership of that year (orgs.domain.placement),
    all or nothing."""
    if unit.code and Unit.objects.filter(code__iexact=unit.code).exists():
        raise ValidationError({"code": _("Đã có đơn vị mang mã này: hãy ghi mã khác hoặc để trống.")})
    if not unit.code:
        unit.code = text.new_code(unit.name, lambda code: Unit.objects.filter(code__iexact=code).exists())
    unit.save()
    UnitName.objects.create(unit=unit, name=unit.name, short_name=unit.short_name, valid_from=unit.valid_from)
    activity.record(actor, Activity.Action.CREATE, unit, f"unit:{unit.pk}", summary=f"Thêm đơn vị: {unit.name}")
    if period_id is not None:
        placement.place_unit(unit, period_id, actor)
    return unit
