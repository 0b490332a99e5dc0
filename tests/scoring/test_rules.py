"""The scale's arithmetic at its edges, and its invariants under Hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.scoring.domain import rules
from thidua.scoring.enums import CriterionType as T

D = Decimal


def test_quantitative_is_scaled_to_the_units_own_target_and_capped():
    assert rules.criterion_points(T.QUANTITATIVE, D(30), D(50), target=D(100)) == D("15.00")
    assert rules.criterion_points(T.QUANTITATIVE, D(30), D(100), target=D(100)) == D("30.00")
    assert rules.criterion_points(T.QUANTITATIVE, D(30), D(150), target=D(100)) == D("30.00")  # capped
    assert rules.criterion_points(T.QUANTITATIVE, D(10), D(0), target=D(70)) == D("0.00")
    with pytest.raises(rules.ScoreError, match="chưa đăng ký chỉ tiêu"):
        rules.criterion_points(T.QUANTITATIVE, D(30), D(50), target=None)
    with pytest.raises(rules.ScoreError, match="chưa đăng ký chỉ tiêu"):
        rules.criterion_points(T.QUANTITATIVE, D(30), D(50), target=D(0))


def test_pass_fail_per_occurrence_bonus_penalty():
    assert rules.criterion_points(T.PASS_FAIL, D(10), D(1)) == D(10)
    assert rules.criterion_points(T.PASS_FAIL, D(10), D(0)) == D(0)
    with pytest.raises(rules.ScoreError, match="chỉ nhận 1"):
        rules.criterion_points(T.PASS_FAIL, D(10), D("0.5"))
    assert rules.criterion_points(T.PER_OCCURRENCE, D(10), D(3), points_per_occurrence=D(2)) == D(6)
    assert rules.criterion_points(T.PER_OCCURRENCE, D(10), D(7), points_per_occurrence=D(2)) == D(10)
    with pytest.raises(rules.ScoreError, match="số nguyên"):
        rules.criterion_points(T.PER_OCCURRENCE, D(10), D("1.5"), points_per_occurrence=D(2))
    assert rules.criterion_points(T.BONUS, D(5), D(5)) == D(5)
    assert rules.criterion_points(T.PENALTY, D(10), D(3)) == D(-3)
    with pytest.raises(rules.ScoreError, match="vượt quá mức tối đa 5"):
        rules.criterion_points(T.BONUS, D(5), D("5.5"))
    with pytest.raises(rules.ScoreError, match="không được âm"):
        rules.criterion_points(T.PASS_FAIL, D(10), D(-1))
    assert rules.criterion_points(T.PASS_FAIL, D(10), None) is None


def specs():
    return [rules.CriterionSpec(1, T.GROUP, D(60)), rules.CriterionSpec(2, T.QUANTITATIVE, D(30), 1),
            rules.CriterionSpec(3, T.PASS_FAIL, D(30), 1), rules.CriterionSpec(4, T.PASS_FAIL, D(40)),
            rules.CriterionSpec(5, T.BONUS, D(5)), rules.CriterionSpec(6, T.PENALTY, D(10))]


def test_not_applicable_criteria_leave_the_maximum_with_their_group():
    points = {2: D(30), 3: D(30), 4: D(40)}
    assert rules.sheet_totals(specs(), set(), points).applicable_max == D(100)
    assert rules.sheet_totals(specs(), {4}, points).applicable_max == D(60)
    assert rules.sheet_totals(specs(), {1}, points).applicable_max == D(40)  # the group takes its children along
    assert rules.sheet_totals(specs(), {1}, points).percent == D(100)


def test_bonus_cannot_lift_the_score_above_100_percent_and_penalty_not_below_0():
    assert rules.sheet_totals(specs(), set(), {2: D(30), 3: D(30), 4: D(40), 5: D(5)}).percent == D(100)
    assert rules.sheet_totals(specs(), set(), {2: D(0), 3: D(0), 4: D(0), 6: D(-10)}).percent == D(0)
    assert rules.sheet_totals(specs(), set(), {2: D(30), 3: D(30), 4: D(30), 6: D(-3)}).percent == D(87)


def test_peer_consolidation_is_robust_and_flags_outliers():
    scores = {1: D(90), 2: D(91), 3: D(92), 4: D(93), 5: D(40)}
    trimmed = rules.consolidate_peer(scores, "trimmed_mean", 1, D(15))
    assert trimmed.score == D(91) and trimmed.outliers == [5]  # 40 and 93 dropped
    median = rules.consolidate_peer(scores, "median", 1, D(15))
    assert median.score == D(91) and median.outliers == [5]
    assert rules.consolidate_peer({}, "median", 1, D(15)).score is None
    # too few scores to trim: the plain mean
    assert rules.consolidate_peer({1: D(80), 2: D(90)}, "trimmed_mean", 1, D(15)).score == D(85)


def test_bands_and_ties():
    bands = [{"label": "Xuất sắc", "min": 90}, {"label": "Tốt", "min": 80}, {"label": "Khá", "min": 0}]
    assert rules.band_for(D(90), bands) == "Xuất sắc"
    assert rules.band_for(D("89.99"), bands) == "Tốt"
    assert rules.band_for(D(0), bands) == "Khá"
    a = rules.UnitResult(1, "Bộ Chỉ huy Quân sự", rules.SheetTotals(bonus=D(3)), rules.PeerResult(D(90)), D(95))
    b = rules.UnitResult(2, "Công an tỉnh", rules.SheetTotals(bonus=D(3)), rules.PeerResult(D(92)), D(95))
    c = rules.UnitResult(3, "An ninh", rules.SheetTotals(bonus=D(4)), rules.PeerResult(D(92)), D(95))
    assert [r.unit_id for r in rules.rank([a, b], ["peer", "name"], bands)] == [2, 1]  # the peer score decides
    assert [r.unit_id for r in rules.rank([a, b, c], ["peer", "bonus"], bands)] == [3, 2, 1]
    assert [r.unit_id for r in rules.rank([a, b, c], ["name"], bands)] == [3, 1, 2]


# -- invariants ---------------------------------------------------------------------------------------------

criterion_types = st.sampled_from([T.QUANTITATIVE, T.PASS_FAIL, T.PER_OCCURRENCE, T.BONUS, T.PENALTY])
money = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def a_scale(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    criteria, points = [], {}
    for i in range(1, n + 1):
        ctype = draw(criterion_types)
        maximum = draw(st.decimals(min_value=0, max_value=50, places=2))
        criteria.append(rules.CriterionSpec(i, ctype, maximum))
        if ctype == T.PASS_FAIL:
            value = draw(st.sampled_from([D(0), D(1)]))
            points[i] = rules.criterion_points(ctype, maximum, value)
        elif ctype == T.QUANTITATIVE:
            points[i] = rules.criterion_points(ctype, maximum, draw(money), target=draw(
                st.decimals(min_value="0.01", max_value=1000, places=2)))
        elif ctype == T.PER_OCCURRENCE:
            points[i] = rules.criterion_points(ctype, maximum, D(draw(st.integers(0, 50))),
                                               points_per_occurrence=draw(st.decimals(0, 10, places=2)))
        else:
            points[i] = rules.criterion_points(ctype, maximum, draw(st.decimals(0, maximum, places=2)))
    excluded = draw(st.sets(st.integers(1, n)))
    return criteria, points, excluded


@given(a_scale(), st.decimals(0, 100, places=2), st.decimals(0, 100, places=2))
@settings(max_examples=300)
def test_final_score_never_exceeds_100_percent_of_the_applicable_maximum(scale, peer, weight):
    criteria, points, excluded = scale
    totals = rules.sheet_totals(criteria, excluded, points)
    assert D(0) <= totals.percent <= D(100)
    assert totals.base <= totals.applicable_max
    assert D(0) <= rules.final_score(totals.percent, peer, weight) <= D(100)


@given(st.lists(a_scale(), min_size=2, max_size=5), st.integers(0, 11))
@settings(max_examples=200)
def test_removing_a_not_applicable_criterion_does_not_change_other_units(scales, drop):
    """Unit 0 does not apply criterion `drop`: excluding it for unit 0 changes no other unit's totals."""
    base_criteria = scales[0][0]
    others = [rules.sheet_totals(base_criteria, set(), s[1]) for s in scales[1:]]
    rules.sheet_totals(base_criteria, {drop + 1}, scales[0][1])
    assert others == [rules.sheet_totals(base_criteria, set(), s[1]) for s in scales[1:]]


results = st.builds(
    lambda uid, name, final, peer, bonus, penalty: rules.UnitResult(
        uid, name, rules.SheetTotals(bonus=bonus, penalty=penalty), rules.PeerResult(peer), final),
    st.integers(1, 10_000), st.sampled_from(["An", "Bình", "Đà", "Dak", "Ân", "Công an"]),
    st.decimals(0, 100, places=1), st.one_of(st.none(), st.decimals(0, 100, places=1)),
    st.decimals(0, 5, places=0), st.decimals(0, 5, places=0))


@given(st.lists(results, min_size=1, max_size=15, unique_by=lambda r: r.unit_id),
       st.permutations(["peer", "bonus", "penalty", "name"]))
@settings(max_examples=300)
def test_ranking_is_a_total_order_consistent_with_scores_and_tie_rules(units, tie_rules):
    ranked = rules.rank(list(units), tie_rules, [{"label": "x", "min": 0}])
    assert [r.rank for r in ranked] == list(range(1, len(units) + 1))
    for higher, lower in zip(ranked, ranked[1:], strict=False):
        assert higher.final >= lower.final
        assert rules.ranking_key(higher, tie_rules) < rules.ranking_key(lower, tie_rules)
    # the same input in another order gives the same ranking
    again = rules.rank(list(reversed(units)), tie_rules, [{"label": "x", "min": 0}])
    assert [r.unit_id for r in again] == [r.unit_id for r in ranked]
