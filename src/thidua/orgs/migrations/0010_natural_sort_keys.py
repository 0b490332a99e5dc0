"""Numbers in names sort by value ("Cụm số 2" before "Cụm số 10", core.text.sort_key): the stored sort keys of
the orgs tables recomputed (only names with a digit changed), and the people's name index rebuilt for them."""

from django.db import migrations

from thidua.core.rekey import recompute_sort_keys, with_digits

# (model, the field the key is made from)
NAMED_MODELS = [("Area", "name"), ("Sector", "name"), ("Organiser", "name"), ("Unit", "name"), ("Person", "full_name")]


def forward(apps, schema_editor):
    from thidua.orgs import name_index

    for model_name, field in NAMED_MODELS:
        recompute_sort_keys(apps.get_model("orgs", model_name), field)
    # The person-name index keeps (sort key, search text) pairs: those of names with a digit are rebuilt from
    # the new keys (a name's search text holds its digits).
    apps.get_model("orgs", "PersonName").objects.filter(with_digits("search_text")).delete()
    with schema_editor.connection.cursor() as cursor:
        name_index.resync(cursor, schema_editor.connection.vendor)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0009_council'),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
