"""The Vietnamese alphabet of the sort key lacked ê (Lê sorted after every other L-name): recompute the keys."""

from django.db import migrations

from thidua.core.sortkeys import recompute


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_catalogue"), ("orgs", "0004_person_names"), ("clusters", "0003_phases"),
                    ("movements", "0002_initial")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
