"""A proposal's recipient is now orgs.Organiser: same table, same column (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_deadlines"), ("orgs", "0005_organiser")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="proposal",
                name="recipient",
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="proposals",
                                        to="orgs.organiser", verbose_name="gửi đến"),
            ),
        ]),
    ]
