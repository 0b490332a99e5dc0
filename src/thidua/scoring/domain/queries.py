"""Loading a period's scoring data in a fixed number of queries, whatever the number of criteria or units."""

from decimal import Decimal

from thidua.clusters.models import EmulationPeriod
from thidua.scoring.domain import rules
from thidua.scoring.models import CriteriaSet, CriterionExclusion, PeerScore, ScoreEntry


def criterion_specs(criteria_set: CriteriaSet) -> list[rules.CriterionSpec]:
    return [rules.CriterionSpec(c["id"], c["type"], c["max_points"], c["parent_id"])
            for c in criteria_set.criteria.order_by("order").values("id", "type", "max_points", "parent_id")]


def exclusions_by_unit(criteria_set: CriteriaSet) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for criterion_id, unit_id in CriterionExclusion.objects.filter(criterion__criteria_set=criteria_set).values_list(
            "criterion_id", "unit_id"):
        out.setdefault(unit_id, set()).add(criterion_id)
    return out


def points_by_unit(period: EmulationPeriod) -> dict[int, dict[int, Decimal | None]]:
    out: dict[int, dict[int, Decimal | None]] = {}
    for unit_id, criterion_id, final, appraised, self_points in ScoreEntry.objects.filter(
            sheet__period=period).values_list("sheet__unit_id", "criterion_id", "final_points", "appraised_points",
                                              "self_points"):
        value = next((v for v in (final, appraised, self_points) if v is not None), None)
        out.setdefault(unit_id, {})[criterion_id] = value
    return out


def peer_scores_by_ratee(period: EmulationPeriod) -> dict[int, dict[int, Decimal]]:
    out: dict[int, dict[int, Decimal]] = {}
    for rater, ratee, points in PeerScore.objects.filter(period=period).values_list("rater_id", "ratee_id", "points"):
        out.setdefault(ratee, {})[rater] = points
    return out


def compute_ranking(period: EmulationPeriod) -> list[rules.UnitResult]:
    """The ranking of a period's members from the points that count on each sheet and the peer matrix."""
    criteria_set = CriteriaSet.objects.get(period=period)
    specs = criterion_specs(criteria_set)
    excluded = exclusions_by_unit(criteria_set)
    points = points_by_unit(period)
    peers = peer_scores_by_ratee(period)
    results = []
    for unit_id, unit_name in period.memberships.values_list("unit_id", "unit__name"):
        totals = rules.sheet_totals(specs, excluded.get(unit_id, set()), points.get(unit_id, {}))
        peer = rules.consolidate_peer(peers.get(unit_id, {}), criteria_set.peer_rule, criteria_set.trim_count,
                                      criteria_set.outlier_gap)
        final = rules.final_score(totals.percent, peer.score, criteria_set.peer_weight)
        results.append(rules.UnitResult(unit_id, unit_name, totals, peer, final))
    return rules.rank(results, criteria_set.tie_rules, criteria_set.bands)
