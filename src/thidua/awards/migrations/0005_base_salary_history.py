"""The base salary since 1/5/2016 with its decrees (rules.md §3.1 [V]); 0002 seeded only 2.340.000 đồng from
1/7/2024. Idempotent by effective date: rows an administrator already entered are kept."""

from django.db import migrations


def load(apps, schema_editor):
    from thidua.awards.data.catalogue import load_base_salaries

    load_base_salaries(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_registry_indexes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
