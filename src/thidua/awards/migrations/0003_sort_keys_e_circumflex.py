"""The Vietnamese alphabet of the sort key lacked ê (Lê sorted after every other L-name): recompute the keys."""

from django.db import migrations

from thidua.core import text
from thidua.orgs.name_index import resync

# (app label, model, the field the key is made from)
NAMED_MODELS = [("orgs", "Area", "name"), ("orgs", "Sector", "name"), ("orgs", "Unit", "name"),
                ("orgs", "Person", "full_name"), ("clusters", "Organiser", "name"), ("clusters", "Cluster", "name"),
                ("movements", "Movement", "name"), ("awards", "Award", "name")]


def recompute(apps, schema_editor, chunk: int = 20_000) -> None:
    text.sort_key.cache_clear()
    for app_label, model_name, field in NAMED_MODELS:
        model = apps.get_model(app_label, model_name)
        last = 0
        while True:
            rows = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", field, "sort_key")[:chunk])
            if not rows:
                break
            changed = [model(pk=pk, sort_key=text.sort_key(name)) for pk, name, key in rows
                       if text.sort_key(name) != key]
            model.objects.bulk_update(changed, ["sort_key"], batch_size=2000)
            last = rows[-1][0]
    # The person-name index keeps (sort key, search text) pairs: rebuild it from the new keys.
    apps.get_model("orgs", "PersonName").objects.all().delete()
    with schema_editor.connection.cursor() as cursor:
        resync(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_catalogue"), ("orgs", "0004_person_names"), ("clusters", "0003_phases"),
                    ("movements", "0002_initial")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
