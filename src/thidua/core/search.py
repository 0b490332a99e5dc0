"""Accent-insensitive search over a model's `search_text`: every word of the query must appear.

Small tables (units, clusters, organisers) are filtered directly with one `LIKE '%word%'` per word. A table
of millions of rows whose names repeat registers an index of its distinct names (`register_name_index`; kept
filled by triggers, see thidua/core/name_index.py); the search then finds the matching names first and narrows
the big table by them:

- people (orgs.PersonName, keyed by sort key): at most NAME_INDEX_CAP matching names: `sort_key IN (…)`. The
  sort-key index returns those rows already in order, so a page costs a few index reads whether the name is
  rare or "Nguyễn Văn …"; more names than that (a single common word such as "nguyen"): the words are checked
  row by row between the first and the last matching sort key, a range that such a broad query fills densely;
- award records (awards.AwardRecordName, keyed by the search text itself): at most NAME_INDEX_CAP matching
  names: `search_text IN (…)`, read from the b-tree index on (search_text, decision_date, id) — a few hundred rows for a
  common full name however large the registry, instead of a trigram index's posting lists of a third of it;
  more names than that: the words are checked row by row (LIKE), as before: such a broad query matches so
  many records that walking the registry newest first finds a page at once. Between the two, on PostgreSQL,
  several names with few records in all ("thi thuy": 20 names, 1.575 records of 2.000.000) tempt the planner
  to walk the registry newest first and test every row against the list, tens of thousands of rows whatever
  the size; when a probe of the names index finds at most FENCE_CAP records, the matches are read first
  through a subquery the planner may not flatten (OFFSET 0) and sorted: a few thousand index reads at most.

Either way the result is exactly the rows whose search text contains every word, on SQLite and PostgreSQL.

Ranking: the rows found carry an alias `search_rank` — 0 when every word of the query is a whole word of the
search text ("nguyen van an" in "Nguyễn Văn An"), 1 when every word begins a word ("Nguyễn Văn Anh"), 2 when
a word is only inside another ("an" in "Nguyễn Bích Vân") — written in SQL as a CASE on LIKE patterns of the
search text padded with spaces; lists order by it first (core.tables.PinnedOrder, `ranked()`), then by their
own order. It is computed only over a candidate set already limited: a small table, or, through a names index,
the rows of at most NAME_INDEX_CAP names when those names do not all share one rank (the common case "nguyen thi
thuy" keeps its index walk) and the rows are at most RANK_CAP (an officer's or a province's people; not the whole
country's "nguyen van an", which keeps the natural order) — there the rank is the name's, a CASE on the key. A
broad query through the range of sort keys is not ranked."""

from __future__ import annotations

from typing import NamedTuple

from django.db import connections, models
from django.db.models import Case, CharField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from thidua.core.text import search_terms

MAX_TERMS = 8
NAME_INDEX_CAP = 400
FENCE_CAP = 5000
SEARCH_RANK = "search_rank"
RANK_CAP = 2000
WHOLE, PREFIX, INSIDE = 0, 1, 2


class _NameIndex(NamedTuple):
    model: type[models.Model]
    key: str  # the column the big table is narrowed by: a sort key, or the search text itself


_name_indexes: dict[type[models.Model], _NameIndex] = {}


def register_name_index(model: type[models.Model], index_model: type[models.Model], key: str = "sort_key") -> None:
    """Search `model` through `index_model`, a table of its distinct (`key`, search_text) values; `key` is a
    column of both tables ("search_text" when the index holds the search texts alone)."""
    _name_indexes[model] = _NameIndex(index_model, key)


def _contains_every(queryset: QuerySet, terms: list[str], field: str) -> QuerySet:
    for term in terms:
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def apply_search(queryset: QuerySet, query: str | None, field: str = "search_text") -> QuerySet:
    """The rows whose `field` contains every folded word of the query, with their `search_rank` (see above)."""
    terms = search_terms(query or "")[:MAX_TERMS]
    if not terms:
        return queryset
    index = _name_indexes.get(queryset.model) if field == "search_text" else None
    if index is None:
        return with_rank(_contains_every(queryset, terms, field), terms, field)
    return _search_through_names(queryset, terms, index)


def rank_of(searched: str, terms: list[str]) -> int:
    """The rank `with_rank` gives a search text, in Python: WHOLE, PREFIX or INSIDE."""
    padded = f" {searched} "
    if all(f" {term} " in padded for term in terms):
        return WHOLE
    if all(f" {term}" in padded for term in terms):
        return PREFIX
    return INSIDE


def with_rank(queryset: QuerySet, terms: list[str], field: str = "search_text") -> QuerySet:
    """The queryset with the alias `search_rank`: a CASE on LIKE patterns of ' ' || field || ' '."""
    padded = f"{field}_padded"
    queryset = queryset.alias(**{padded: Concat(Value(" "), field, Value(" "), output_field=CharField())})
    whole = Q(*(Q(**{f"{padded}__contains": f" {term} "}) for term in terms))
    prefix = Q(*(Q(**{f"{padded}__contains": f" {term}"}) for term in terms))
    return queryset.alias(**{SEARCH_RANK: Case(When(whole, then=Value(WHOLE)), When(prefix, then=Value(PREFIX)),
                                               default=Value(INSIDE), output_field=IntegerField())})


def ranked(queryset: QuerySet, *order) -> QuerySet:
    """`queryset.order_by(*order)`, the best matches of a search first when it was searched (`apply_search`)."""
    first = (SEARCH_RANK,) if SEARCH_RANK in queryset.query.annotations else ()
    return queryset.order_by(*first, *order)


def _search_through_names(queryset: QuerySet, terms: list[str], index: _NameIndex) -> QuerySet:
    index_model, key = index
    names = _contains_every(index_model.objects.all(), terms, "search_text")
    columns = (key,) if key == "search_text" else (key, "search_text")
    found = [(row[0], row[-1]) for row in names.order_by(*columns).values_list(*columns)[:NAME_INDEX_CAP + 1]]
    if not found:
        return queryset.none()
    first = [name_key for name_key, _searched in found]
    if len(first) <= NAME_INDEX_CAP:
        keys = list(dict.fromkeys(first))
        if key == "search_text" and len(keys) > 1 and _few_records(queryset, keys):
            queryset = queryset.filter(pk__in=_matches_first(queryset.model, keys, queryset.db))
        else:
            queryset = queryset.filter(**{f"{key}__in": keys})
            # A sort key can be shared by names that differ only in punctuation ("H'Mai", "H Mai"); if one of
            # them does not match, check the words on the rows as well.
            if key != "search_text" and index_model.objects.filter(**{f"{key}__in": keys}).count() > len(first):
                queryset = _contains_every(queryset, terms, "search_text")
        return _rank_by_names(queryset, terms, key, found)
    if key == "search_text":
        return _contains_every(queryset, terms, "search_text")
    last = names.order_by(f"-{key}").values_list(key, flat=True)[0]
    return _contains_every(queryset.filter(**{f"{key}__gte": first[0], f"{key}__lte": last}), terms, "search_text")


def _rank_by_names(queryset: QuerySet, terms: list[str], key: str, found: list[tuple[str, str]]) -> QuerySet:
    """The rows of the names found, ranked by their name's rank (a CASE on the key, which the name index gives)
    when the names differ in rank and the rows are at most RANK_CAP (one probe that stops there); else as they
    are. Sorting more rows by rank would read every one of them (a common name at national scale: tens of
    thousands) where the key's index reads one page."""
    ranks: dict[str, int] = {}
    for name_key, searched in found:
        ranks[name_key] = min(ranks.get(name_key, INSIDE), rank_of(searched, terms))
    if len(set(ranks.values())) < 2:
        return queryset
    if queryset.order_by().values("pk")[:RANK_CAP + 1].count() > RANK_CAP:
        return queryset
    groups = [When(**{f"{key}__in": [k for k, rank in ranks.items() if rank == wanted]}, then=Value(wanted))
              for wanted in (WHOLE, PREFIX) if wanted in ranks.values()]
    return queryset.alias(**{SEARCH_RANK: Case(*groups, default=Value(INSIDE), output_field=IntegerField())})


def _few_records(queryset: QuerySet, names: list[str]) -> bool:
    """True on PostgreSQL when the records with these names are at most FENCE_CAP (an index-only probe that
    stops there); SQLite's planner reads the names' index itself."""
    if connections[queryset.db].vendor != "postgresql":
        return False
    probe = queryset.model._default_manager.using(queryset.db).filter(search_text__in=names)
    return probe.values("pk")[:FENCE_CAP + 1].count() <= FENCE_CAP


def _matches_first(model: type[models.Model], names: list[str], using: str) -> RawSQL:
    """The ids of the records with these names, as a subquery PostgreSQL evaluates first (OFFSET 0 keeps it
    from being pulled up into the outer query, whose ORDER BY … LIMIT would otherwise invite the walk)."""
    meta = model._meta
    quote = connections[using].ops.quote_name
    sql = (f"SELECT {quote(meta.pk.column)} FROM {quote(meta.db_table)} "
           f"WHERE {quote(meta.get_field('search_text').column)} = ANY(%s) OFFSET 0")
    return RawSQL(sql, [names])
