"""The people named in a conference record — its chairs, its secretary and each attending unit's representative —
picked from the people records (orgs.Person) or typed when they are not in them.

A picked person's name, rank and position are copied onto the conference's row as the records knew them on the
conference date, so a later promotion or a new post does not rewrite old minutes. "As the records knew them":
the person's current values, unless the activity log shows them changed after that day — then the value before
the first such change (a past year recorded today gets the rank the person held then, when the change was
entered in the app)."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from thidua.core.models import Activity
from thidua.orgs.models import Person

# The fields copied, by their attribute on the person.
COPIED = ("full_name", "rank", "position")


@dataclass(frozen=True)
class PersonOnDay:
    """What the minutes print about a person picked from the records, as of the conference date."""

    name: str
    rank: str
    position: str


def _log_labels() -> dict[str, str]:
    """The Vietnamese label the activity log names each copied field by (activity.diff) → the field."""
    with translation.override(settings.LANGUAGE_CODE):
        return {str(getattr(Person._meta.get_field(name), "verbose_name", name)): name for name in COPIED}


def people_on(people: Collection[Person], day: dt.date) -> dict[int, PersonOnDay]:
    """person id → name, rank and position on `day`, for all of them in one query of the log."""
    values = {p.pk: {name: getattr(p, name) or "" for name in COPIED} for p in people}
    if not values:
        return {}
    labels = _log_labels()
    after = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    entries = (Activity.objects.filter(scope__in={f"unit:{p.unit_id}" for p in people},
                                       target_type=ContentType.objects.get_for_model(Person),
                                       target_id__in=list(values), action=Activity.Action.UPDATE, at__gte=after)
               .order_by("at", "id").values_list("target_id", "changes"))
    restored: set[tuple[int, str]] = set()
    for target_id, changes in entries:
        person_id = int(target_id or 0)
        for change in changes or []:
            name = labels.get(change.get("field", ""))
            if name is not None and (person_id, name) not in restored:
                restored.add((person_id, name))  # the first change after the day holds the value of the day
                values[person_id][name] = change.get("old", "")
    return {pk: PersonOnDay(v["full_name"], v["rank"], v["position"]) for pk, v in values.items()}


def with_rank(name: str, rank: str) -> str:
    """"Đại tá Nguyễn Văn A": the rank before the name, as police and army papers write it."""
    return f"{rank} {name}".strip() if name else ""
