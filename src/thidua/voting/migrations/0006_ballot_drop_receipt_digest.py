"""Ballot.receipt_digest goes: the receipts are kept apart (voting.Receipt, filled by 0005)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0005_ballot_box_receipts_owner'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='ballot',
            name='receipt_digest',
        ),
    ]
