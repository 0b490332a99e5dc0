"""Decree 91/2017/NĐ-CP in force from 1/10/2017 (signed 31/7/2017, rules.md §3.1 [V]), not from the day it was
signed; its cash multiples (awards.data.catalogue.ND91_CASH, each verified or marked "as reported"); the articles
of the later decrees' multiples told apart by kind of award (titles, orders, certificates). Rows an administrator
changed since 0002 are kept."""

from django.db import migrations


def correct(apps, schema_editor):
    from thidua.awards.data.catalogue import correct_rule_sets

    correct_rule_sets(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_award_local_name")]
    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
