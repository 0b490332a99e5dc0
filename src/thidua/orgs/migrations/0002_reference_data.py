from django.db import migrations


def load_reference(apps, schema_editor):
    from thidua.orgs.data import areas

    areas.load(apps.get_model("orgs", "Area"), apps.get_model("orgs", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
