"""A role assignment's organiser is now orgs.Organiser: same table, same column (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("orgs", "0005_organiser")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="roleassignment",
                name="organiser",
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                        related_name="role_assignments", to="orgs.organiser",
                                        verbose_name="cơ quan tổ chức"),
            ),
        ]),
    ]
