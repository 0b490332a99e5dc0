"""Changes to people's records: edits with an activity entry, all or nothing."""

from django.db import transaction

from thidua.core import activity
from thidua.core.models import Activity
from thidua.orgs.models import Person


@transaction.atomic
def save_person_changes(person: Person, fields: list[str], actor=None) -> list[dict]:
    """Save an edited person (the form has set the new values on it) and log the fields that changed, old → new,
    on the unit's timeline. The old values are read from the stored row, locked until the save commits."""
    stored = Person.objects.select_for_update().get(pk=person.pk)
    before = activity.snapshot(stored, fields)
    person.save()
    changes = activity.diff(person, before, activity.snapshot(person, fields))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, person, f"unit:{person.unit_id}",
                        summary="Sửa thông tin cá nhân", changes=changes)
    return changes
