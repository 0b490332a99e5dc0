"""A table of counts of a big table's rows by a few key columns, kept exact by database triggers
(awards.UnitYearFigures: the registry's records of each unit and year, by subject and level and to direct
workers).

Why: a province's page sums the records of a thousand units over three years (128.000 of ten million); even
answered from an index alone, reading 128.000 index entries took 55 ms of the page's 130. Their counts are a
row per unit and year, 2.000 rows read in a few milliseconds.

The counts are kept by triggers, not by the application, so that every writer (forms, Excel import,
bulk_create, COPY, QuerySet.update and delete, raw SQL, a cascade) keeps them exact. On PostgreSQL one
statement-level trigger per INSERT, UPDATE and DELETE with transition tables adds the statement's net change in
one grouped upsert (a COPY of millions of rows costs one GROUP BY), and TRUNCATE empties the counts. On SQLite
row triggers do the same one row at a time. A key whose count falls to zero loses its row.

What it costs writers: a count row is locked from the statement that changes it until its transaction ends, so
two transactions writing records of the same unit and year wait for each other (a long import holds its units'
years until it commits). One statement upserts its keys in order; two transactions each writing several
statements in different orders may still deadlock, and PostgreSQL then cancels one of them. Every UPDATE of a
record builds the transition tables, even of a column not counted (PostgreSQL allows no column list on
triggers with transition tables); its net change is then empty and nothing is written.

`ensure()` runs after every `migrate` (post_migrate): SQLite drops a table's triggers when Django rebuilds the
table for a schema change, and the triggers' names carry a digest of their conditions, so a change to what is
counted replaces them. Either way it creates them and counts the whole table again in one transaction. A
migration that makes Django rebuild the counts table itself on SQLite must drop the triggers first (`drop()`:
SQLite refuses to rename a table that a trigger names); post_migrate puts them back."""

from __future__ import annotations

import hashlib

from django.db import connections, transaction


class CountTable:
    """The triggers that keep `counts` equal to the rows of `table` grouped by `keys`: a column `n` (how many
    rows) and one column per entry of `columns` (how many of them meet its condition, an SQL expression over the
    row's columns written with `{row}` before each column name; `reads` lists the columns the conditions read).
    `counts` has a unique constraint on `keys`. Triggers and functions are named after `prefix`."""

    def __init__(self, table: str, counts: str, keys: tuple[str, ...], columns: dict[str, str],
                 reads: tuple[str, ...], prefix: str):
        self.table, self.counts, self.keys = table, counts, keys
        self.columns, self.reads, self.prefix = columns, reads, prefix
        self.events = ("insert", "update", "delete", "truncate")
        # The triggers' names carry a digest of what they count: when the conditions or columns change, the
        # old triggers no longer have the expected names, so ensure() replaces them and counts again.
        self.version = hashlib.sha1(repr((table, counts, keys, sorted(columns.items()), reads)).encode()).hexdigest()[:8]

    def _trigger(self, event: str) -> str:
        return f"{self.prefix}_{self.version}_{event}"

    def _condition(self, name: str, row: str) -> str:
        return self.columns[name].format(row=row)

    def _count_names(self) -> str:
        return ", ".join(["n", *self.columns])

    # ---- PostgreSQL ---------------------------------------------------------------------------------------------

    def _pg_delta(self, parts: list[tuple[str, str]]) -> str:
        """The net change of the statement by key, from transition tables [(table, '1' or '-1')], applied in one
        upsert in key order; then, where rows went away, the keys left with no row are deleted (a second
        statement: one statement cannot see the rows its own upsert changed)."""
        keys, names = ", ".join(self.keys), self._count_names()
        rows = " UNION ALL ".join(
            f"SELECT {keys}, {sign} AS n, "
            + ", ".join(f"CASE WHEN {self._condition(name, '')} THEN {sign} ELSE 0 END AS {name}"
                        for name in self.columns)
            + f" FROM {source}" for source, sign in parts)
        sums = ", ".join(f"sum({name})" for name in ["n", *self.columns])
        changed = " OR ".join(f"sum({name}) <> 0" for name in ["n", *self.columns])
        added = ", ".join(f"{name} = {self.counts}.{name} + EXCLUDED.{name}" for name in ["n", *self.columns])
        sql = f"""
    INSERT INTO {self.counts} ({keys}, {names})
    SELECT {keys}, {sums} FROM ({rows}) AS changed GROUP BY {keys} HAVING {changed} ORDER BY {keys}
    ON CONFLICT ({keys}) DO UPDATE SET {added};"""
        removed = [source for source, sign in parts if sign == "-1"]
        if removed:
            matches = " AND ".join(f"c.{key} = z.{key}" for key in self.keys)
            sql += f"""
    DELETE FROM {self.counts} AS c USING (SELECT DISTINCT {keys} FROM {removed[0]}) AS z
    WHERE {matches} AND c.n <= 0;"""
        return sql

    def _pg_statements(self) -> list[str]:
        bodies = {
            "insert": self._pg_delta([("new_rows", "1")]),
            "update": self._pg_delta([("new_rows", "1"), ("old_rows", "-1")]),
            "delete": self._pg_delta([("old_rows", "-1")]),
            "truncate": f"\n    DELETE FROM {self.counts};",
        }
        references = {"insert": "REFERENCING NEW TABLE AS new_rows",
                      "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
                      "delete": "REFERENCING OLD TABLE AS old_rows", "truncate": ""}
        statements = []
        for event in self.events:
            name = self._trigger(event)
            statements.append(f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{bodies[event]}
    RETURN NULL;
END
$$""")
            statements.append(f"""CREATE OR REPLACE TRIGGER {name} AFTER {event.upper()} ON {self.table}
        {references[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()""")
        return statements

    # ---- SQLite -------------------------------------------------------------------------------------------------

    def _sqlite_flags(self, row: str) -> list[str]:
        return [f"CASE WHEN {self._condition(name, row + '.')} THEN 1 ELSE 0 END" for name in self.columns]

    def _sqlite_add(self, row: str) -> str:
        keys = ", ".join(self.keys)
        values = ", ".join([*(f"{row}.{key}" for key in self.keys), "1", *self._sqlite_flags(row)])
        added = ", ".join(f"{name} = {name} + excluded.{name}" for name in ["n", *self.columns])
        return (f"INSERT INTO {self.counts} ({keys}, {self._count_names()}) VALUES ({values}) "
                f"ON CONFLICT ({keys}) DO UPDATE SET {added};")

    def _sqlite_remove(self, row: str) -> str:
        match = " AND ".join(f"{key} = {row}.{key}" for key in self.keys)
        taken = ", ".join(["n = n - 1", *(f"{name} = {name} - {flag}"
                                         for name, flag in zip(self.columns, self._sqlite_flags(row), strict=True))])
        return (f"UPDATE {self.counts} SET {taken} WHERE {match}; "
                f"DELETE FROM {self.counts} WHERE {match} AND n <= 0;")

    def _sqlite_statements(self) -> list[str]:
        watched = [*self.keys, *self.reads]
        changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in watched)
        return [
            f"CREATE TRIGGER IF NOT EXISTS {self._trigger('insert')} AFTER INSERT ON {self.table} BEGIN "
            f"{self._sqlite_add('NEW')} END",
            f"CREATE TRIGGER IF NOT EXISTS {self._trigger('update')} AFTER UPDATE OF {', '.join(watched)} "
            f"ON {self.table} WHEN {changed} BEGIN {self._sqlite_remove('OLD')} {self._sqlite_add('NEW')} END",
            f"CREATE TRIGGER IF NOT EXISTS {self._trigger('delete')} AFTER DELETE ON {self.table} BEGIN "
            f"{self._sqlite_remove('OLD')} END",
        ]

    # ---- operations ---------------------------------------------------------------------------------------------

    def _has_triggers(self, cursor, vendor: str) -> bool:
        names = self._trigger_names(vendor)
        return set(self._existing(cursor, vendor)) == set(names)

    def _trigger_names(self, vendor: str) -> tuple[str, ...]:
        return tuple(self._trigger(event) for event in self.events
                     if vendor == "postgresql" or event != "truncate")

    def _existing(self, cursor, vendor: str) -> list[str]:
        """The triggers of this table named after the prefix, of this version or an older one."""
        pattern = self.prefix.replace("_", r"\_") + r"\_%"
        if vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname LIKE %s",
                           [self.table, pattern])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                           "AND name LIKE %s ESCAPE '\\'", [self.table, pattern])
        return [row[0] for row in cursor.fetchall()]

    def recount(self, cursor) -> None:
        """Count the whole table again (inside the caller's transaction, so no write is missed or counted
        twice on PostgreSQL: the table is locked against writers while it is counted)."""
        keys = ", ".join(self.keys)
        counted = ", ".join(["count(*)", *(f"count(*) FILTER (WHERE {self._condition(name, '')})"
                                           if cursor.db.vendor == "postgresql" else
                                           f"sum(CASE WHEN {self._condition(name, '')} THEN 1 ELSE 0 END)"
                                           for name in self.columns)])
        if cursor.db.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {self.table} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {self.counts}")
        cursor.execute(f"INSERT INTO {self.counts} ({keys}, {self._count_names()}) SELECT {keys}, {counted} "
                       f"FROM {self.table} GROUP BY {keys}")

    def ensure(self, using: str = "default") -> bool:
        """Create the triggers if missing or of another version, then count the table again, all in one
        transaction (triggers that exist are trusted: created without their count, they would never be
        counted again). True if it did."""
        connection = connections[using]
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return False
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if not {self.table, self.counts} <= set(connection.introspection.table_names(cursor)):
                return False
            if self._has_triggers(cursor, vendor):
                return False
            self._drop(cursor, vendor)
            for statement in self._pg_statements() if vendor == "postgresql" else self._sqlite_statements():
                cursor.execute(statement)
            self.recount(cursor)
        return True

    def drop(self, using: str = "default") -> None:
        """Remove the triggers (every version); the counts stay as they are until ensure() counts again."""
        connection = connections[using]
        if connection.vendor not in ("postgresql", "sqlite"):
            return
        with transaction.atomic(using=using), connection.cursor() as cursor:
            self._drop(cursor, connection.vendor)

    def _drop(self, cursor, vendor: str) -> None:
        for name in self._existing(cursor, vendor):
            if vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {self.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def after_migrate(self, sender, using="default", plan=None, **kwargs):
        """post_migrate, after every migrate: SQLite loses triggers when Django rebuilds the table for a schema
        change, and triggers of an older version are replaced (a catalogue query when nothing changed)."""
        self.ensure(using)
