"""Receipts kept apart from the ballots (Receipt), the owner of a session of no emulation year
(BallotSession.organiser), and the ballot boxes of rounds already closed shaken once (issue 11 item 1).

The data step, before Ballot.receipt_digest goes (0006: PostgreSQL cannot alter a table in the transaction that
queued its rows' deferred foreign-key checks): each cast ballot's digest becomes a Receipt (inserted in random
order); a session of no year takes its council's organiser, else the organiser of the staff member who created it
(the activity log's creation entry) when that member worked for exactly one — otherwise it stays without owner and
only administrators run it; every closed round's participations, ballots, choices and receipts are rewritten in
random order with fresh ids, as closing a round now does (voting.domain.sessions.shake_ballot_box). The space the
old rows held is cleared by the next round's close, or by a VACUUM run by hand."""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models

SHUFFLE = random.SystemRandom()


def _receipts(apps):
    Ballot, Receipt = apps.get_model("voting", "Ballot"), apps.get_model("voting", "Receipt")
    rows = list(Ballot.objects.filter(cast=True).exclude(receipt_digest="").values_list(
        "session_id", "round", "receipt_digest"))
    SHUFFLE.shuffle(rows)
    Receipt.objects.bulk_create([Receipt(session_id=s, round=r, digest=d) for s, r, d in rows], batch_size=1000,
                                ignore_conflicts=True)


def _owners(apps):
    BallotSession = apps.get_model("voting", "BallotSession")
    Activity = apps.get_model("core", "Activity")
    ContentType = apps.get_model("contenttypes", "ContentType")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    kind = ContentType.objects.filter(app_label="voting", model="ballotsession").first()
    for session in BallotSession.objects.filter(period__isnull=True).select_related("council"):
        owner = session.council.organiser_id if session.council_id else None
        if owner is None and kind is not None:
            creator = Activity.objects.filter(target_type=kind, target_id=session.pk, action="create").values_list(
                "actor_id", flat=True).first()
            mine = set(RoleAssignment.objects.filter(user_id=creator, role="organiser_staff", organiser__isnull=False)
                       .values_list("organiser_id", flat=True)) if creator else set()
            owner = mine.pop() if len(mine) == 1 else None
        if owner is not None:
            BallotSession.objects.filter(pk=session.pk).update(organiser_id=owner)


def _shake(apps, session, round_number):
    Ballot, BallotChoice = apps.get_model("voting", "Ballot"), apps.get_model("voting", "BallotChoice")
    Participation, Receipt = apps.get_model("voting", "Participation"), apps.get_model("voting", "Receipt")
    ballots = Ballot.objects.filter(session=session, round=round_number)
    choices = BallotChoice.objects.filter(ballot__session=session, ballot__round=round_number)
    participations = Participation.objects.filter(voter__session=session, round=round_number)
    receipts = Receipt.objects.filter(session=session, round=round_number)
    held = {pk: [] for pk in ballots.values_list("pk", flat=True)}
    for ballot_id, candidate_id in choices.values_list("ballot_id", "candidate_id"):
        held[ballot_id].append(candidate_id)
    contents = sorted((cast, invalid, tuple(sorted(held[pk]))) for pk, cast, invalid
                      in ballots.values_list("pk", "cast", "invalid"))
    voted = sorted(participations.values_list("voter_id", "channel"))
    digests = sorted(receipts.values_list("digest", flat=True))
    for rows in (choices, ballots, participations, receipts):
        rows._raw_delete(rows.db)
    for listing in (contents, voted, digests):
        SHUFFLE.shuffle(listing)
    new_ballots = [Ballot(id=uuid.uuid4(), session_id=session.pk, round=round_number, cast=cast, invalid=invalid)
                   for cast, invalid, _held in contents]
    new_choices = [BallotChoice(id=uuid.uuid4(), ballot=ballot, candidate_id=candidate_id)
                   for ballot, (_c, _i, candidate_ids) in zip(new_ballots, contents, strict=True) for candidate_id in candidate_ids]
    SHUFFLE.shuffle(new_choices)
    Ballot.objects.bulk_create(new_ballots, batch_size=1000)
    BallotChoice.objects.bulk_create(new_choices, batch_size=1000)
    Participation.objects.bulk_create([Participation(voter_id=v, round=round_number, channel=c) for v, c in voted],
                                      batch_size=1000)
    Receipt.objects.bulk_create([Receipt(id=uuid.uuid4(), session_id=session.pk, round=round_number, digest=d)
                                 for d in digests], batch_size=1000)


def forward(apps, schema_editor):
    _receipts(apps)
    _owners(apps)
    for session in apps.get_model("voting", "BallotSession").objects.exclude(state="draft"):
        last = session.current_round - 1 if session.state == "open" else session.current_round
        for round_number in range(1, last + 1):
            _shake(apps, session, round_number)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0009_council'),
        ('voting', '0004_session_council'),
        ('core', '0002_workday_override'),
        ('accounts', '0003_user_person_and_first_login'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='ballotsession',
            name='organiser',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organiser', verbose_name='cơ quan tổ chức'),
        ),
        migrations.CreateModel(
            name='Receipt',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('round', models.PositiveSmallIntegerField()),
                ('digest', models.CharField(max_length=64)),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='voting.ballotsession')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('session', 'digest'), name='receipt_once')],
            },
        ),
        migrations.RunPython(forward, migrations.RunPython.noop, elidable=True),
    ]
