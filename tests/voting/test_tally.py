"""The count's rules at their edges, and invariants under Hypothesis."""

from decimal import Decimal
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.voting.domain.quotas import government_flag_quota
from thidua.voting.domain.tally import CountRules, count_question, has_quorum, meets_threshold
from thidua.voting.enums import Outcome

D = Decimal
MAJORITY = CountRules(F(1, 2), True, "all", F(1, 2), 1)          # > 50% of all members
EIGHTY = CountRules(F(4, 5), False, "all", F(2, 3), 1)           # ≥ 80% of all council members (Decree 98 art 30(7))
TWO_THIRDS_PRESENT = CountRules(F(2, 3), False, "present", F(1, 2), 1)


def test_threshold_edges():
    assert not meets_threshold(3, 6, 6, MAJORITY)        # 50% is not > 50%
    assert meets_threshold(4, 7, 7, MAJORITY)
    assert not meets_threshold(3, 7, 7, MAJORITY)
    assert meets_threshold(8, 10, 10, EIGHTY)            # 80% ≥ 80%
    assert not meets_threshold(7, 10, 10, EIGHTY)
    assert not meets_threshold(11, 15, 15, EIGHTY)       # 73,3%
    assert meets_threshold(12, 15, 13, EIGHTY)           # of all 15, not of the 13 present
    assert meets_threshold(4, 10, 6, TWO_THIRDS_PRESENT)  # 4/6 = 66,67%
    assert not meets_threshold(4, 10, 7, TWO_THIRDS_PRESENT)


def test_quorum_edges():
    assert has_quorum(5, 10, F(1, 2)) and not has_quorum(4, 10, F(1, 2))
    assert has_quorum(10, 15, F(2, 3)) and not has_quorum(9, 15, F(2, 3))
    assert not has_quorum(0, 0, F(1, 2))


def test_one_seat_and_a_tie_goes_to_another_round():
    labels = {1: "A", 2: "B", 3: "C"}
    result = count_question({1: 4, 2: 4, 3: 1}, labels, 7, 7, 7, MAJORITY)
    assert result.winners == [] and result.tied_for_last_seat == [1, 2]
    assert {r.outcome for r in result.rows if r.candidate_id in (1, 2)} == {Outcome.TIE}
    result = count_question({1: 5, 2: 4, 3: 1}, labels, 7, 7, 7, MAJORITY)
    assert [r.candidate_id for r in result.winners] == [1]
    assert "ngoài 1 chỉ tiêu" in next(r.reason for r in result.rows if r.candidate_id == 2)


def test_no_quorum_passes_nobody_and_says_why():
    result = count_question({1: 3}, {1: "A"}, 7, 3, 3, MAJORITY)
    assert not result.quorum and result.winners == []
    assert "chưa đủ túc số" in result.rows[0].reason


def test_government_flag_quota_is_20_percent_rounded_down():
    assert government_flag_quota(5) == 1
    assert government_flag_quota(4) == 0
    assert government_flag_quota(54) == 10
    assert government_flag_quota(54, D(25)) == 13
    assert government_flag_quota(0) == 0


rules = st.builds(CountRules, st.fractions(F(1, 100), F(99, 100)), st.booleans(), st.sampled_from(["all", "present"]),
                  st.fractions(F(0), F(1)), st.integers(1, 3))


@st.composite
def an_election(draw):
    electorate = draw(st.integers(1, 60))
    cast = draw(st.integers(0, electorate))
    invalid = draw(st.integers(0, cast))
    valid = cast - invalid
    n = draw(st.integers(1, 6))
    max_choices = draw(st.integers(1, n))
    # each valid ballot picks up to max_choices distinct candidates
    votes = dict.fromkeys(range(1, n + 1), 0)
    for _ in range(valid):
        for c in draw(st.lists(st.integers(1, n), max_size=max_choices, unique=True)):
            votes[c] += 1
    return electorate, cast, valid, votes, {c: f"Ứng cử {c}" for c in votes}, max_choices


@given(an_election(), rules)
@settings(max_examples=300)
def test_counts_add_up_to_the_ballots(election, count_rules):
    electorate, cast, valid, votes, labels, max_choices = election
    result = count_question(votes, labels, electorate, cast, valid, count_rules)
    assert result.ballots_cast == cast and result.ballots_valid <= result.ballots_cast
    assert sum(r.votes for r in result.rows) == sum(votes.values()) <= valid * max_choices
    assert len(result.winners) <= count_rules.seats
    assert all(r.votes <= valid for r in result.rows)


@given(an_election(), rules, st.data())
@settings(max_examples=300)
def test_a_candidate_passing_with_k_votes_still_passes_with_k_plus_1(election, count_rules, data):
    electorate, cast, valid, votes, labels, _ = election
    winners = count_question(votes, labels, electorate, cast, valid, count_rules).winners
    if not winners or valid == electorate:
        return
    chosen = data.draw(st.sampled_from([w.candidate_id for w in winners]))
    more = dict(votes)
    more[chosen] += 1  # one more ballot, for this candidate
    again = count_question(more, labels, electorate, cast + 1, valid + 1, count_rules)
    # (k+1)/(v+1) ≥ k/v when k ≤ v, so the share never falls; and the candidate only moves up among the others
    assert chosen in [w.candidate_id for w in again.winners]
