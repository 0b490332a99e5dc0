"""PostgreSQL-only speed-ups, applied from migrations and skipped on SQLite."""

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
