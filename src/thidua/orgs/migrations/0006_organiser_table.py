"""The organisers' table takes the orgs name, and so does its content type (activity entries keep pointing
at the same rows)."""

from django.db import migrations


def rename_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="orgs", model="organiser").exists():
        content_types.objects.filter(app_label="clusters", model="organiser").update(app_label="orgs")


def restore_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="orgs", model="organiser").update(app_label="clusters")


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_organiser"),
        ("clusters", "0004_organiser_to_orgs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="organiser", table=None),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
