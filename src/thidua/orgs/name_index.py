"""The index of distinct person names (orgs.PersonName), kept filled by database triggers.

Why: with millions of people, `search_text LIKE '%nguyen%'` is slow whichever index serves it. A trigram
index must read and intersect posting lists of trigrams that a third of all rows contain ("ngu", "guy",
"uye", "yen"), then fetch one heap page per match and sort; ordering by the sort-key index instead walks
every row before the first "Nguyễn". People, though, share few distinct names (3 million people, about
30.000 names in the generated national set). So search first finds the matching names in this small table
and then reads the people with those sort keys from the sort-key index, in order, stopping after a page.

The table is filled by triggers so that every writer (forms, Excel import, bulk_create, COPY in
`thidua gen-data`, raw SQL) keeps it complete: on PostgreSQL one statement-level trigger per INSERT or UPDATE
with a transition table (one set insert per statement, so a COPY of millions of rows costs seconds), on
SQLite a row trigger. SQLite drops a table's triggers when Django rebuilds the table during a migration, so
`ensure()` runs again after every `migrate` (post_migrate) and refills what is missing."""

from django.db import connections

PERSON_TABLE = "orgs_person"
NAME_TABLE = "orgs_personname"
TRIGGER_INSERT = "orgs_person_names_insert"
TRIGGER_UPDATE = "orgs_person_names_update"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION orgs_person_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {NAME_TABLE} (sort_key, search_text)
    SELECT DISTINCT sort_key, search_text FROM person_new_rows
    ON CONFLICT (sort_key, search_text) DO NOTHING;
    RETURN NULL;
END
$$"""
_PG_TRIGGERS = [
    f"""CREATE OR REPLACE TRIGGER {TRIGGER_INSERT} AFTER INSERT ON {PERSON_TABLE}
        REFERENCING NEW TABLE AS person_new_rows FOR EACH STATEMENT EXECUTE FUNCTION orgs_person_names_sync()""",
    f"""CREATE OR REPLACE TRIGGER {TRIGGER_UPDATE} AFTER UPDATE ON {PERSON_TABLE}
        REFERENCING NEW TABLE AS person_new_rows FOR EACH STATEMENT EXECUTE FUNCTION orgs_person_names_sync()""",
]
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGER_INSERT} AFTER INSERT ON {PERSON_TABLE} BEGIN
        INSERT OR IGNORE INTO {NAME_TABLE} (sort_key, search_text) VALUES (NEW.sort_key, NEW.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGER_UPDATE} AFTER UPDATE OF sort_key, search_text ON {PERSON_TABLE} BEGIN
        INSERT OR IGNORE INTO {NAME_TABLE} (sort_key, search_text) VALUES (NEW.sort_key, NEW.search_text); END""",
]
_PG_NAME_TRIGRAM = f"CREATE INDEX IF NOT EXISTS {NAME_TABLE}_search_text_trgm ON {NAME_TABLE} USING gin (search_text gin_trgm_ops)"


def _tables(cursor, connection) -> set[str]:
    return set(connection.introspection.table_names(cursor))


def _has_triggers(cursor, vendor: str) -> bool:
    if vendor == "postgresql":
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname IN (%s, %s)",
                       [PERSON_TABLE, TRIGGER_INSERT, TRIGGER_UPDATE])
    else:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                       "AND name IN (%s, %s)", [PERSON_TABLE, TRIGGER_INSERT, TRIGGER_UPDATE])
    return cursor.fetchone()[0] == 2


def resync(cursor, vendor: str) -> None:
    """Add the names of every person that are missing from the index."""
    conflict = "ON CONFLICT (sort_key, search_text) DO NOTHING" if vendor == "postgresql" else ""
    verb = "INSERT" if vendor == "postgresql" else "INSERT OR IGNORE"
    cursor.execute(f"{verb} INTO {NAME_TABLE} (sort_key, search_text) "
                   f"SELECT DISTINCT sort_key, search_text FROM {PERSON_TABLE} {conflict}")


def ensure(using: str = "default") -> bool:
    """Create the triggers if missing (and then fill the index from the people table). True if it did."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return False
    with connection.cursor() as cursor:
        if not {PERSON_TABLE, NAME_TABLE} <= _tables(cursor, connection):
            return False
        if _has_triggers(cursor, vendor):
            return False
        if vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(_PG_FUNCTION)
            for statement in _PG_TRIGGERS:
                cursor.execute(statement)
            cursor.execute(_PG_NAME_TRIGRAM)
        else:
            for statement in _SQLITE_TRIGGERS:
                cursor.execute(statement)
        resync(cursor, vendor)
    return True


def drop(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_INSERT} ON {PERSON_TABLE}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_UPDATE} ON {PERSON_TABLE}")
            cursor.execute("DROP FUNCTION IF EXISTS orgs_person_names_sync()")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_INSERT}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_UPDATE}")


def after_migrate(sender, using="default", plan=None, **kwargs):
    """post_migrate: SQLite loses triggers when Django rebuilds orgs_person for a schema change."""
    if plan is not None and not any(migration.app_label == "orgs" for migration, _backwards in plan):
        return
    ensure(using)
