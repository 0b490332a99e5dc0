"""Loading a period's scoring data in a fixed number of queries, whatever the number of criteria or units — one
period or many (a cluster's years), by the same loaders: the ranking (compute_rankings; compute_ranking is its
one-period case) and the points by criterion group (group_points) read the points that count the same way."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from thidua.clusters.models import EmulationPeriod, Membership
from thidua.scoring.domain import rules
from thidua.scoring.enums import CriterionType
from thidua.scoring.models import CriteriaSet, Criterion, CriterionExclusion, PeerScore, ScoreEntry

Points = dict[int, dict[int, Decimal | None]]  # unit → criterion → the points that count (None: not scored)


def _spec(c: Mapping[str, Any]) -> rules.CriterionSpec:
    return rules.CriterionSpec(c["id"], c["type"], c["max_points"], c["parent_id"])


def criterion_specs(criteria_set: CriteriaSet) -> list[rules.CriterionSpec]:
    return [_spec(c) for c in criteria_set.criteria.order_by("order").values("id", "type", "max_points", "parent_id")]


def _exclusions(set_periods: dict[int, int]) -> dict[int, dict[int, set[int]]]:
    """Each period's excluded criteria by unit, for the criteria sets {set: period}. One query."""
    out: dict[int, dict[int, set[int]]] = {pk: {} for pk in set_periods.values()}
    for criterion_id, unit_id, set_id in CriterionExclusion.objects.filter(
            criterion__criteria_set_id__in=list(set_periods)).values_list("criterion_id", "unit_id",
                                                                        "criterion__criteria_set_id"):
        out[set_periods[set_id]].setdefault(unit_id, set()).add(criterion_id)
    return out


def exclusions_by_unit(criteria_set: CriteriaSet) -> dict[int, set[int]]:
    return _exclusions({criteria_set.pk: criteria_set.period_id})[criteria_set.period_id]


def _points(period_ids: list[int]) -> dict[int, Points]:
    """The points that count on each sheet of each period: after the second look (final), else the appraisal,
    else the unit's own. One query."""
    out: dict[int, Points] = {pk: {} for pk in period_ids}
    for period_id, unit_id, criterion_id, final, appraised, self_points in ScoreEntry.objects.filter(
            sheet__period_id__in=period_ids).values_list("sheet__period_id", "sheet__unit_id", "criterion_id",
                                                         "final_points", "appraised_points", "self_points"):
        value = next((v for v in (final, appraised, self_points) if v is not None), None)
        out[period_id].setdefault(unit_id, {})[criterion_id] = value
    return out


def points_by_unit(period: EmulationPeriod) -> Points:
    return _points([period.pk])[period.pk]


def _peers(period_ids: list[int]) -> dict[int, dict[int, dict[int, Decimal]]]:
    out: dict[int, dict[int, dict[int, Decimal]]] = {pk: {} for pk in period_ids}
    for period_id, rater, ratee, score in PeerScore.objects.filter(period_id__in=period_ids).values_list(
            "period_id", "rater_id", "ratee_id", "points"):
        out[period_id].setdefault(ratee, {})[rater] = score
    return out


def peer_scores_by_ratee(period: EmulationPeriod) -> dict[int, dict[int, Decimal]]:
    return _peers([period.pk])[period.pk]


def compute_ranking(period: EmulationPeriod) -> list[rules.UnitResult]:
    """The ranking of a period's members from the points that count on each sheet and the peer matrix:
    compute_rankings of the one period (six queries); a period without a scale has none (CriteriaSet.DoesNotExist,
    as before)."""
    rankings = compute_rankings([period.pk])
    if period.pk not in rankings:
        raise CriteriaSet.DoesNotExist(f"No criteria set for period {period.pk}.")
    return rankings[period.pk]


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
    """The ranking of several periods (a cluster's years) in six queries whatever their number: each period with
    a scale, by its id; a period without one is left out."""
    sets = {cs.period_id: cs for cs in CriteriaSet.objects.filter(period_id__in=list(period_ids))}
    if not sets:
        return {}
    ids = list(sets)
    specs: dict[int, list[rules.CriterionSpec]] = {pk: [] for pk in sets}
    by_set = {cs.pk: cs.period_id for cs in sets.values()}
    for c in (Criterion.objects.filter(criteria_set_id__in=list(by_set)).order_by("criteria_set_id", "order")
              .values("id", "type", "max_points", "parent_id", "criteria_set_id")):
        specs[by_set[c["criteria_set_id"]]].append(_spec(c))
    excluded, points, peers = _exclusions(by_set), _points(ids), _peers(ids)
    members: dict[int, list[tuple[int, str]]] = {pk: [] for pk in sets}
    for period_id, unit_id, unit_name in Membership.objects.filter(period_id__in=ids).order_by(
            "period_id", "pk").values_list("period_id", "unit_id", "unit__name"):
        members[period_id].append((unit_id, unit_name))
    return {pk: _ranked(cs, specs[pk], excluded[pk], points[pk], peers[pk], members[pk]) for pk, cs in sets.items()}


def group_points(period_id: int) -> tuple[list[dict], dict[int, list[Decimal]]]:
    """A year's points by criterion group (the scale's top-level criteria) for each unit with a sheet, counted as
    the ranking counts them (rules.sheet_totals): the points that count (_points) of the criteria that apply to
    the unit (rules.applicable), a penalty negative — so a unit's groups add up to its sheet's base + bonus −
    penalty. ({"id", "code", "name"} of each group, {unit: [points of each group]}). Three queries."""
    criteria = list(Criterion.objects.filter(criteria_set__period_id=period_id).order_by("order", "pk")
                    .values("id", "code", "name", "type", "max_points", "parent_id", "criteria_set_id"))
    if not criteria:
        return [], {}
    by_id = {c["id"]: c for c in criteria}
    groups = [c for c in criteria if c["parent_id"] is None]
    index = {g["id"]: i for i, g in enumerate(groups)}

    def root(c: Mapping[str, Any]) -> int:
        while c["parent_id"] is not None and c["parent_id"] in by_id:
            c = by_id[c["parent_id"]]
        return c["id"]

    specs = [_spec(c) for c in criteria]
    excluded = _exclusions({criteria[0]["criteria_set_id"]: period_id})[period_id]
    totals: dict[int, list[Decimal]] = {}
    for unit_id, points in _points([period_id])[period_id].items():
        values = [Decimal(0)] * len(groups)
        for spec in rules.applicable(specs, excluded.get(unit_id, set())):
            if spec.type != CriterionType.GROUP:
                values[index[root(by_id[spec.id])]] += Decimal(points.get(spec.id) or 0)
        totals[unit_id] = values
    return [{"id": g["id"], "code": g["code"], "name": g["name"]} for g in groups], totals
