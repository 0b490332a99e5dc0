"""Numbers in names sort by value ("Cụm số 2" before "Cụm số 10", core.text.sort_key): movements' stored sort
keys recomputed (only names with a digit changed)."""

from django.db import migrations

from thidua.core.rekey import recompute_sort_keys


def forward(apps, schema_editor):
    recompute_sort_keys(apps.get_model("movements", "Movement"), "name")


class Migration(migrations.Migration):

    dependencies = [
        ('movements', '0002_initial'),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
