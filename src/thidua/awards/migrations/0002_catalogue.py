from django.db import migrations


def load(apps, schema_editor):
    from thidua.awards.data.catalogue import load as load_catalogue

    load_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
