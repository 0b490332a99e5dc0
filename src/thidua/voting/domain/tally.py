"""Counting votes: plain functions on counts, so the rules are tested exhaustively.

The rules are the regulation's parameters (rules.md §5.3 and §6.2): a threshold as a share of all members or of
the ballots returned, strict (> 50%) or not (≥ 80%, ≥ 90%, ≥ 2/3), each question its own
(voting.domain.thresholds); a quorum — of the ballots returned, or for a council of the members present (absent
members' written votes count toward the threshold, not toward the quorum); a number of seats (one leading
unit per cluster for the flag); ties at the last seat go to another round, and after the last round the head
and deputy decide (court sector: at most 2 ballots, Circular 01/2024/TT-TANDTC art 8)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from thidua.core.formatting import format_number
from thidua.voting.enums import Outcome, ThresholdBasis


@dataclass(frozen=True)
class CountRules:
    threshold: Fraction  # e.g. 1/2 with strict (> 50%), 4/5 (≥ 80%), 2/3
    strict: bool
    basis: str
    quorum: Fraction
    seats: int
    quorum_on_present: bool = False  # a council: the quorum counts the members present, not written votes


def share(votes: int, base: int) -> Decimal:
    if base <= 0:
        return Decimal(0)
    return (Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meets_threshold(votes: int, electorate: int, ballots_valid: int, rules: CountRules) -> bool:
    """Whether a candidate's votes reach the threshold. Exact: compares votes × 100 with threshold × base."""
    base = electorate if rules.basis == ThresholdBasis.ALL else ballots_valid
    if base <= 0:
        return False
    share_of_base = Fraction(votes, base)
    return share_of_base > rules.threshold if rules.strict else share_of_base >= rules.threshold


def has_quorum(ballots_cast: int, electorate: int, quorum: Fraction) -> bool:
    return electorate > 0 and Fraction(ballots_cast, electorate) >= quorum


def fraction_text(value: Fraction) -> str:
    """1/2 → "50%", 4/5 → "80%", 2/3 → "2/3"."""
    percent = value * 100
    return f"{format_number(Decimal(percent.numerator) / percent.denominator)}%" if percent.denominator == 1 \
        else f"{value.numerator}/{value.denominator}"


@dataclass
class Row:
    candidate_id: int
    label: str
    votes: int
    percent: Decimal
    outcome: str = Outcome.NOT_PASSED
    reason: str = ""


@dataclass
class QuestionTally:
    electorate: int
    ballots_cast: int
    ballots_valid: int
    rows: list[Row] = field(default_factory=list)
    quorum: bool = True
    present: int | None = None  # members present (a council's quorum), when counted
    tied_for_last_seat: list[int] = field(default_factory=list)

    @property
    def winners(self) -> list[Row]:
        return [r for r in self.rows if r.outcome == Outcome.PASSED]


def rule_text(rules: CountRules) -> str:
    sign = ">" if rules.strict else "≥"
    base = "tổng số thành viên" if rules.basis == ThresholdBasis.ALL else "số phiếu hợp lệ"
    return f"{sign} {fraction_text(rules.threshold)} {base}"


def count_question(votes: dict[int, int], labels: dict[int, str], electorate: int, ballots_cast: int,
                   ballots_valid: int, rules: CountRules, present: int | None = None) -> QuestionTally:
    """Who passes and why. Candidates meeting the threshold are taken by votes up to the seats; a tie at the last
    seat passes nobody of the tied ones (they go to another round). `present`: the members present, for a quorum
    on presence (rules.quorum_on_present; all ballots returned when not given)."""
    result = QuestionTally(electorate, ballots_cast, ballots_valid)
    on_present = rules.quorum_on_present and present is not None
    if on_present:
        result.present = present
    result.quorum = has_quorum(present if on_present and present is not None else ballots_cast, electorate,
                               rules.quorum)
    base = electorate if rules.basis == ThresholdBasis.ALL else ballots_valid
    rows = [Row(cid, labels[cid], votes.get(cid, 0), share(votes.get(cid, 0), base)) for cid in labels]
    rows.sort(key=lambda r: (-r.votes, r.label))
    result.rows = rows
    threshold = rule_text(rules)
    if not result.quorum:
        for row in rows:
            row.outcome = Outcome.NO_QUORUM
            row.reason = (f"Chỉ {present}/{electorate} thành viên có mặt, chưa đủ túc số "
                          f"{fraction_text(rules.quorum)} (ý kiến bằng văn bản của thành viên vắng mặt không tính "
                          f"vào túc số)." if on_present else
                          f"Chỉ {ballots_cast}/{electorate} phiếu thu về, chưa đủ túc số "
                          f"{fraction_text(rules.quorum)}.")
        return result
    qualified = [r for r in rows if meets_threshold(r.votes, electorate, ballots_valid, rules)]
    for row in rows:
        if row not in qualified:
            row.reason = f"{row.votes} phiếu ({format_number(row.percent)}%), chưa đạt {threshold}."
    if len(qualified) <= rules.seats:
        chosen = qualified
    else:
        boundary = qualified[rules.seats - 1].votes if rules.seats else None
        above = [r for r in qualified if boundary is not None and r.votes > boundary]
        at_boundary = [r for r in qualified if r.votes == boundary]
        if len(above) + len(at_boundary) <= rules.seats:
            chosen = above + at_boundary
        else:
            chosen = above
            result.tied_for_last_seat = [r.candidate_id for r in at_boundary]
            for row in at_boundary:
                row.outcome = Outcome.TIE
                row.reason = (f"{row.votes} phiếu, đạt {threshold} nhưng bằng phiếu với người khác ở chỉ tiêu cuối "
                              f"({rules.seats} được chọn).")
        for row in qualified:
            if row not in chosen and row.outcome != Outcome.TIE:
                row.reason = f"{row.votes} phiếu, đạt {threshold} nhưng ngoài {rules.seats} chỉ tiêu được chọn."
    for row in chosen:
        row.outcome = Outcome.PASSED
        row.reason = f"{row.votes} phiếu ({format_number(row.percent)}%), đạt {threshold}."
    return result
