"""The arithmetic of a cluster's scale: points of one criterion, a sheet's share of its applicable maximum,
the robust consolidation of peer scores, the final score, the ranking and the bands. Plain functions on plain
values, so they are tested exhaustively (tests/scoring/test_rules.py) and reused by pages, exports and
benchmarks. The scale itself is the cluster's regulation (Law art. 16; rules.md §5.3 "Scoring": each
cluster/block sets its scale), so every number here comes from the CriteriaSet, not from code."""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from thidua.core.text import sort_key
from thidua.scoring.enums import CriterionType, PeerRule

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


class ScoreError(ValueError):
    """A value that cannot be scored; the message says what to fix, in Vietnamese."""


def q(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def criterion_points(ctype: str, max_points: Decimal, value: Decimal | None, target: Decimal | None = None,
                     points_per_occurrence: Decimal | None = None) -> Decimal | None:
    """Points for one criterion from the value entered.

    - quantitative: achieved ÷ the unit's own registered target × maximum, capped at the maximum;
    - pass/fail: 1 gives the maximum, 0 gives nothing;
    - per occurrence: count × points per occurrence, capped at the maximum;
    - bonus: the points claimed, up to the cap (the maximum); penalty: minus the points, up to the cap."""
    if value is None:
        return None
    value = Decimal(value)
    max_points = Decimal(max_points)
    if value < 0:
        raise ScoreError(_("Số liệu không được âm."))
    if ctype == CriterionType.QUANTITATIVE:
        if target is None or Decimal(target) <= 0:
            raise ScoreError(_("Đơn vị chưa đăng ký chỉ tiêu (giá trị lớn hơn 0) cho tiêu chí định lượng này."))
        return q(min(value / Decimal(target), Decimal(1)) * max_points)
    if ctype == CriterionType.PASS_FAIL:
        if value not in (0, 1):
            raise ScoreError(_("Tiêu chí đạt/không đạt chỉ nhận 1 (đạt) hoặc 0 (không đạt)."))
        return q(max_points if value == 1 else 0)
    if ctype == CriterionType.PER_OCCURRENCE:
        if value != value.to_integral_value():
            raise ScoreError(_("Số lần phải là số nguyên."))
        return q(min(value * Decimal(points_per_occurrence or 0), max_points))
    if ctype in (CriterionType.BONUS, CriterionType.PENALTY):
        if value > max_points:
            raise ScoreError(_("Điểm vượt quá mức tối đa %(max)s của tiêu chí.") % {"max": f"{max_points.normalize():f}"})
        return q(value if ctype == CriterionType.BONUS else -value)
    raise ScoreError(_("Nhóm tiêu chí không chấm điểm trực tiếp."))


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    type: str
    max_points: Decimal
    parent_id: int | None = None


def applicable(criteria: list[CriterionSpec], excluded_ids: set[int]) -> list[CriterionSpec]:
    """The criteria that apply to a unit: not excluded, and not under an excluded group."""
    by_id = {c.id: c for c in criteria}

    def is_excluded(c: CriterionSpec | None) -> bool:
        while c is not None:
            if c.id in excluded_ids:
                return True
            c = by_id.get(c.parent_id) if c.parent_id else None
        return False

    return [c for c in criteria if c.type != CriterionType.GROUP and not is_excluded(c)]


@dataclass
class SheetTotals:
    base: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    applicable_max: Decimal = Decimal(0)

    @property
    def percent(self) -> Decimal:
        """The sheet as a share of the unit's applicable maximum, between 0 and 100."""
        if self.applicable_max <= 0:
            return Decimal(0)
        raw = (self.base + self.bonus - self.penalty) / self.applicable_max * HUNDRED
        return q(min(max(raw, Decimal(0)), HUNDRED))


def sheet_totals(criteria: list[CriterionSpec], excluded_ids: set[int], points: dict[int, Decimal | None]
                 ) -> SheetTotals:
    totals = SheetTotals()
    for c in applicable(criteria, excluded_ids):
        value = points.get(c.id) or Decimal(0)
        if c.type == CriterionType.BONUS:
            totals.bonus += value
        elif c.type == CriterionType.PENALTY:
            totals.penalty += -value
        else:
            totals.base += value
            totals.applicable_max += c.max_points
    return totals


@dataclass
class PeerResult:
    score: Decimal | None
    outliers: list[int] = field(default_factory=list)  # raters whose score is far from the consolidated one


def consolidate_peer(scores: dict[int, Decimal], rule: str, trim_count: int, outlier_gap: Decimal) -> PeerResult:
    """A robust peer score: the trimmed mean (drop `trim_count` highest and lowest) or the median."""
    if not scores:
        return PeerResult(None)
    values = sorted(Decimal(v) for v in scores.values())
    if rule == PeerRule.MEDIAN:
        consolidated = Decimal(statistics.median(values))
    else:
        kept = values[trim_count:len(values) - trim_count] if len(values) > 2 * trim_count else values
        consolidated = sum(kept, Decimal(0)) / len(kept)
    consolidated = q(consolidated)
    outliers = sorted(r for r, v in scores.items() if abs(Decimal(v) - consolidated) > Decimal(outlier_gap))
    return PeerResult(consolidated, outliers)


def final_score(sheet_percent: Decimal, peer: Decimal | None, peer_weight_percent: Decimal) -> Decimal:
    """The final score: the sheet, blended with the peer score by the regulation's weight; within 0–100."""
    if peer is None or not peer_weight_percent:
        return q(min(max(sheet_percent, Decimal(0)), HUNDRED))
    w = Decimal(peer_weight_percent) / HUNDRED
    return q(min(max((1 - w) * sheet_percent + w * Decimal(peer), Decimal(0)), HUNDRED))


@dataclass
class UnitResult:
    unit_id: int
    unit_name: str
    totals: SheetTotals
    peer: PeerResult
    final: Decimal
    rank: int = 0
    band: str = ""
    tie_note: str = ""


def ranking_key(result: UnitResult, tie_rules: list[str]) -> tuple[Decimal | str | int, ...]:
    key: list[Decimal | str | int] = [-result.final]
    for rule in tie_rules:
        if rule == "peer":
            key.append(-(result.peer.score if result.peer.score is not None else Decimal(-1)))
        elif rule == "bonus":
            key.append(-result.totals.bonus)
        elif rule == "penalty":
            key.append(result.totals.penalty)
        elif rule == "name":
            key.append(sort_key(result.unit_name))
    key.append(result.unit_id)  # the last word, so the order is total
    return tuple(key)


def rank(results: list[UnitResult], tie_rules: list[str], bands: list[dict]) -> list[UnitResult]:
    """Order by final score, then the regulation's tie rules in order; positions 1…n, and the band of each."""
    ordered = sorted(results, key=lambda r: ranking_key(r, tie_rules))
    for position, result in enumerate(ordered, start=1):
        result.rank = position
        result.band = band_for(result.final, bands)
        if position > 1 and ordered[position - 2].final == result.final:
            result.tie_note = _("Bằng điểm; xếp theo quy tắc khi bằng điểm")
    return ordered


def band_for(score: Decimal, bands: list[dict]) -> str:
    for band in sorted(bands, key=lambda b: Decimal(str(b["min"])), reverse=True):
        if score >= Decimal(str(band["min"])):
            return band["label"]
    return ""
