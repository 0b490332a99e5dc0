"""Accent-insensitive search over a model's `search_text`: every word of the query must appear.

On PostgreSQL the `search_text` columns of large tables carry a trigram index (see the migrations), so a
`LIKE '%word%'` stays fast at national scale; on SQLite a province's rows are few enough to scan."""

from django.db.models import QuerySet

from thidua.core.text import search_terms


def apply_search(queryset: QuerySet, query: str | None, field: str = "search_text") -> QuerySet:
    for term in search_terms(query or "")[:8]:
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset
