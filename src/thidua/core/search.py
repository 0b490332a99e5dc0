"""Accent-insensitive search over a model's `search_text`: every word of the query must appear.

Small tables (units, clusters, organisers) are filtered directly with one `LIKE '%word%'` per word. A table
of millions of rows whose names repeat (people) registers an index of its distinct names
(`register_name_index`; orgs.PersonName, kept filled by triggers, see thidua/orgs/name_index.py); the search
then finds the matching names first and narrows the big table by their sort keys:

- at most NAME_INDEX_CAP matching names: `sort_key IN (…)`. The sort-key index returns those rows already in
  order, so a page costs a few index reads whether the name is rare or "Nguyễn Văn …";
- more names than that (a single common word such as "nguyen"): the words are checked row by row between the
  first and the last matching sort key, a range that such a broad query fills densely.

Either way the result is exactly the rows whose search text contains every word, on SQLite and PostgreSQL."""

from django.db import models
from django.db.models import QuerySet

from thidua.core.text import search_terms

MAX_TERMS = 8
NAME_INDEX_CAP = 400

_name_indexes: dict[type[models.Model], type[models.Model]] = {}


def register_name_index(model: type[models.Model], index_model: type[models.Model]) -> None:
    """Search `model` through `index_model`, a table of its distinct (sort_key, search_text) pairs."""
    _name_indexes[model] = index_model


def _contains_every(queryset: QuerySet, terms: list[str], field: str) -> QuerySet:
    for term in terms:
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def apply_search(queryset: QuerySet, query: str | None, field: str = "search_text") -> QuerySet:
    terms = search_terms(query or "")[:MAX_TERMS]
    if not terms:
        return queryset
    index_model = _name_indexes.get(queryset.model) if field == "search_text" else None
    if index_model is None:
        return _contains_every(queryset, terms, field)
    return _search_through_names(queryset, terms, index_model)


def _search_through_names(queryset: QuerySet, terms: list[str], index_model: type[models.Model]) -> QuerySet:
    names = _contains_every(index_model.objects.all(), terms, "search_text")
    first = list(names.order_by("sort_key", "search_text").values_list("sort_key", flat=True)[:NAME_INDEX_CAP + 1])
    if not first:
        return queryset.none()
    if len(first) <= NAME_INDEX_CAP:
        keys = list(dict.fromkeys(first))
        queryset = queryset.filter(sort_key__in=keys)
        # A sort key can be shared by names that differ only in punctuation ("H'Mai", "H Mai"); if one of
        # them does not match, check the words on the rows as well.
        if index_model.objects.filter(sort_key__in=keys).count() > len(first):
            queryset = _contains_every(queryset, terms, "search_text")
        return queryset
    last = names.order_by("-sort_key").values_list("sort_key", flat=True)[0]
    return _contains_every(queryset.filter(sort_key__gte=first[0], sort_key__lte=last), terms, "search_text")
