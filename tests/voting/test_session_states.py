"""The ballot session's state machine (voting.enums.SESSION_TRANSITIONS): every transition in the table works and
is logged; every pair not in the table is refused in Vietnamese with nothing written; another round is a
transition of its own with its guards, never a silent reopening; a failed write leaves nothing half done."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import (
    SESSION_TRANSITIONS,
    QuestionKind,
    SessionKind,
    SessionState,
    SessionTransition,
)
from thidua.voting.models import Ballot, BallotSession, QuestionResult, Voter

pytestmark = pytest.mark.django_db

REFUSED = [(name, state) for name, moves in SESSION_TRANSITIONS.items() for state in SessionState.values
           if state not in moves]


@pytest.fixture
def ctx(make_user):
    organiser = b.organiser("ss-org", "UBND tỉnh phiên", "province", area_code="lang-son")
    cluster = b.cluster("ss-cum", "Cụm phiên bỏ phiếu", organiser, area_code="lang-son")
    units = [b.unit(f"ss-{i}", f"Đơn vị phiên {i}", area_code="lang-son", sector_code="toa-an") for i in range(4)]
    period = create_period(cluster, 2026)
    add_members(period, units)
    set_leader(period, "head", units[0])
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    session = voting.create_session("Suy tôn 2026", SessionKind.NOMINATION, period=period)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Cờ thi đua")
    for unit in units:
        voting.add_candidate(question, unit=unit)
    return SimpleNamespace(units=units, period=period, session=session, question=question,
                           head=make_user("ss-head", (Role.HEAD_STAFF, units[0])),
                           member=make_user("ss-member", (Role.LEADER, units[1])))


def vote_a_tie(ctx, session):
    """Two votes each for the first two members: nobody has more than half, a tie."""
    for voter, unit in zip(session.voters.order_by("label"), [0, 0, 1, 1], strict=True):
        voting.cast_ballot(session, voter, {ctx.question.pk: [ctx.question.candidates.get(unit=ctx.units[unit]).pk]})


def state_of(session) -> str:
    return BallotSession.objects.get(pk=session.pk).state


def test_the_table():
    assert set(SESSION_TRANSITIONS) == set(SessionTransition.values)
    moves = {(name, source, target) for name, table in SESSION_TRANSITIONS.items() for source, target in table.items()}
    assert moves == {("open", "draft", "open"), ("close", "open", "closed"), ("tally", "closed", "tallied"),
                     ("next_round", "tallied", "open")}


def test_every_transition_in_the_table_works_and_is_logged(ctx):
    session, path = ctx.session, [SessionTransition.OPEN, SessionTransition.CLOSE, SessionTransition.TALLY,
                                  SessionTransition.NEXT_ROUND, SessionTransition.CLOSE, SessionTransition.TALLY]
    assert set(path) == set(SESSION_TRANSITIONS)
    for step, name in enumerate(path):
        old = state_of(session)
        if step == 1:
            vote_a_tie(ctx, session)
        logged = Activity.objects.count()
        session = voting.transition(session, name, actor=ctx.head)
        assert state_of(session) == session.state == SESSION_TRANSITIONS[name][old], name
        entry = Activity.objects.order_by("-id").first()
        assert Activity.objects.count() == logged + 1 and entry.action == Activity.Action.TRANSITION
        assert entry.actor == ctx.head
        assert entry.changes == [{"field": "Trạng thái", "old": SessionState(old).label,
                                  "new": SessionState(session.state).label}]
    assert session.current_round == 2 and session.voters.count() == 4
    assert Ballot.objects.filter(session=session, round=2).count() == 4  # the new round's empty slots
    assert QuestionResult.objects.filter(question=ctx.question).count() == 2


@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_every_pair_not_in_the_table_is_refused_and_nothing_is_written(ctx, name, state):
    BallotSession.objects.filter(pk=ctx.session.pk).update(state=state, current_round=1 if state != "draft" else 0)
    before = (Activity.objects.count(), Ballot.objects.count(), Voter.objects.count(),
              QuestionResult.objects.count())
    with pytest.raises(ValidationError) as error:
        voting.transition(ctx.session, name, actor=ctx.head)
    assert error.value.messages == [str(voting.REFUSED_IN_STATE[name])]
    assert state_of(ctx.session) == state
    assert (Activity.objects.count(), Ballot.objects.count(), Voter.objects.count(),
            QuestionResult.objects.count()) == before


def test_another_round_is_a_transition_of_its_own_with_its_guards(ctx):
    session = voting.open_session(ctx.session)
    vote_a_tie(ctx, session)
    voting.close_session(session)
    voting.tally_session(session)
    # a counted session does not reopen by the opening's way: only by another round, with its checks
    with pytest.raises(ValidationError, match="không còn ở trạng thái chuẩn bị"):
        voting.transition(session, SessionTransition.OPEN)
    assert voting.issues_before(session, SessionTransition.NEXT_ROUND) == []
    # the rounds are used up: the head and deputy decide instead
    BallotSession.objects.filter(pk=session.pk).update(max_rounds=1)
    with pytest.raises(ValidationError) as error:
        voting.transition(session, SessionTransition.NEXT_ROUND)
    assert error.value.messages == ["Đã bỏ phiếu đủ 1 vòng tối đa; trưởng, phó cụm quyết định theo quy chế."]
    assert state_of(session) == SessionState.TALLIED and not Ballot.objects.filter(round=2).exists()
    # every question has its result: nothing to vote on again
    BallotSession.objects.filter(pk=session.pk).update(max_rounds=2)
    result = QuestionResult.objects.get(question=ctx.question, round=1)
    result.rows[0]["outcome"] = "passed"
    result.rows = [r if i == 0 else {**r, "outcome": "not_passed"} for i, r in enumerate(result.rows)]
    result.save()
    with pytest.raises(ValidationError, match="Mọi nội dung đã có kết quả"):
        voting.transition(session, SessionTransition.NEXT_ROUND)
    assert state_of(session) == SessionState.TALLIED


def test_who_may_take_a_transition(ctx):
    session = BallotSession.objects.get(pk=ctx.session.pk)
    assert voting.available_transitions(session, ctx.head) == ["open"]
    assert voting.available_transitions(session, ctx.member) == []
    with pytest.raises(PermissionDenied):
        voting.transition(session, SessionTransition.OPEN, actor=ctx.member)
    assert state_of(session) == SessionState.DRAFT and not Voter.objects.filter(session=session).exists()
    session = voting.open_session(session)
    assert voting.available_transitions(session, ctx.head) == ["close"]


def test_a_failed_write_leaves_nothing_half_done(ctx, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(voting.activity, "record", broken)
    with pytest.raises(RuntimeError):
        voting.open_session(ctx.session)
    assert state_of(ctx.session) == SessionState.DRAFT
    assert not Voter.objects.filter(session=ctx.session).exists() and not Ballot.objects.exists()
    assert BallotSession.objects.get(pk=ctx.session.pk).receipt_salt == ""
