"""Stored sort keys recomputed after `core.text.sort_key` changed, for the data migration of each app that keeps
named records (orgs, clusters, movements, awards: each for its own tables).

Numbers sort by value since issue 12 ("Cụm số 2" before "Cụm số 10"): only the keys of names holding a digit
changed, so only those rows are read (one pass over the table, in chunks of primary keys) and rewritten."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from thidua.core import text

DIGITS = "0123456789"


def with_digits(field: str) -> Q:
    """Rows whose `field` holds a digit."""
    return reduce(or_, (Q(**{f"{field}__contains": digit}) for digit in DIGITS))


def recompute_sort_keys(model, field: str, chunk: int = 5000) -> int:
    """Rewrite the `sort_key` of every row of `model` (a historical model of a migration) whose key is not
    `text.sort_key(<field>)` any more, among the rows whose `field` holds a digit. Returns the rows rewritten."""
    text.sort_key.cache_clear()
    rows_with_digits = model._default_manager.filter(with_digits(field)).order_by("pk")
    last, rewritten = None, 0
    while True:
        page = rows_with_digits if last is None else rows_with_digits.filter(pk__gt=last)
        rows = list(page.values_list("pk", field, "sort_key")[:chunk])
        if not rows:
            return rewritten
        changed = [model(pk=pk, sort_key=text.sort_key(name)) for pk, name, key in rows if text.sort_key(name) != key]
        model._default_manager.bulk_update(changed, ["sort_key"], batch_size=1000)
        rewritten += len(changed)
        last = rows[-1][0]
