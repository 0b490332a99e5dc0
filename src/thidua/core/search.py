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
  many records that walking the registry newest first finds a page at once. A page of the list of names in an
  order of the records' own columns is read one name at a time on PostgreSQL (`first_rows_by_name`): estimating the matches
  spread evenly, PostgreSQL would walk the registry newest first and test every record against the list
  (an organiser's staff, who may not see most people's records: 1.200.000 records for one page).

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

from thidua.core.text import search_terms, spellings

MAX_TERMS = 8
NAME_INDEX_CAP = 400
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
    """Every word in `field`, an apostrophe whichever way it was written (text.spellings)."""
    for term in terms:
        condition = Q()
        for spelling in spellings(term):
            condition |= Q(**{f"{field}__contains": spelling})
        queryset = queryset.filter(condition)
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
    index_model, key = index.model, index.key
    names = _contains_every(index_model.objects.all(), terms, "search_text")
    columns = (key,) if key == "search_text" else (key, "search_text")
    found = [(row[0], row[-1]) for row in names.order_by(*columns).values_list(*columns)[:NAME_INDEX_CAP + 1]]
    if not found:
        return queryset.none()
    first = [name_key for name_key, _searched in found]
    if len(first) <= NAME_INDEX_CAP:
        keys = list(dict.fromkeys(first))
        queryset = queryset.filter(**{f"{key}__in": keys})
        # A sort key can be shared by names that differ only in punctuation ("H'Mai", "H Mai"); if one of them
        # does not match, check the words on the rows as well.
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


def _local_order(model: type[models.Model], order: tuple[str, ...]) -> list[tuple[str, bool]] | None:
    """[(column, descending)] when `order` names only the model's own columns and ends with its primary key (a
    total order: the same rows on every page); else None."""
    meta = model._meta
    out = []
    for name in order:
        if not isinstance(name, str) or "__" in name or "." in name:
            return None
        field_name = name.lstrip("-")
        field = meta.pk if field_name == "pk" else next(
            (f for f in meta.concrete_fields if field_name in (f.name, f.attname)), None)
        if field is None:
            return None
        out.append((field.column, name.startswith("-")))
    return out if out and out[-1][0] == meta.pk.column else None


def first_rows_by_name(queryset: QuerySet, unsearched: QuerySet, query: str | None, upto: int) -> QuerySet | None:
    """The first `upto` rows of a searched, ordered queryset, found one name at a time; None where it does not
    apply (the caller keeps the queryset). The rows are the same: this is how PostgreSQL is asked for them.

    Why: a search narrows the registry to the records of at most NAME_INDEX_CAP names (`search_text IN (…)`), and
    the page wants the first 26 of them newest first. Estimating the matches spread evenly, PostgreSQL walks the
    whole registry newest first and tests each record: for an organiser's staff, who may not see most people's
    records, "dinh dat" walked 1.200.000 records (1,3 s). Asked instead for each name's first `upto` rows — each
    a short read of the index on (search_text, decision_date, id), which carries the year and who may see a
    record, LATERAL over the names — and the first `upto` of those, it reads a few entries a name (2 to 15 ms,
    whatever the registry). Every row among the first `upto` of the whole is among the first `upto` of its own
    name, so the rows returned, then ordered and sliced as the page does, are the same. Applies on PostgreSQL,
    to a model whose names index is keyed by the search text, searched through at most NAME_INDEX_CAP names, when
    the queryset is ordered by its own columns ending with its primary key (a total order), the best matches
    first or not (a search rank is a name's: it does not change the order of one name's rows).

    `queryset` is the searched list as the page orders it; `unsearched` the same list before the search was
    applied (every other filter and permission): each name's rows are read from it, by equality on the name —
    with the search's `IN (…)` of all the names as well, PostgreSQL read each name through the trigram index
    (100 ms a name)."""
    index = _name_indexes.get(queryset.model)
    if index is None or index.key != "search_text" or connections[queryset.db].vendor != "postgresql":
        return None
    order = tuple(queryset.query.order_by)
    by_rank = order[:1] == (SEARCH_RANK,)
    order = order[1:] if by_rank else order
    columns = _local_order(queryset.model, order)
    if columns is None:
        return None
    terms = search_terms(query or "")[:MAX_TERMS]
    if not terms:
        return None
    names = list(_contains_every(index.model.objects.using(queryset.db), terms, "search_text")
                 .order_by("search_text").values_list("search_text", flat=True)[:NAME_INDEX_CAP + 1])
    if not names or len(names) > NAME_INDEX_CAP:
        return None
    meta = queryset.model._meta
    # Each name's first rows: the queryset itself (every filter, join and permission it carries) for one name.
    fields = [name.lstrip("-") for name in order]
    each = (unsearched.filter(search_text=RawSQL("searched_names.name", [])).order_by(*order)
            .values_list(*fields)[:upto])
    each_sql, each_params = each.query.get_compiler(using=queryset.db).as_sql()
    # A rank is a name's (rank_of, as _rank_by_names gives it): the best matches' names first, when the list
    # pins them first.
    by = ", ".join([*(["searched_names.rank"] if by_rank else []),
                    *(f'name_first_rows."{column}" {"DESC" if descending else "ASC"}'
                      for column, descending in columns)])
    sql = (f'SELECT name_first_rows."{meta.pk.column}" FROM unnest(%s::text[], %s::int[]) '
           f"AS searched_names(name, rank) CROSS JOIN LATERAL ({each_sql}) AS name_first_rows "
           f"ORDER BY {by} LIMIT {int(upto)}")
    ranks = [rank_of(name, terms) for name in names]
    return queryset.filter(pk__in=RawSQL(sql, [names, ranks, *each_params]))
