"""Ballot secrecy against whoever holds the database or a backup (issue 11 item 1), on SQLite and PostgreSQL.

Twelve council members vote one after another, member i for candidate i. An adversary watches the live database
while the round is open (the residual risk the pages and docs/architecture.md state) and notes every ballot and
choice row written and, on PostgreSQL, every casting transaction's id. Once the round is closed the ballot box has
been shaken (voting.domain.sessions.shake_ballot_box): this test then reads every voting table in physical order
(SQLite rowid, PostgreSQL ctid), by row id and by transaction id (PostgreSQL xmin and xmax), scans the SQLite
database file and its -wal file for the rows it saw, and follows every receipt — and recovers no one's choice.

The shake's shuffles and fresh ids draw from voting.domain.sessions._RANDOM; the test seeds it, and makes the
receipt codes and the session's salt repeatable, so that every order read below is the same on every run. The
bounds are those of chance all the same (a random permutation of 12 reaches them less than once in a thousand
runs), so another seed passes too. Before the shake existed every reading below linked
12 of 12 (participations and choices in cast order, the receipt's digest on the ballot, the old rows in the file)."""

import random
import sqlite3
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, models

from thidua.core import backup
from thidua.demo import builders as b
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind, SessionState
from thidua.voting.models import Ballot, BallotChoice, BallotSession, Participation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 12
# A random permutation of 12 has on average 1 fixed point: 7 or more (forwards or backwards) about once in 6.000,
# a rank correlation of 0,9 or more with the cast order about once in 4.500; the cast order itself has 12 and 1.
CHANCE = 6
CORRELATION = 0.9


@pytest.fixture
def sqlite_file(tmp_path, transactional_db):
    """On SQLite, run the test on a database file in WAL mode (as in production) instead of the in-memory test
    database, so that the file and its -wal can be scanned: the in-memory database is copied to the file (schema
    and the migrations' rows), the connection is pointed at it, and put back afterwards."""
    if connection.vendor != "sqlite":
        yield None
        return
    path = tmp_path / "thidua.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    saved = connection.settings_dict["NAME"]
    connection.connection = None  # `memory` keeps the in-memory database alive; the next query opens the file
    connection.settings_dict["NAME"] = str(path)
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        yield path
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved
        connection.connection = memory


def _physical(table: str, column: str) -> list:
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _fixed_points(sequence: list[int]) -> int:
    """How many voters a reading in this order links to their choice: position k read as the k-th voter."""
    return max(sum(1 for k, value in enumerate(sequence) if value == k),
               sum(1 for k, value in enumerate(reversed(sequence)) if value == k))


def _aligned(first: list[int], second: list[int]) -> int:
    """Two tables read side by side in the same order (participation k ↔ choice k)."""
    return sum(1 for a, c in zip(first, second, strict=True) if a == c)


def _spearman(sequence: list[int]) -> float:
    n = len(sequence)
    return 1 - 6 * sum((k - v) ** 2 for k, v in enumerate(sequence)) / (n * (n * n - 1))


def _no_order(name: str, sequence: list[int]) -> None:
    assert sorted(sequence) == list(range(N)), name
    assert sequence != list(range(N)) and sequence != list(range(N))[::-1], f"{name}: the cast order"
    assert _fixed_points(sequence) <= CHANCE, f"{name}: {_fixed_points(sequence)} of {N} linked"
    assert abs(_spearman(sequence)) < CORRELATION, f"{name}: follows the cast order ({_spearman(sequence):.2f})"


def _vote(n: int = N):
    organiser = b.organiser("ubnd-bi-mat", "UBND tỉnh Bí Mật", "province")
    unit = b.unit("vp-bi-mat", "Văn phòng UBND tỉnh Bí Mật")
    persons = [b.person(unit, f"Thành Viên {i:03d}", "male", "Ủy viên") for i in range(n)]
    session = voting.create_session("Hội đồng xét danh hiệu", SessionKind.COUNCIL, electorate_kind="persons",
                                    organiser=organiser)
    voting.set_council(session, persons)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Chiến sĩ thi đua cơ sở")
    candidates = [voting.add_candidate(question, label=f"Ứng viên {i:03d}") for i in range(n)]
    voting.open_session(session)
    voters = {v.person_id: v for v in session.voters.all()}
    seen: dict[str, set] = {"ballots": set(), "choices": set(), "xids": set()}
    codes = []
    for i, person in enumerate(persons):  # member i votes for candidate i, one after another
        before = set(BallotChoice.objects.values_list("pk", flat=True))
        codes.append(voting.cast_ballot(session, voters[person.pk], {question.pk: [candidates[i].pk]}))
        new = BallotChoice.objects.exclude(pk__in=before)
        seen["choices"] |= {pk.hex for pk in new.values_list("pk", flat=True)}
        seen["ballots"] |= {pk.hex for pk in new.values_list("ballot_id", flat=True)}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT xmin::text FROM voting_participation WHERE voter_id = %s",
                               [voters[person.pk].pk])
                seen["xids"].add(cursor.fetchone()[0])
    assert len(seen["choices"]) == n and len(seen["xids"]) in (0, n)
    if connection.vendor == "postgresql":  # the files the ballot tables are in, to see VACUUM FULL write new ones
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_filenode(t)::text FROM unnest(%s::text[]) AS t", [list(voting.BALLOT_TABLES)])
            seen["files"] = {row[0] for row in cursor.fetchall()}
    voting.close_session(session)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    index = {"voter": {voters[p.pk].pk: i for i, p in enumerate(persons)},
             "candidate": {c.pk: i for i, c in enumerate(candidates)},
             "digest": {voting._digest(session, code): i for i, code in enumerate(codes)}}
    return session, codes, index, seen


@pytest.fixture
def repeatable(monkeypatch):
    monkeypatch.setattr(voting, "_RANDOM", random.Random(20261207))
    codes = (f"{n:04d}-{n * 7 % 9973:04d}-TEST" for n in range(1, 1000))
    monkeypatch.setattr(voting, "_new_receipt", lambda: next(codes))
    monkeypatch.setattr(voting, "_new_salt", lambda: "muoi-thu-nghiem")


@pytest.fixture
def voted(sqlite_file, repeatable):
    return (*_vote(), sqlite_file)


def test_the_count_is_whole_after_the_shake(voted):
    session, codes, _index, _seen, _path = voted
    tally = voting.tally_session(session)
    (question_tally,) = tally.values()
    assert question_tally.ballots_cast == N and sorted(r.votes for r in question_tally.rows) == [1] * N
    assert Participation.objects.filter(voter__session=session).count() == N
    assert all(voting.verify_receipt(session, code) for code in codes)
    assert not voting.verify_receipt(session, "AAAA-BBBB-CCCC")


def test_no_physical_order_or_row_id_links_a_voter_to_a_choice(voted):
    _session, _codes, index, _seen, _path = voted
    participations = [index["voter"][v] for v in _physical("voting_participation", "voter_id")]
    by_id = [index["voter"][v] for v in Participation.objects.order_by("id").values_list("voter_id", flat=True)]
    choices = [index["candidate"][c] for c in _physical("voting_ballotchoice", "candidate_id")]
    choice_of = dict(BallotChoice.objects.values_list("ballot_id", "candidate_id"))
    ballots = [index["candidate"][choice_of[_as_uuid(pk)]] for pk in _physical("voting_ballot", "id")
               if _as_uuid(pk) in choice_of]
    ballots_by_id = [index["candidate"][choice_of[pk]]
                     for pk in Ballot.objects.filter(cast=True).order_by("pk").values_list("pk", flat=True)]
    receipts = [index["digest"][d] for d in _physical("voting_receipt", "digest")]
    for name, sequence in [("participation", participations), ("participation by id", by_id),
                           ("choices", choices), ("ballots", ballots), ("ballots by id", ballots_by_id),
                           ("receipts", receipts)]:
        _no_order(name, sequence)
    # two tables read side by side: the k-th participation with the k-th choice, ballot or receipt
    for name, sequence in [("choices", choices), ("ballots", ballots), ("receipts", receipts)]:
        assert _aligned(participations, sequence) <= CHANCE, f"participation ↔ {name}"
        assert _aligned(by_id, sequence) <= CHANCE, f"participation by id ↔ {name}"


def test_following_a_receipt_finds_no_ballot(voted):
    session, codes, _index, _seen, _path = voted
    found: dict[str, int] = defaultdict(int)
    for code in codes:
        digest = voting._digest(session, code)
        for model in apps.get_app_config("voting").get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    found[model._meta.db_table] += model.objects.filter(**{field.attname: digest}).count()
    assert {table for table, n in found.items() if n} == {"voting_receipt"}
    receipt = apps.get_model("voting", "Receipt")
    assert {f.attname for f in receipt._meta.concrete_fields} == {"id", "session_id", "round", "digest"}


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_no_transaction_id_links_a_voter_to_a_choice(voted):
    _session, _codes, index, seen, _path = voted
    voters, candidates = defaultdict(set), defaultdict(set)
    choice_of = defaultdict(set)
    for ballot_id, candidate_id in BallotChoice.objects.values_list("ballot_id", "candidate_id"):
        choice_of[str(ballot_id)].add(index["candidate"][candidate_id])
    sides = [("voting_voter", "id", voters, lambda v: {index["voter"][v]}),
             ("voting_participation", "voter_id", voters, lambda v: {index["voter"][v]}),
             ("voting_receipt", "digest", voters, lambda d: {index["digest"][d]}),
             ("voting_ballotchoice", "candidate_id", candidates, lambda c: {index["candidate"][c]}),
             ("voting_candidate", "id", candidates, lambda c: {index["candidate"][c]}),
             ("voting_ballot", "id", candidates, lambda pk: choice_of.get(str(pk), set()))]
    every_xid = set()
    with connection.cursor() as cursor:
        for table, column, side, key in sides:
            cursor.execute(f"SELECT xmin::text, xmax::text, {column} FROM {table}")  # noqa: S608 - fixed names
            for xmin, xmax, value in cursor.fetchall():
                for xid in {xmin, xmax} - {"0"}:
                    side[xid] |= key(value)
                    every_xid.add(xid)
        for table in ("voting_ballotsession", "voting_question"):
            cursor.execute(f"SELECT xmin::text, xmax::text FROM {table}")  # noqa: S608 - fixed names
            every_xid |= {x for row in cursor.fetchall() for x in row}
    assert not seen["xids"] & every_xid, "a casting transaction's id is still on a row"
    # VACUUM FULL after the close: the tables are in new files, the pages that held the casts' rows are gone
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_filenode(t)::text FROM unnest(%s::text[]) AS t", [list(voting.BALLOT_TABLES)])
        assert not seen["files"] & {row[0] for row in cursor.fetchall()}
    linked = [v for v in range(N) if any(voters[x] == {v} and candidates[x] == {v} for x in list(voters))]
    assert linked == []


def _left_in_files(path: Path, seen: dict) -> bytes:
    """The file's bytes, once checked that neither it nor its -wal holds a row written while voting."""
    wal = Path(f"{path}-wal")
    data = path.read_bytes()
    log = wal.read_bytes() if wal.exists() else b""
    assert len(log) == 0, "the write-ahead log still holds the casts"
    for name in ("ballots", "choices"):
        left = [pk for pk in seen[name] if pk.encode() in data or pk.encode() in log]
        assert left == [], f"{len(left)} {name} written while voting are still in the file"
    return data


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_the_database_file_and_its_log_hold_no_trace_of_the_cast_order(voted):
    _session, _codes, index, seen, path = voted
    data = _left_in_files(path, seen)
    # the rows as they lie in the file, by the offset of their ids
    offsets = {}
    for pk, candidate_id in BallotChoice.objects.values_list("pk", "candidate_id"):
        offsets[data.index(pk.hex.encode())] = index["candidate"][candidate_id]
    _no_order("choices in the file", [offsets[o] for o in sorted(offsets)])
    digests = {data.index(d.encode()): i for d, i in index["digest"].items()}
    _no_order("receipts in the file", [digests[o] for o in sorted(digests)])


def test_a_backup_waits_while_a_round_is_open(sqlite_file):
    session = voting.create_session("Phiên đang mở", SessionKind.COUNCIL, electorate_kind="persons",
                                    council_name="Hội đồng")
    assert not voting.open_rounds_exist() and voting.backup_guard() == ""
    BallotSession.objects.filter(pk=session.pk).update(state=SessionState.OPEN)
    assert voting.open_rounds_exist()
    assert any("phiên bỏ phiếu mở" in reason for reason in backup.reasons_to_wait())
    BallotSession.objects.filter(pk=session.pk).update(state=SessionState.CLOSED)
    assert not any("phiên bỏ phiếu mở" in reason for reason in backup.reasons_to_wait())


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_a_large_round_leaves_no_cast_time_row_in_the_file(sqlite_file, repeatable):
    """Twelve rewritten rows fit the very bytes the twelve old ones freed; three hundred do not all, and without
    secure_delete and VACUUM some fifty ballots written while voting stayed readable in the file."""
    _session, _codes, _index, seen = _vote(300)
    _left_in_files(sqlite_file, seen)
