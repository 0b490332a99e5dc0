"""Inserting many rows fast: one executemany, without building a query per batch as bulk_create does.

For loaders (demo, scenarios, generated data) where rows are known to be valid; it sends no signals and
returns no primary keys."""

from django.db import connection


def fast_insert(model, rows: list) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.has_default()]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    values = []
    for row in rows:
        values.append([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
    return len(values)
