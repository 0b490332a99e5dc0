"""The index of distinct person names that person search goes through (see thidua/orgs/name_index.py), and
the end of the trigram index on orgs_person.search_text, which that search no longer uses: at 3 million
people it was slower than the names index for every common name and, offered to the planner beside the
sort-key index, led it to plans that fetch and sort a million rows."""

from django.db import migrations, models


def forward(apps, schema_editor):
    from thidua.orgs import name_index

    name_index.ensure(schema_editor.connection.alias)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS orgs_person_search_text_trgm")


def backward(apps, schema_editor):
    from thidua.orgs import name_index

    name_index.drop(schema_editor.connection.alias)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS orgs_person_search_text_trgm ON orgs_person "
                              "USING gin (search_text gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_trigram_search")]

    operations = [
        migrations.CreateModel(
            name="PersonName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_key", models.CharField(max_length=240)),
                ("search_text", models.CharField(max_length=600)),
            ],
            options={
                "verbose_name": "tên cá nhân (chỉ mục tìm kiếm)",
                "verbose_name_plural": "tên cá nhân (chỉ mục tìm kiếm)",
                "constraints": [models.UniqueConstraint(fields=("sort_key", "search_text"), name="person_name_unique")],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
