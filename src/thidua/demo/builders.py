"""Small builders the demo and the tests share: get-or-create reference records by code, people in bulk."""

import datetime as dt
import random

from django.utils import timezone

from thidua.clusters.models import Cluster
from thidua.core import text
from thidua.demo import names
from thidua.orgs.models import Area, Organiser, Person, Sector, Unit, UnitName


def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A scenario's day at a time of day, in the project's time zone: what the demo passes as `at` to the domain
    functions, so that a lock, a signature or a count of 2023 carries its 2023 day, not the day the demo loaded."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def area(code: str) -> Area:
    return Area.objects.get(code=code)


def sector(code: str) -> Sector:
    return Sector.objects.get(code=code)


def unit(code: str, name: str, short_name: str = "", *, kind: str = "agency", sector_code: str | None = None,
         area_code: str | None = None, parent_outside: str = "", valid_from: dt.date | None = None,
         valid_to: dt.date | None = None, doc_abbreviation: str = "") -> Unit:
    obj, created = Unit.objects.get_or_create(code=code, defaults={
        "name": name, "short_name": short_name, "kind": kind, "doc_abbreviation": doc_abbreviation,
        "sector": sector(sector_code) if sector_code else None,
        "area": area(area_code) if area_code else None,
        "parent_outside": parent_outside, "valid_from": valid_from, "valid_to": valid_to,
    })
    if created:
        UnitName.objects.create(unit=obj, name=name, short_name=short_name, valid_from=valid_from, valid_to=valid_to)
    return obj


def organiser(code: str, name: str, kind: str, *, short_name: str = "", area_code: str | None = None,
              sector_code: str | None = None, council_name: str = "", doc_abbreviation: str = "") -> Organiser:
    obj, _ = Organiser.objects.get_or_create(code=code, defaults={
        "name": name, "short_name": short_name, "kind": kind, "council_name": council_name,
        "doc_abbreviation": doc_abbreviation,
        "area": area(area_code) if area_code else None, "sector": sector(sector_code) if sector_code else None,
    })
    return obj


def cluster(code: str, name: str, organiser_obj: Organiser, *, kind: str = "cum", short_name: str = "",
            area_code: str | None = None, regulation_doc: str = "", description: str = "") -> Cluster:
    obj, _ = Cluster.objects.get_or_create(code=code, defaults={
        "name": name, "short_name": short_name, "kind": kind, "organiser": organiser_obj,
        "area": area(area_code) if area_code else None, "regulation_doc": regulation_doc,
        "description": description,
    })
    return obj


def people_rows(unit_obj: Unit, count: int, rng: random.Random, start: int = 0) -> list[Person]:
    """`count` generated people for a unit, unsaved, with their search and sort keys filled; staff codes numbered
    after `start` (the unit's people already there, so that loading the demo again adds none twice)."""
    rows = []
    for i in range(count):
        full_name, gender = names.person_name(rng)
        position, category = names.position(rng)
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 36))
        rows.append(Person(
            full_name=full_name, gender=gender, birth_date=birth, unit=unit_obj, position=position,
            category=category, staff_code=f"{unit_obj.pk:05d}-{start + i + 1:05d}",
            search_text=text.search_text(full_name), sort_key=text.sort_key(full_name),
        ))
    return rows


def person(unit_obj: Unit, full_name: str, gender: str, position: str, category: str = "leader") -> Person:
    obj, _ = Person.objects.get_or_create(unit=unit_obj, full_name=full_name, defaults={
        "gender": gender, "position": position, "category": category,
    })
    return obj
