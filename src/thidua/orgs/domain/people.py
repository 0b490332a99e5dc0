"""Changes to people's records: new people and edits, each with an activity entry, all or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import activity, versions
from thidua.core.models import Activity
from thidua.orgs.models import Person


def check_staff_code(person: Person) -> None:
    """A staff code is unique within its unit (the database says so too; here the officer reads why)."""
    if not person.staff_code:
        return
    other = (Person.objects.filter(unit_id=person.unit_id, staff_code=person.staff_code).exclude(pk=person.pk)
             .values_list("full_name", flat=True).first())
    if other is not None:
        raise ValidationError({"staff_code": _("Đơn vị đã có cá nhân mang mã cán bộ “%(code)s” (%(name)s).")
                                             % {"code": person.staff_code, "name": other}})


@transaction.atomic
def create_person(person: Person, fields: list[str], actor=None) -> Person:
    """Record a new person of a unit (the form has set the values and the unit) and log it on the unit's
    timeline with the values given."""
    check_staff_code(person)
    person.save()
    changes = activity.diff(person, {}, {name: value for name, value in activity.snapshot(person, fields).items()
                                         if value})
    activity.record(actor, Activity.Action.CREATE, person, f"unit:{person.unit_id}",
                    summary=f"Thêm cá nhân: {person.full_name}", changes=changes)
    return person


def version(person: Person, fields: list[str]) -> str:
    """The version of a person's record as its edit page (writing `fields`) carries it (core.versions)."""
    return versions.token(person, f"unit:{person.unit_id}", versions.field_values(person, fields))


@transaction.atomic
def save_person_changes(person: Person, fields: list[str], actor=None, loaded_version: str | None = None) -> list[dict]:
    """Save an edited person (the form has set the new values on it) and log the fields that changed, old → new,
    on the unit's timeline. The old values are read from the stored row, locked until the save commits.
    `loaded_version`: the version the edit page was loaded with; refused (core.versions.StaleVersion) when the
    stored record is newer."""
    stored = Person.objects.select_for_update().get(pk=person.pk)
    versions.check(stored, f"unit:{stored.unit_id}", versions.field_values(stored, fields), loaded_version)
    check_staff_code(person)
    before = activity.snapshot(stored, fields)
    person.save()
    changes = activity.diff(person, before, activity.snapshot(person, fields))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, person, f"unit:{person.unit_id}",
                        summary="Sửa thông tin cá nhân", changes=changes)
    return changes
