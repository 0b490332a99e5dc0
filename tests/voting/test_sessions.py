"""Ballot sessions: blockers before opening, bad input refused with nothing counted, rounds, paper and written
votes, and secrecy — from the database alone nobody can tell how a unit voted."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import Channel, QuestionKind, SessionKind
from thidua.voting.models import Ballot, BallotChoice, Participation, Voter

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(s1):
    period = s1["cluster"].periods.get(year=2023)
    session = voting.create_session("Suy tôn 2023", SessionKind.NOMINATION, period=period)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Cờ thi đua", "Cờ thi đua của UBND tỉnh")
    for unit in s1["units"].values():
        if unit.code != "ls-snv":
            voting.add_candidate(question, unit=unit)
    return {"session": session, "question": question, "period": period, "units": s1["units"]}


def opened(ctx):
    advance_to(ctx["period"], Phase.VOTING, reason="kiểm thử")
    return voting.open_session(ctx["session"])


def choice(ctx, key):
    return {ctx["question"].pk: [ctx["question"].candidates.get(unit=ctx["units"][key]).pk]}


def test_blockers_are_listed_until_the_session_can_open(s1, session):
    empty = voting.create_session("Trống", SessionKind.NOMINATION, period=session["period"])
    assert "Chưa có nội dung bỏ phiếu." in voting.issues_before_opening(empty)
    assert any("giai đoạn" in p for p in voting.issues_before_opening(session["session"]))
    q2 = voting.add_question(session["session"], QuestionKind.NOMINATE, "Bằng khen")
    assert "“Bằng khen”: chưa có người, đơn vị được bỏ phiếu." in voting.issues_before_opening(session["session"])
    voting.add_candidate(q2, unit=s1["units"]["snv"])  # not a member of the cluster
    advance_to(session["period"], Phase.VOTING, reason="kiểm thử")
    problems = voting.issues_before_opening(session["session"])
    assert problems == ["“Bằng khen”: Sở Nội vụ tỉnh Lạng Sơn không phải thành viên của cụm năm 2023, "
                        "không đủ điều kiện."]
    with pytest.raises(ValidationError):
        voting.open_session(session["session"])


def test_the_electorate_and_candidates_are_frozen_when_the_session_opens(session):
    s = opened(session)
    assert s.voters.count() == 7 and Ballot.objects.filter(session=s, cast=False).count() == 7
    with pytest.raises(ValidationError, match="đã chốt"):
        voting.add_candidate(session["question"], label="Thêm")


def test_bad_ballots_are_refused_and_nothing_is_counted(session):
    s = opened(session)
    voter = s.voters.first()
    other = voting.add_question  # noqa: F841 - the list is frozen; a stranger candidate id:
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        voting.cast_ballot(s, voter, {session["question"].pk: [999999]})
    with pytest.raises(ValidationError, match="nhiều hơn số được chọn tối đa"):
        voting.cast_ballot(s, voter, {session["question"].pk: [c.pk for c in session["question"].candidates.all()[:2]]})
    with pytest.raises(ValidationError, match="không thuộc phiên"):
        voting.cast_ballot(s, voter, {123456: []})
    assert not Participation.objects.exists() and not Ballot.objects.filter(cast=True).exists()
    code = voting.cast_ballot(s, voter, choice(session, "tand"))
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        voting.cast_ballot(s, voter, choice(session, "ca"))
    assert Ballot.objects.filter(cast=True).count() == 1
    assert voting.verify_receipt(s, code) and voting.verify_receipt(s, code.lower().replace("-", ""))
    assert not voting.verify_receipt(s, "ABCD-EFGH-JKLM")  # a forged receipt
    voting.close_session(s)
    with pytest.raises(ValidationError, match="không mở"):
        voting.cast_ballot(s, s.voters.last(), choice(session, "tand"))


def test_secrecy_nothing_links_a_voter_to_a_ballot(session):
    s = opened(session)
    for voter in s.voters.all():
        voting.cast_ballot(s, voter, choice(session, "tand" if voter.pk % 2 else "ca"))
    ballot_columns = {f.column for f in Ballot._meta.get_fields() if hasattr(f, "column")}
    choice_columns = {f.column for f in BallotChoice._meta.get_fields() if hasattr(f, "column")}
    assert ballot_columns == {"id", "session_id", "round", "cast", "invalid"}  # no receipt: tests/voting/test_secrecy.py
    assert choice_columns == {"id", "ballot_id", "candidate_id"}
    participation_columns = {f.column for f in Participation._meta.get_fields() if hasattr(f, "column")}
    assert participation_columns == {"id", "voter_id", "round", "channel"}  # no time, no choice
    assert not any("time" in c or c.endswith("_at") for c in ballot_columns | choice_columns | participation_columns)
    # ballot ids are random (not in casting order), and the slots were created before anyone voted
    ids = [str(b) for b in Ballot.objects.filter(session=s).values_list("id", flat=True)]
    assert len(set(ids)) == 7 and all(len(i) == 36 for i in ids)
    # the activity log and any history: nothing about ballots
    assert not Activity.objects.filter(target_type__model__in=["ballot", "ballotchoice", "participation"]).exists()
    assert not Activity.objects.filter(summary__icontains="phiếu bầu").exists()
    tables = connection.introspection.table_names()
    assert not [t for t in tables if "ballot" in t and "history" in t]


def test_paper_ballots_one_by_one_or_as_counts_and_written_votes(session):
    s = opened(session)
    voters = list(s.voters.all())
    with pytest.raises(ValidationError, match="đã bằng số người bỏ phiếu giấy"):
        voting.enter_paper_ballot(s, choice(session, "tand"))
    voting.mark_paper_voters(s, voters[:4])
    for _ in range(2):
        voting.enter_paper_ballot(s, choice(session, "tand"))
    with pytest.raises(ValidationError, match="nhiều hơn số người bỏ phiếu giấy còn lại"):
        voting.enter_paper_counts(s, session["question"], 3, 0, {})
    tand = session["question"].candidates.get(unit=session["units"]["tand"])
    voting.enter_paper_counts(s, session["question"], 2, 0, {tand.pk: 2})
    voting.cast_ballot(s, voters[4], choice(session, "tand"), channel=Channel.WRITTEN)
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        voting.mark_paper_voters(s, [voters[4]])
    voting.close_session(s)
    tally = voting.tally_session(s)[session["question"].pk]
    assert tally.ballots_cast == 5 and {r.label: r.votes for r in tally.rows}[tand.label] == 5
    assert [r.label for r in tally.winners] == [tand.label]  # 5 of 7 > 50%


def test_a_tie_goes_to_a_second_round_and_never_beyond_the_limit(session):
    s = opened(session)
    voters = list(s.voters.all())
    for voter, key in zip(voters, ["tand", "tand", "tand", "ca", "ca", "ca", "vks"], strict=True):
        voting.cast_ballot(s, voter, choice(session, key))
    voting.close_session(s)
    tally = voting.tally_session(s)[session["question"].pk]
    assert tally.winners == []  # 3 of 7 is not > 50%
    s = voting.start_next_round(s)
    assert s.current_round == 2
    remaining = set(session["question"].candidates.filter(eliminated_in_round__isnull=True).values_list(
        "unit__code", flat=True))
    assert {"ls-tand", "ls-ca", "ls-vks"} <= remaining
    for voter, key in zip(voters, ["tand", "tand", "tand", "ca", "ca", "ca", "vks"], strict=True):
        voting.cast_ballot(s, voter, choice(session, key))
    voting.close_session(s)
    voting.tally_session(s)
    with pytest.raises(ValidationError, match="đủ 2 vòng tối đa"):
        voting.start_next_round(s)
    tand = session["question"].candidates.get(unit=session["units"]["tand"])
    result = voting.record_leaders_decision(session["question"], tand, "Đơn vị tiêu biểu hơn về kết quả chấm điểm")
    assert result.decided_by_leaders
    applied = voting.apply_results(s)
    assert [n.unit.code for n in applied["nominations"]] == ["ls-tand"]


def test_council_votes_by_persons_with_eighty_percent_of_all_members(s1):
    from thidua.orgs.models import Person

    members = list(Person.objects.filter(unit=s1["units"]["snv"])[:10])
    session = voting.create_session("Hội đồng xét Cờ thi đua", SessionKind.COUNCIL, electorate_kind="persons",
                                    threshold_numerator=4, threshold_denominator=5, threshold_strict=False,
                                    quorum_numerator=2, quorum_denominator=3)
    question = voting.add_question(session, QuestionKind.APPROVE, "Tặng Cờ thi đua cho TAND tỉnh")
    yes = voting.add_candidate(question, unit=s1["units"]["tand"])
    voting.set_council(session, members)
    session = voting.open_session(session)
    voters = list(Voter.objects.filter(session=session))
    for voter in voters[:7]:
        voting.cast_ballot(session, voter, {question.pk: [yes.pk]})
    voting.cast_ballot(session, voters[7], {question.pk: [yes.pk]}, channel=Channel.WRITTEN)  # absent, in writing
    voting.close_session(session)
    tally = voting.tally_session(session)[question.pk]
    assert tally.rows[0].votes == 8 and tally.winners  # 8/10 ≥ 80% of ALL members
    assert "≥ 80% tổng số thành viên" in tally.rows[0].reason
