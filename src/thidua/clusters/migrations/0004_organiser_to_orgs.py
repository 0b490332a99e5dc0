"""Organisers now live in orgs: the cluster's organiser points there and clusters forgets the model (state
only: the table is the same; orgs 0006 renames it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0003_phases"),
        ("orgs", "0005_organiser"),
        ("accounts", "0002_organiser_in_orgs"),
        ("dossiers", "0003_organiser_in_orgs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="cluster",
                name="organiser",
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="clusters",
                                        to="orgs.organiser", verbose_name="cơ quan tổ chức"),
            ),
            migrations.DeleteModel(name="Organiser"),
        ]),
    ]
