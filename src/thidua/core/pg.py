"""PostgreSQL-only speed-ups, applied from migrations and skipped on SQLite; and index changes that do not lock a
table of millions of rows while they build (AddIndexOnline, RemoveIndexOnline)."""

from django.db import migrations


def trigram_index_operation(table: str, column: str = "search_text") -> migrations.RunPython:
    """A trigram GIN index so `LIKE '%word%'` on accent-free names stays fast over millions of rows."""
    name = f"{table}_{column}_trgm"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forward, backward)


class AddIndexOnline(migrations.AddIndex):
    """AddIndex built with CREATE INDEX CONCURRENTLY on PostgreSQL: the registry (10.000.000 records) keeps
    answering reads and writes while the index builds (minutes), where a plain CREATE INDEX blocks its writes.
    SQLite builds it as AddIndex does. Its migration must be `atomic = False` (CONCURRENTLY runs outside a
    transaction); add the new index before removing the one it replaces, so the queries always have one."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _online(schema_editor).add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _online(schema_editor).remove_index(model, self.index, **_concurrently(schema_editor))


class RemoveIndexOnline(migrations.RemoveIndex):
    """RemoveIndex with DROP INDEX CONCURRENTLY on PostgreSQL (a plain DROP INDEX takes an exclusive lock that
    stops even the reads of the table until the migration's transaction ends); as RemoveIndex elsewhere. Its
    migration must be `atomic = False`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            _online(schema_editor).remove_index(model, index, **_concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            _online(schema_editor).add_index(model, index, **_concurrently(schema_editor))


def _online(schema_editor):
    if schema_editor.connection.vendor == "postgresql" and schema_editor.connection.in_atomic_block:
        raise RuntimeError("AddIndexOnline/RemoveIndexOnline: the migration must declare atomic = False.")
    return schema_editor


def _concurrently(schema_editor) -> dict:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
