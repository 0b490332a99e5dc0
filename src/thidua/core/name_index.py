"""An index of a big table's distinct names, kept filled by database triggers (orgs.PersonName for people,
awards.AwardRecordName for the registry's award records).

Why: with millions of rows, `search_text LIKE '%nguyen%'` is slow whichever index serves it. A trigram index
must read and intersect posting lists of trigrams that a third of all rows contain ("ngu", "guy", "uye", "yen"),
then fetch one heap page per match and sort. The rows, though, share few distinct names (3 million people have
about 30.000). Search (core.search) first finds the matching names in the small table, then reads the rows
with those names from a b-tree index of the big table.

The index is filled by triggers so that every writer (forms, Excel import, bulk_create, COPY, raw SQL) keeps
it complete: on PostgreSQL one statement-level trigger per INSERT or UPDATE with a transition table (one set
insert per statement, so a COPY of millions of rows costs seconds), on SQLite a row trigger. SQLite drops a
table's triggers when Django rebuilds the table during a migration, so `ensure()` runs again after every
`migrate` that touched the app (post_migrate) and refills what is missing. A name no row has any more stays in
the index and matches nothing."""

from __future__ import annotations

from django.db import connections


class NameIndex:
    """The triggers that copy the distinct values of `columns` of `table` into `names` (which has a unique
    constraint on those columns and a `search_text` column). Triggers and function are named after `prefix`:
    `<prefix>_insert`, `<prefix>_update`, `<prefix>_sync()`."""

    def __init__(self, app_label: str, table: str, names: str, columns: tuple[str, ...], prefix: str,
                 new_rows: str = "new_rows"):
        self.app_label, self.table, self.names, self.columns = app_label, table, names, columns
        self.trigger_insert, self.trigger_update = f"{prefix}_insert", f"{prefix}_update"
        self.function, self.new_rows = f"{prefix}_sync", new_rows

    # ---- SQL ----------------------------------------------------------------------------------------------

    def _pg_statements(self) -> list[str]:
        cols = ", ".join(self.columns)
        function = f"""
CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {self.names} ({cols})
    SELECT DISTINCT {cols} FROM {self.new_rows}
    ON CONFLICT ({cols}) DO NOTHING;
    RETURN NULL;
END
$$"""
        triggers = [f"""CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {self.table}
        REFERENCING NEW TABLE AS {self.new_rows} FOR EACH STATEMENT EXECUTE FUNCTION {self.function}()"""
                    for name, event in ((self.trigger_insert, "INSERT"), (self.trigger_update, "UPDATE"))]
        trigram = (f"CREATE INDEX IF NOT EXISTS {self.names}_search_text_trgm ON {self.names} "
                   "USING gin (search_text gin_trgm_ops)")
        return ["CREATE EXTENSION IF NOT EXISTS pg_trgm", function, *triggers, trigram]

    def _sqlite_statements(self) -> list[str]:
        cols = ", ".join(self.columns)
        values = ", ".join(f"NEW.{column}" for column in self.columns)
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {self.trigger_insert} AFTER INSERT ON {self.table} BEGIN
        INSERT OR IGNORE INTO {self.names} ({cols}) VALUES ({values}); END""",
            f"""CREATE TRIGGER IF NOT EXISTS {self.trigger_update} AFTER UPDATE OF {cols} ON {self.table} BEGIN
        INSERT OR IGNORE INTO {self.names} ({cols}) VALUES ({values}); END""",
        ]

    # ---- operations -----------------------------------------------------------------------------------------

    def _has_triggers(self, cursor, vendor: str) -> bool:
        if vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname IN (%s, %s)",
                           [self.table, self.trigger_insert, self.trigger_update])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                           "AND name IN (%s, %s)", [self.table, self.trigger_insert, self.trigger_update])
        return cursor.fetchone()[0] == 2

    def resync(self, cursor, vendor: str) -> None:
        """Add the names of every row that are missing from the index."""
        cols = ", ".join(self.columns)
        conflict = f"ON CONFLICT ({cols}) DO NOTHING" if vendor == "postgresql" else ""
        verb = "INSERT" if vendor == "postgresql" else "INSERT OR IGNORE"
        cursor.execute(f"{verb} INTO {self.names} ({cols}) SELECT DISTINCT {cols} FROM {self.table} {conflict}")

    def ensure(self, using: str = "default") -> bool:
        """Create the triggers if missing, then fill the index from the table. True if it did."""
        connection = connections[using]
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return False
        with connection.cursor() as cursor:
            if not {self.table, self.names} <= set(connection.introspection.table_names(cursor)):
                return False
            if self._has_triggers(cursor, vendor):
                return False
            for statement in self._pg_statements() if vendor == "postgresql" else self._sqlite_statements():
                cursor.execute(statement)
            self.resync(cursor, vendor)
        return True

    def drop(self, using: str = "default") -> None:
        connection = connections[using]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {self.trigger_insert} ON {self.table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {self.trigger_update} ON {self.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {self.function}()")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {self.trigger_insert}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {self.trigger_update}")

    def after_migrate(self, sender, using="default", plan=None, **kwargs):
        """post_migrate: SQLite loses triggers when Django rebuilds the table for a schema change."""
        if plan is not None and not any(migration.app_label == self.app_label for migration, _backwards in plan):
            return
        self.ensure(using)
