"""The cluster-dossier deadline loaded by 0002 cites a province's decision (Bắc Ninh's Decision 86/2025) but was
loaded as a national row; since a cluster's deadline comes from the receiving province's own rule only
(dossiers.domain.law.PROVINCE_CASES), that row applied to nobody and could not be saved again. It goes to Bắc
Ninh's organiser when one exists, and is removed otherwise (the demo loads it for its Bắc Ninh organiser)."""

from django.db import migrations


def move(apps, schema_editor):
    DeadlineRule = apps.get_model("dossiers", "DeadlineRule")
    Organiser = apps.get_model("orgs", "Organiser")
    orphans = DeadlineRule.objects.filter(case="cluster", organiser__isnull=True)
    bac_ninh = Organiser.objects.filter(kind="province", area__code__startswith="bac-ninh").order_by("pk").first()
    if bac_ninh is None:
        orphans.delete()
    else:
        orphans.update(organiser=bac_ninh)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_proposal_from_ballot"), ("orgs", "0009_council")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
