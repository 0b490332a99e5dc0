from django.db import migrations

from thidua.core.pg import trigram_index_operation


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_reference_data")]
    operations = [trigram_index_operation("orgs_person"), trigram_index_operation("orgs_unit")]
