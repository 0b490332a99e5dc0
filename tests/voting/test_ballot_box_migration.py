"""voting 0005 on data made before it: each cast ballot's receipt digest becomes a Receipt (and the receipt still
checks), a session of no year gets its owner (its council's organiser, else its creator's), and a closed round's
rows are rewritten with fresh ids — the ballots and the count unchanged."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thidua.accounts.models import Role
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.voting.domain import sessions as voting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("voting", "0004_session_council")]
AFTER = [("voting", "0005_ballot_box_receipts_owner")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_receipts_owners_and_closed_rounds_are_carried_over(make_user):
    organiser = b.organiser("ubnd-cu", "UBND tỉnh Cũ", "province")
    staff = make_user("to-chuc-cu", (Role.ORGANISER_STAFF, organiser))
    unit = b.unit("vp-cu", "Văn phòng UBND tỉnh Cũ")
    persons = [b.person(unit, f"Thành Viên {i}", "male", "Ủy viên") for i in range(3)]
    old = _migrate(BEFORE)
    try:
        Session, Voter = old.get_model("voting", "BallotSession"), old.get_model("voting", "Voter")
        Question, Candidate = old.get_model("voting", "Question"), old.get_model("voting", "Candidate")
        Ballot, Choice = old.get_model("voting", "Ballot"), old.get_model("voting", "BallotChoice")
        Participation = old.get_model("voting", "Participation")
        session = Session.objects.create(title="Phiên cũ", kind="council", electorate_kind="persons",
                                         council_name="Hội đồng", state="closed", current_round=1,
                                         receipt_salt="muoi")
        Activity.objects.create(actor=staff, action="create", target_type=ContentType.objects.get(
            app_label="voting", model="ballotsession"), target_id=session.pk, target_label="Phiên cũ", scope="voting")
        question = Question.objects.create(session=session, kind="nominate", title="Bầu")
        candidates = [Candidate.objects.create(question=question, label=f"Ứng viên {i}", order=i) for i in range(3)]
        digests = []
        for i, person in enumerate(persons):  # written in cast order, as before 0005
            voter = Voter.objects.create(session=session, person_id=person.pk, label=person.full_name)
            Participation.objects.create(voter=voter, round=1, channel="electronic")
            digest = voting._digest(session, f"CODE-{i}")
            ballot = Ballot.objects.create(session=session, round=1, cast=True, receipt_digest=digest)
            Choice.objects.create(ballot=ballot, candidate=candidates[i])
            digests.append(digest)
        old_ids = set(Ballot.objects.values_list("pk", flat=True)) | set(Choice.objects.values_list("pk", flat=True))
        old_participations = set(Participation.objects.values_list("pk", flat=True))
    finally:
        new = _migrate(AFTER)
    Ballot, Choice = new.get_model("voting", "Ballot"), new.get_model("voting", "BallotChoice")
    Receipt, Participation = new.get_model("voting", "Receipt"), new.get_model("voting", "Participation")
    assert sorted(Receipt.objects.values_list("digest", flat=True)) == sorted(digests)
    assert new.get_model("voting", "BallotSession").objects.get(pk=session.pk).organiser_id == organiser.pk
    assert Ballot.objects.filter(cast=True).count() == 3
    assert sorted(Choice.objects.values_list("candidate_id", flat=True)) == sorted(c.pk for c in candidates)
    assert not old_ids & (set(Ballot.objects.values_list("pk", flat=True))
                          | set(Choice.objects.values_list("pk", flat=True)))
    assert not old_participations & set(Participation.objects.values_list("pk", flat=True))
    assert Participation.objects.count() == 3
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from thidua.voting.models import BallotSession

    assert voting.verify_receipt(BallotSession.objects.get(pk=session.pk), "CODE-1")
