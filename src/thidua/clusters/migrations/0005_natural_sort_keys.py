"""Numbers in names sort by value ("Cụm số 2" before "Cụm số 10", core.text.sort_key): clusters' stored sort
keys recomputed (only names with a digit changed)."""

from django.db import migrations

from thidua.core.rekey import recompute_sort_keys


def forward(apps, schema_editor):
    recompute_sort_keys(apps.get_model("clusters", "Cluster"), "name")


class Migration(migrations.Migration):

    dependencies = [
        ('clusters', '0004_organiser_to_orgs'),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
