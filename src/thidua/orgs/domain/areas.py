"""Provinces through the merger of 1/7/2025.

Nghị quyết 202/2025/QH15 of the National Assembly (passed 12/6/2025) on arranging the provincial-level
administrative units brought the 63 provinces and centrally-run cities down to 34 from 1/7/2025 (28 provinces
and 6 cities; docs rules.md §1, "2025 structural changes", [V S14]). The reference data (orgs/data/areas.py)
keeps each province that merged, the absorbing ones included, as a record ending on 30/6/2025 that points
(`successor`) to the province it became, a new record from 1/7/2025; the 11 unchanged provinces are one record
valid throughout.

What was recorded under an old province keeps its name (history is written as decided); what the pages add is
the province it is now, and what a filter by a province in force finds is its own records and those of the
provinces merged into it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.orgs.enums import AreaKind
from thidua.orgs.models import Area

MERGER_RESOLUTION = "Nghị quyết 202/2025/QH15"  # of 12/6/2025, in force 1/7/2025


def _replaced_on(area: Area, day: dt.date) -> bool:
    """Whether the area had been merged into its successor by `day`: it ended before that day."""
    return area.successor_id is not None and area.valid_to is not None and area.valid_to < day


def province_it_became(area: Area, on: dt.date | None = None) -> Area:
    """The province an area is part of on a day (today by default), following its successor links
    (Nghị quyết 202/2025/QH15, in force 1/7/2025): Hà Giang is itself on 30/6/2025 and the new Tuyên Quang from
    1/7/2025; an area never merged (or not yet on that day) is itself.

    Reads `area.successor`: load it with the area (select_related("area__successor")) and a list needs no
    query per row; a further step, which the reference data does not have, would cost one query."""
    day = on or dt.date.today()
    seen = {area.pk}
    while _replaced_on(area, day):
        successor = area.successor
        if successor is None or successor.pk in seen:  # a loop typed in by hand: stop where it closes
            break
        seen.add(successor.pk)
        area = successor
    return area


def areas_merged_into(area: Area | int, on: dt.date | None = None) -> list[int]:
    """The inverse of province_it_became: the ids of every area that had become part of `area` by a day (today
    by default), the area itself first (Nghị quyết 202/2025/QH15, in force 1/7/2025). For the new Tuyên Quang
    from 1/7/2025: itself, the old Tuyên Quang and Hà Giang; on 30/6/2025, or for an unchanged or a former
    province, the area alone. One query over the merged areas (52 rows), however many steps the links take;
    a list filters by the result as `area_id IN (…)`, an indexed lookup."""
    day = on or dt.date.today()
    target = area.pk if isinstance(area, Area) else area
    merged_from: defaultdict[int, list[int]] = defaultdict(list)
    links = Area.objects.filter(successor__isnull=False, valid_to__lt=day).values_list("pk", "successor_id")
    for pk, successor_id in links:
        merged_from[successor_id].append(pk)
    found, todo = [target], [target]
    while todo:
        for pk in merged_from.get(todo.pop(), []):
            if pk not in found:
                found.append(pk)
                todo.append(pk)
    return found


def called(area: Area) -> str:
    """The area with its kind, as a text names it: "tỉnh Tuyên Quang", "thành phố Hải Phòng", "Thành phố Hồ Chí
    Minh" (whose recorded name already says so)."""
    if area.name.lower().startswith(("tỉnh ", "thành phố ")):
        return area.name
    if area.kind == AreaKind.CITY:
        return _("thành phố %(name)s") % {"name": area.name}
    return _("tỉnh %(name)s") % {"name": area.name}


def name_with_successor(area: Area, on: dt.date | None = None) -> str:
    """The area's recorded name, with the province it became when it merged by that day (today by default):
    "Hà Giang (nay là tỉnh Tuyên Quang)"; "Tuyên Quang (cũ)" when the new province kept the name; the name alone
    for a province in force. The old name stays first: history keeps it."""
    became = province_it_became(area, on)
    if became.pk == area.pk:
        return area.name
    if became.name == area.name:
        return _("%(name)s (cũ)") % {"name": area.name}
    return _("%(name)s (nay là %(province)s)") % {"name": area.name, "province": called(became)}


def province_choices(rows: QuerySet, on: dt.date | None = None, every_current: bool = False) -> QuerySet:
    """The provinces a list of `rows` (records with an `area`: clusters, units) can be filtered by: first those in
    force on the day (today by default) that have rows of their own or of a province merged into them (every
    one of them when `every_current`), then the former provinces that have rows of their own, each group by
    name. One query; each carries its successor for its label (name_with_successor)."""
    day = on or dt.date.today()
    in_force = ((Q(valid_from__isnull=True) | Q(valid_from__lte=day))
                & (Q(valid_to__isnull=True) | Q(valid_to__gte=day)))
    own = Exists(rows.filter(area_id=OuterRef("pk")))
    if every_current:
        wanted = in_force | own
    else:
        merged = Exists(rows.filter(area__successor_id=OuterRef("pk"), area__valid_to__lt=day))
        wanted = (in_force & (own | merged)) | (~in_force & own)
    return (Area.objects.filter(wanted).select_related("successor")
            .order_by(F("valid_to").desc(nulls_first=True), "sort_key"))
