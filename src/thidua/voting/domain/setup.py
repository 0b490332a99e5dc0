"""Corrections while a session is being prepared: its rules of the count, a question's own threshold, removing a
question or a candidate entered by mistake, and the council's member list one person at a time. Everything here refuses to act once
the session has opened (the electorate and candidates are then frozen)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.core import activity, versions
from thidua.core.models import Activity
from thidua.orgs.domain.councils import within_reach
from thidua.orgs.models import Council, Person
from thidua.voting.domain.dates import check_meeting_day
from thidua.voting.domain.sessions import _require_draft, _scope, add_candidate, set_council
from thidua.voting.domain.thresholds import check_override
from thidua.voting.enums import ThresholdBasis, ThresholdSource
from thidua.voting.models import BallotSession, Candidate, Question

RULE_FIELDS = ["title", "council_name", "regulation_ref", "held_on", "threshold_numerator", "threshold_denominator",
               "threshold_strict", "threshold_basis", "quorum_numerator", "quorum_denominator", "max_rounds"]
OVERRIDE_FIELDS = ["threshold_source", "threshold_numerator", "threshold_denominator", "threshold_strict",
                   "threshold_basis", "threshold_reason"]


def check_rules(threshold_numerator: int, threshold_denominator: int, quorum_numerator: int,
                quorum_denominator: int, max_rounds: int) -> list[str]:
    """Rules of the count that make sense: shares between 0 and 1, at least one round."""
    problems = []
    if not threshold_denominator or threshold_numerator > threshold_denominator or threshold_numerator < 1:
        problems.append(_("Tỷ lệ đạt phải là một phân số từ 1/… đến 1 (tử số không lớn hơn mẫu số, mẫu số khác 0)."))
    if not quorum_denominator or quorum_numerator > quorum_denominator:
        problems.append(_("Túc số phải là một phân số không lớn hơn 1 (mẫu số khác 0)."))
    if max_rounds < 1:
        problems.append(_("Số vòng bỏ phiếu tối đa phải từ 1 trở lên."))
    return problems


def rules_version(session: BallotSession) -> str:
    """The version of a session's rules as the rules form of its page carries it (core.versions)."""
    return versions.token(session, _scope(session), versions.field_values(session, RULE_FIELDS))


@transaction.atomic
def update_rules(session: BallotSession, actor=None, loaded_version: str | None = None, **values) -> BallotSession:
    """Change the name and the rules of the count of a session in preparation. `loaded_version`: the version the
    page was loaded with (rules_version); refused (core.versions.StaleVersion) when the stored rules are newer."""
    _require_draft(session)
    session = BallotSession.objects.select_for_update().get(pk=session.pk)
    versions.check(session, _scope(session), versions.field_values(session, RULE_FIELDS), loaded_version)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    merged = {name: values.get(name, getattr(session, name)) for name in RULE_FIELDS}
    problems = check_rules(merged["threshold_numerator"], merged["threshold_denominator"],
                           merged["quorum_numerator"], merged["quorum_denominator"], merged["max_rounds"])
    if problems:
        raise ValidationError(problems)
    if values.get("held_on", session.held_on) != session.held_on:
        check_meeting_day(session.period, values["held_on"], planned=True)
    before = activity.snapshot(session, RULE_FIELDS)
    for name, value in values.items():
        setattr(session, name, value)
    session.save(update_fields=list(values))
    changes = activity.diff(session, before, activity.snapshot(session, RULE_FIELDS))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                        summary=f"Sửa quy tắc phiên bỏ phiếu “{session.title}”", changes=changes)
    return session


def threshold_version(question: Question) -> str:
    """The version of a question's own share as its form on the session's page carries it (core.versions); its
    changes are logged about the session."""
    session = question.session
    return versions.token(session, _scope(session), versions.field_values(question, OVERRIDE_FIELDS))


def threshold_versions(session: BallotSession, questions) -> dict[int, str]:
    """threshold_version of each of a session's questions (by id), the log read once."""
    scope, latest = _scope(session), versions.latest_entry(session, _scope(session))
    return {q.pk: versions.token(session, scope, versions.field_values(q, OVERRIDE_FIELDS), latest)
            for q in questions}


def _locked_question(question: Question, loaded_version: str | None) -> Question:
    question = Question.objects.select_for_update().select_related("session").get(pk=question.pk)
    versions.check(question.session, _scope(question.session), versions.field_values(question, OVERRIDE_FIELDS),
                   loaded_version)
    return question


@transaction.atomic
def set_question_threshold(question: Question, numerator: int, denominator: int, strict: bool = False,
                           basis: str = ThresholdBasis.ALL, reason: str = "", actor=None,
                           loaded_version: str | None = None) -> Question:
    """The council (or cluster) sets another share for one question than the law or its regulation, with a written
    reason; the minutes print both the share and the reason, with the share it replaces. `loaded_version`: the
    version the page was loaded with (threshold_version); refused (core.versions.StaleVersion) when newer."""
    _require_draft(question.session)
    question = _locked_question(question, loaded_version)
    problems = check_override(numerator, denominator, reason)
    if basis not in ThresholdBasis.values:
        problems.append(_("Cách tính tỷ lệ không hợp lệ."))
    if problems:
        raise ValidationError(problems)
    before = activity.snapshot(question, OVERRIDE_FIELDS)
    question.threshold_source, question.threshold_basis = ThresholdSource.OVERRIDE, basis
    question.threshold_numerator, question.threshold_denominator = numerator, denominator
    question.threshold_strict, question.threshold_reason = strict, reason.strip()
    question.threshold_ref = question.threshold_replaced = ""
    question.save()
    session = question.session
    activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                    summary=f"Tỷ lệ đạt riêng cho “{question.title}”: {'>' if strict else '≥'} "
                            f"{numerator}/{denominator} — {reason.strip()}"[:300],
                    changes=activity.diff(question, before, activity.snapshot(question, OVERRIDE_FIELDS)))
    return question


@transaction.atomic
def clear_question_threshold(question: Question, actor=None, loaded_version: str | None = None) -> Question:
    """Back to the law's or the regulation's share for the question. `loaded_version`: as set_question_threshold."""
    _require_draft(question.session)
    question = _locked_question(question, loaded_version)
    if question.threshold_source != ThresholdSource.OVERRIDE:
        return question
    question.threshold_source, question.threshold_basis, question.threshold_reason = "", "", ""
    question.threshold_numerator = question.threshold_denominator = question.threshold_strict = None
    question.threshold_ref = question.threshold_replaced = ""
    question.save()
    session = question.session
    activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                    summary=f"Bỏ tỷ lệ đạt riêng của “{question.title}”; áp dụng tỷ lệ theo quy định"[:300])
    return question


@transaction.atomic
def remove_question(question: Question, actor=None) -> None:
    session = question.session
    _require_draft(session)
    title = question.title
    question.delete()
    for order, q in enumerate(session.questions.order_by("order", "pk"), start=1):
        if q.order != order:
            Question.objects.filter(pk=q.pk).update(order=order)
    activity.record(actor, Activity.Action.DELETE, session, _scope(session),
                    summary=f"Bỏ nội dung “{title}” khỏi phiếu “{session.title}”")


@transaction.atomic
def remove_candidate(candidate: Candidate, actor=None) -> None:
    question = candidate.question
    session = question.session
    _require_draft(session)
    candidate.delete()
    for order, c in enumerate(question.candidates.order_by("order", "pk"), start=1):
        if c.order != order:
            Candidate.objects.filter(pk=c.pk).update(order=order)
    activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                    summary=f"Bỏ {candidate.label} khỏi “{question.title}”")


@transaction.atomic
def add_candidates(question: Question, units: list, label: str = "", actor=None) -> tuple[list[str], list[str]]:
    """Put member units (and one further name) on a question's list in one go. Each is checked on its own: those
    that pass are added, the others are reported. Returns (added labels, problems)."""
    added: list[str] = []
    problems: list[str] = []
    for kwargs in [{"unit": unit} for unit in units] + ([{"label": label.strip()}] if label.strip() else []):
        try:
            with transaction.atomic():  # a refused one leaves nothing behind and does not undo the others
                added.append(add_candidate(question, **kwargs).label)
        except ValidationError as error:
            problems += error.messages
    if added:
        session = question.session
        activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                        summary=f"Thêm {', '.join(added)} vào “{question.title}”")
    return added, problems


def people_within_reach(session: BallotSession, people: QuerySet) -> QuerySet:
    """The people a session's council members are picked from when they are listed by hand: those within reach of
    the organiser it belongs to, as for its council's record (orgs.domain.councils.within_reach: its province or
    sector). A session that belongs to no organiser (administrators run it) is not limited."""
    if session.organiser_id is None:
        return people
    return within_reach(Council(organiser=session.organiser), people)


@transaction.atomic
def add_council_members(session: BallotSession, persons: list, actor=None) -> int:
    """Add council members to the list (set_council replaces the whole list); returns how many were new. Only
    people within reach of the session's organiser (people_within_reach)."""
    _require_draft(session)
    current = list(session.voters.exclude(person=None).select_related("person").order_by("pk"))
    known = {v.person_id for v in current}
    new = [p for p in persons if p.pk not in known]
    reached = set(people_within_reach(session, Person.objects.filter(pk__in=[p.pk for p in new]))
                  .values_list("pk", flat=True))
    outside = [p.full_name for p in new if p.pk not in reached]
    if outside:
        raise ValidationError(_("Không thuộc tỉnh, ngành của cơ quan tổ chức phiên bỏ phiếu: %(names)s.")
                              % {"names": ", ".join(outside)})
    set_council(session, [v.person for v in current] + new)
    if new:
        activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                        summary=f"Thêm {len(new)} thành viên hội đồng vào phiên “{session.title}”")
    return len(new)


@transaction.atomic
def remove_council_member(session: BallotSession, person_id: int, actor=None) -> None:
    _require_draft(session)
    voters = list(session.voters.exclude(person=None).select_related("person").order_by("pk"))
    set_council(session, [v.person for v in voters if v.person_id != person_id])
    for voter in voters:
        if voter.person_id == person_id:
            activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                            summary=f"Bỏ {voter.label} khỏi danh sách hội đồng của phiên “{session.title}”")
