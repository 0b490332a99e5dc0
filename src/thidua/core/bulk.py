"""Inserting and updating many rows fast, without building a model instance and a query per batch as
bulk_create and bulk_update do.

For loaders (demo, scenarios, generated data, imports) where rows are known to be valid; it sends no signals
and returns no primary keys.

`insert_many` is one executemany, except on SQLite: there a table with triggers (the names indexes of people
and award records, core/name_index.py) costs a statement journal for every statement executed — an executemany
of 100.000 records took 13,6 s instead of 3,9 s with the trigger (a temporary file per row) — so the rows go in
multi-row INSERTs, one statement for as many rows as SQLite's parameter limit allows (4,8 s with the trigger)."""

import sqlite3
from collections.abc import Sequence

from django.db import connection

SQLITE_ROWS_PER_STATEMENT = 500


def insert_many(cursor, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT the rows into `table` (table and column names as they go into the SQL, quoted if need be)."""
    if not rows:
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    if connection.vendor != "sqlite":
        cursor.executemany(head + one, rows)
        return
    try:
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python before 3.11
        limit = 999
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // len(columns)))
    full = head + ", ".join([one] * per)
    for start in range(0, len(rows), per):
        chunk = rows[start:start + per]
        sql = full if len(chunk) == per else head + ", ".join([one] * len(chunk))
        cursor.execute(sql, [value for row in chunk for value in row])


def fast_insert(model, rows: list) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.has_default()]
    columns = [connection.ops.quote_name(f.column) for f in fields]
    values = []
    for row in rows:
        values.append([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])
    if values:
        with connection.cursor() as cursor:
            insert_many(cursor, connection.ops.quote_name(model._meta.db_table), columns, values)
    return len(values)


def update_many(model, fields: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Set `fields` of many rows of `model`, each row (pk, value, value…) with the values as the fields store them.

    PostgreSQL: ONE statement, the columns sent as arrays and joined by `unnest` — an executemany of 10.000 UPDATEs
    took 3,6 to 4,3 s at national scale, bulk_update's CASE expressions longer still. Elsewhere one UPDATE per row
    through executemany (SQLite runs them in-process, fast)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [model._meta.get_field(name) for name in fields]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s",
                               [(*row[1:], row[0]) for row in rows])
            return
        types = [model._meta.pk.db_type(connection)] + [c.db_type(connection) for c in columns]
        # Each column goes as text[] and is cast back: a list of JSON values or of dates adapts no better.
        names = ["pk"] + [f"v{i}" for i in range(len(columns))]
        arrays = [[None if row[i] is None else str(row[i]) for row in rows] for i in range(len(names))]
        unnest = ", ".join(["%s::text[]"] * len(names))
        assignments = ", ".join(f"{quote(c.column)} = v.{n}::{t}" for c, n, t in
                                zip(columns, names[1:], types[1:], strict=True))
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM unnest({unnest}) AS v({', '.join(names)}) "
                       f"WHERE t.{quote(model._meta.pk.column)} = v.pk::{types[0]}", arrays)
