"""Each question's threshold: what share of the votes it needs, and on what ground.

- A council's vote (SessionKind.COUNCIL, its members voting) on an award the law sets a share for takes the law's
  share on the meeting's day: the VoteThreshold row of the award under the rule set in force then (Decree 98/2023
  until 30/6/2025, Decree 152/2025 from 1/7/2025), with its article — e.g. ≥ 90% of ALL members for CSTĐ cấp tỉnh,
  ≥ 80% for CSTĐ cơ sở, so one session votes on both, each question on its own share.
- Every other question takes the regulation's share kept on the session (the cluster's or the council's own rule,
  cited by `regulation_ref`). Cluster votes never take the law's council shares.
- The council (or cluster) may set another share for one question with a written reason; the minutes print it
  with the share it replaces.

While the session is prepared a question without its own share follows the law or the regulation as they stand;
opening the session fixes every question's share, citation and (for an override) the share it replaces on the
question, so the count and the minutes keep what the meeting voted under."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.domain.money import rule_set_on
from thidua.core import illustrative
from thidua.voting.domain.tally import CountRules, fraction_text, rule_text
from thidua.voting.enums import ElectorateKind, SessionKind, SessionState, ThresholdBasis, ThresholdSource
from thidua.voting.models import BallotSession, Question, VoteThreshold

CARRIED_OVER_NOTE = "chuyển tiếp, chưa xác minh"


@dataclass(frozen=True)
class Threshold:
    numerator: int
    denominator: int
    strict: bool
    basis: str
    source: str
    citation: str = ""  # the article, the regulation, or empty
    reason: str = ""  # an override's written reason
    replaced: str = ""  # an override: the share it replaces, in words with its citation

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    @property
    def sign(self) -> str:
        return ">" if self.strict else "≥"

    @property
    def share(self) -> str:
        """"80%", "90%", "2/3"."""
        return fraction_text(self.fraction)

    @property
    def basis_label(self) -> str:
        return str(ThresholdBasis(self.basis).label) if self.basis in ThresholdBasis.values else self.basis

    @property
    def words(self) -> str:
        """"≥ 80% tổng số thành viên", as the tally's reasons write it."""
        return rule_text(self.count_rules(Fraction(0), 1))

    def count_rules(self, quorum: Fraction, seats: int, quorum_on_present: bool = False) -> CountRules:
        return CountRules(self.fraction, self.strict, self.basis, quorum, seats, quorum_on_present)

    def sentence(self, electorate_kind: str = ElectorateKind.PERSONS, body: str = "hội đồng") -> str:
        """The share and its ground in one Vietnamese sentence, for the minutes (documents stay Vietnamese)."""
        words = self.words
        if self.basis == ThresholdBasis.ALL:
            words = words.replace("tổng số thành viên", "tổng số đơn vị thành viên"
                                  if electorate_kind == ElectorateKind.UNITS else "tổng số thành viên hội đồng")
        text = f"Tỷ lệ đạt: {words}"
        if self.source == ThresholdSource.LAW:
            return f"{text} — {self.citation}."
        if self.source == ThresholdSource.OVERRIDE:
            text += f", do {body} quyết định riêng cho nội dung này"
            if self.replaced:
                text += f" (thay cho {self.replaced})"
            return f"{text}. Lý do: {self.reason.strip().rstrip('.')}."
        return f"{text} — theo quy chế" + (f": {self.citation.strip().rstrip('.')}." if self.citation.strip()
                                             else f" của {body}.")


def is_council(session: BallotSession) -> bool:
    """A council's own vote, its members voting: the law's shares for awards apply. Cluster votes (member units,
    or a cluster's nomination and election sessions) keep their regulation's share."""
    return session.kind == SessionKind.COUNCIL and session.electorate_kind == ElectorateKind.PERSONS


def session_day(session: BallotSession) -> dt.date:
    """The meeting's day: the day set on the session, else the day it opened, else today (in preparation)."""
    if session.held_on:
        return session.held_on
    return timezone.localdate(session.opened_at) if session.opened_at else timezone.localdate()


def regulation_threshold(session: BallotSession) -> Threshold:
    """The regulation's share, citing the regulation as a paper prints it: without the demo's illustrative note
    (core.illustrative), which the papers carry as their mark and footer instead."""
    citation, _notes = illustrative.split_text(session.regulation_ref)
    return Threshold(session.threshold_numerator, session.threshold_denominator, session.threshold_strict,
                     session.threshold_basis, ThresholdSource.REGULATION, citation)


def law_threshold(row: VoteThreshold) -> Threshold:
    citation = row.article.strip() + (f"; {CARRIED_OVER_NOTE}" if row.carried_over else "")
    return Threshold(row.numerator, row.denominator, row.strict, row.basis, ThresholdSource.LAW, citation)


def legal_rows(award_ids: Iterable[int | None] | None, day: dt.date) -> dict[int, VoteThreshold]:
    """Award id → the law's council share under the rule set in force on `day`, for the given awards or (None)
    every award (two queries; nothing before any rule set, or for awards the law sets no share for)."""
    rows = VoteThreshold.objects.all()
    if award_ids is not None:
        ids = {i for i in award_ids if i}
        if not ids:
            return {}
        rows = rows.filter(award_id__in=ids)
    try:
        rule_set = rule_set_on(day)
    except LookupError:
        return {}
    return {row.award_id: row for row in rows.filter(rule_set=rule_set)}


def _defaults(session: BallotSession, questions: list[Question]) -> dict[int, Threshold]:
    """What each question follows when the council sets nothing of its own: the law for a council's award vote,
    else the regulation."""
    regulation = regulation_threshold(session)
    rows = legal_rows((q.award_id for q in questions), session_day(session)) if is_council(session) else {}
    return {q.pk: law_threshold(rows[q.award_id]) if q.award_id in rows else regulation for q in questions}


def _own(question: Question, replaced: str) -> Threshold:
    """The threshold kept on the question (fixed at opening, or an override)."""
    assert question.threshold_numerator is not None and question.threshold_denominator is not None
    return Threshold(question.threshold_numerator, question.threshold_denominator, bool(question.threshold_strict),
                     question.threshold_basis or ThresholdBasis.ALL, question.threshold_source,
                     question.threshold_ref, question.threshold_reason, replaced)


def _is_set(question: Question) -> bool:
    return bool(question.threshold_source and question.threshold_numerator and question.threshold_denominator)


def question_thresholds(session: BallotSession, questions: list[Question] | None = None) -> dict[int, Threshold]:
    """Question id → its threshold, in at most two queries whatever the number of questions. Fixed ones from the
    question; in preparation the others from the law or the regulation as they stand now; a session opened before
    questions kept their own (no source on them) counts as it did, on the session's regulation."""
    if questions is None:
        questions = list(session.questions.all())
    draft = session.state == SessionState.DRAFT
    defaults = _defaults(session, questions) if draft else {}
    out = {}
    for question in questions:
        if _is_set(question):
            replaced = question.threshold_replaced
            if draft and question.threshold_source == ThresholdSource.OVERRIDE:
                replaced = described(defaults[question.pk])
            out[question.pk] = _own(question, replaced)
        else:
            out[question.pk] = defaults[question.pk] if draft else regulation_threshold(session)
    return out


def described(threshold: Threshold) -> str:
    """"≥ 90% tổng số thành viên theo Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7"."""
    if threshold.source == ThresholdSource.LAW:
        return f"{threshold.words} theo {threshold.citation}"
    if threshold.citation:
        return f"{threshold.words} theo quy chế ({threshold.citation})"
    return f"{threshold.words} theo quy chế"


def fix_thresholds(session: BallotSession) -> None:
    """At opening: write each question's threshold, citation and (override) the share it replaces on the question.
    The session must still be in preparation (its questions follow the law and the regulation as they stand)."""
    questions = list(session.questions.all())
    defaults = _defaults(session, questions)
    for question in questions:
        default = defaults[question.pk]
        if _is_set(question) and question.threshold_source == ThresholdSource.OVERRIDE:
            question.threshold_replaced = described(default)[:300]
            continue
        question.threshold_source = default.source
        question.threshold_numerator, question.threshold_denominator = default.numerator, default.denominator
        question.threshold_strict, question.threshold_basis = default.strict, default.basis
        question.threshold_ref, question.threshold_reason = default.citation[:300], ""
        question.threshold_replaced = ""
    Question.objects.bulk_update(questions, ["threshold_source", "threshold_numerator", "threshold_denominator",
                                             "threshold_strict", "threshold_basis", "threshold_ref",
                                             "threshold_reason", "threshold_replaced"])


def check_share(numerator: int | None, denominator: int | None) -> list[str]:
    if not denominator or numerator is None or numerator < 1 or numerator > denominator:
        return [_("Tỷ lệ đạt phải là một phân số từ 1/… đến 1 (tử số không lớn hơn mẫu số, mẫu số khác 0).")]
    return []


def check_override(numerator: int | None, denominator: int | None, reason: str) -> list[str]:
    """An override needs a sensible share and a written reason (the minutes print it)."""
    problems = check_share(numerator, denominator)
    if not (reason or "").strip():
        problems.append(_("Cần ghi lý do khi quyết định tỷ lệ đạt riêng cho nội dung này (ghi vào biên bản)."))
    return problems

