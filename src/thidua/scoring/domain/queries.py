"""Loading a period's scoring data in a fixed number of queries, whatever the number of criteria or units."""

from decimal import Decimal

from thidua.clusters.models import EmulationPeriod, Membership
from thidua.scoring.domain import rules
from thidua.scoring.models import CriteriaSet, Criterion, CriterionExclusion, PeerScore, ScoreEntry


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
    members = list(period.memberships.values_list("unit_id", "unit__name"))
    return _ranked(criteria_set, specs, excluded, points, peers, members)


def _ranked(criteria_set, specs, excluded, points, peers, members) -> list[rules.UnitResult]:
    results = []
    for unit_id, unit_name in members:
        totals = rules.sheet_totals(specs, excluded.get(unit_id, set()), points.get(unit_id, {}))
        peer = rules.consolidate_peer(peers.get(unit_id, {}), criteria_set.peer_rule, criteria_set.trim_count,
                                      criteria_set.outlier_gap)
        final = rules.final_score(totals.percent, peer.score, criteria_set.peer_weight)
        results.append(rules.UnitResult(unit_id, unit_name, totals, peer, final))
    return rules.rank(results, criteria_set.tie_rules, criteria_set.bands)


def compute_rankings(period_ids) -> dict[int, list[rules.UnitResult]]:
    """compute_ranking of several periods (a cluster's years) in six queries whatever their number: each
    period with a scale, by its id; a period without one is left out."""
    sets = {cs.period_id: cs for cs in CriteriaSet.objects.filter(period_id__in=list(period_ids))}
    if not sets:
        return {}
    specs: dict[int, list[rules.CriterionSpec]] = {pk: [] for pk in sets}
    by_set = {cs.pk: cs.period_id for cs in sets.values()}
    for c in (Criterion.objects.filter(criteria_set_id__in=list(by_set)).order_by("criteria_set_id", "order")
              .values("id", "type", "max_points", "parent_id", "criteria_set_id")):
        specs[by_set[c["criteria_set_id"]]].append(
            rules.CriterionSpec(c["id"], c["type"], c["max_points"], c["parent_id"]))
    excluded: dict[int, dict[int, set[int]]] = {pk: {} for pk in sets}
    for criterion_id, unit_id, set_id in CriterionExclusion.objects.filter(
            criterion__criteria_set_id__in=list(by_set)).values_list("criterion_id", "unit_id",
                                                                     "criterion__criteria_set_id"):
        excluded[by_set[set_id]].setdefault(unit_id, set()).add(criterion_id)
    points: dict[int, dict[int, dict[int, Decimal | None]]] = {pk: {} for pk in sets}
    for period_id, unit_id, criterion_id, final, appraised, self_points in ScoreEntry.objects.filter(
            sheet__period_id__in=list(sets)).values_list("sheet__period_id", "sheet__unit_id", "criterion_id",
                                                         "final_points", "appraised_points", "self_points"):
        value = next((v for v in (final, appraised, self_points) if v is not None), None)
        points[period_id].setdefault(unit_id, {})[criterion_id] = value
    peers: dict[int, dict[int, dict[int, Decimal]]] = {pk: {} for pk in sets}
    for period_id, rater, ratee, score in PeerScore.objects.filter(period_id__in=list(sets)).values_list(
            "period_id", "rater_id", "ratee_id", "points"):
        peers[period_id].setdefault(ratee, {})[rater] = score
    members: dict[int, list[tuple[int, str]]] = {pk: [] for pk in sets}
    for period_id, unit_id, unit_name in Membership.objects.filter(period_id__in=list(sets)).order_by(
            "period_id", "pk").values_list("period_id", "unit_id", "unit__name"):
        members[period_id].append((unit_id, unit_name))
    return {pk: _ranked(cs, specs[pk], excluded[pk], points[pk], peers[pk], members[pk]) for pk, cs in sets.items()}
