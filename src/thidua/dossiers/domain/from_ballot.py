"""From ballot to proposal: the nominations a cluster's ballot decided become the cluster's proposal in one action.

The proposal is the cluster's, sent by its head unit for the year: it names every unit and person the ballot
nominated, whoever they are — units of the other members, people of other units — each with the vote that chose
it (votes for, ballots returned, all members, the round), kept on the nominee and printed on the list of
nominees. Each nominee is checked against the law as a nominee added by hand is (workflow.evaluate): a nominee the
law refuses stays in the list with its reasons, for the head unit and the council to see.

Only a cluster's session whose results are final (state TALLIED — voting.enums.SESSION_TRANSITIONS: only
another round leaves it — and no question waiting for another round or the head's and deputy's decision) whose
results have been applied (voting.domain.sessions.apply_results records the nominations the eligibility checks
read), by the period's head-unit staff or the organiser's staff. One proposal per session: doing it again opens
the proposal already made. Checks, writes and the log entry in one transaction; a fixed number of queries for
any number of nominees."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.awards.enums import AwardType, Subject
from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import EmulationPeriod, LeadershipTerm
from thidua.core import activity
from thidua.core.formatting import format_number
from thidua.core.models import Activity
from thidua.dossiers.domain.workflow import check_channel, evaluate
from thidua.dossiers.enums import Channel
from thidua.dossiers.models import Nominee, Proposal
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser, Unit
from thidua.voting.domain.sessions import undecided_questions
from thidua.voting.domain.tally import share
from thidua.voting.enums import Outcome, QuestionKind, SessionState
from thidua.voting.models import BallotSession, Candidate, Nomination, Question, QuestionResult

NOMINATING = (QuestionKind.NOMINATE, QuestionKind.APPROVE)


@dataclass
class Winner:
    """One candidate a question of the session passed, as the proposal will name it."""

    question: Question
    candidate: Candidate
    result: QuestionResult
    votes: int
    reason: str


@dataclass
class FromBallot:
    """What the action did: the proposal (made now, or the one made before), its nominees, the winners left out."""

    proposal: Proposal
    created: bool
    nominees: list[Nominee] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def vote_text(nominee: Nominee) -> str:
    """"6 phiếu: 85,71% của 7 phiếu thu về, 85,71% của 7 thành viên; vòng 1" — empty for a nominee added by hand."""
    if nominee.votes_for is None:
        return ""
    parts = [_("%(votes)s phiếu") % {"votes": format_number(nominee.votes_for)}]
    shares = []
    if nominee.vote_ballots:
        shares.append(_("%(share)s%% của %(n)s phiếu thu về") % {
            "share": format_number(share(nominee.votes_for, nominee.vote_ballots)),
            "n": format_number(nominee.vote_ballots)})
    if nominee.vote_members:
        shares.append(_("%(share)s%% của %(n)s thành viên") % {
            "share": format_number(share(nominee.votes_for, nominee.vote_members)),
            "n": format_number(nominee.vote_members)})
    text = parts[0] + (": " + ", ".join(shares) if shares else "")
    if nominee.vote_round:
        text += _("; vòng %(round)s") % {"round": nominee.vote_round}
    if nominee.vote_note:
        text += f"; {nominee.vote_note}"
    return text


def existing_proposal(session: BallotSession) -> Proposal | None:
    return Proposal.objects.filter(ballot_session=session).first()


def head_unit(period: EmulationPeriod) -> Unit | None:
    term = LeadershipTerm.objects.filter(period=period, role=LeadershipRole.HEAD).select_related("unit").first()
    return term.unit if term else None


def issues_before_proposal(session: BallotSession) -> list[str]:
    """What stops the session's results from becoming a proposal, in words the head unit can act on."""
    if session.period_id is None:
        return [_("Phiên bỏ phiếu của hội đồng không thuộc năm thi đua của cụm, khối; chỉ kết quả bỏ phiếu của cụm, "
                  "khối mới lập thành tờ trình của cụm, khối.")]
    if session.state != SessionState.TALLIED:
        return [_("Kết quả bỏ phiếu chưa phải kết quả cuối cùng: phiên đang “%(state)s”; chỉ lập tờ trình sau khi đã "
                  "kiểm phiếu.") % {"state": SessionState(session.state).label}]
    undecided = undecided_questions(session)
    if undecided:
        return [_("Kết quả bỏ phiếu chưa phải kết quả cuối cùng: “%(titles)s” chưa có kết quả (bỏ phiếu vòng mới hoặc "
                  "trưởng, phó cụm quyết định theo quy chế).") % {"titles": "”, “".join(q.title for q in undecided)}]
    return []


def _winners(session: BallotSession) -> list[Winner]:
    """The candidates the nominating questions passed, from each question's latest round, in the order of the
    questions and of the votes. Four queries."""
    questions = list(session.questions.filter(kind__in=NOMINATING).select_related("award").order_by("order", "pk"))
    latest: dict[int, QuestionResult] = {}
    for counted in QuestionResult.objects.filter(question__in=[q.pk for q in questions]).order_by("round"):
        latest[counted.question_id] = counted
    candidates = {c.pk: c for c in Candidate.objects.filter(question__in=[q.pk for q in questions])
                  .select_related("unit", "person__unit")}
    winners = []
    for question in questions:
        result = latest.get(question.pk)
        if result is None:
            continue
        for row in result.rows:
            if row["outcome"] == Outcome.PASSED and row["candidate"] in candidates:
                winners.append(Winner(question, candidates[row["candidate"]], result, int(row["votes"]),
                                      row.get("reason", "")))
    return winners


def _recipient(head: Unit, organiser: Organiser) -> tuple[Organiser, str]:
    """Where the cluster's proposal goes: its organiser, by the channel the organiser's kind says (a sector's
    cluster by the sector, a province's by the province). When the head unit cannot send there by that channel
    (a unit without its province or sector recorded, a Central-council cluster), the proposal is refused with the
    reason, never sent somewhere else without a word."""
    channel = Channel.SECTOR if organiser.kind == OrganiserKind.SECTOR else Channel.PROVINCE
    try:
        check_channel(head, organiser, channel)
    except ValidationError as error:
        raise ValidationError(_("Không lập được tờ trình của cụm, khối gửi %(organiser)s: %(reason)s Hãy sửa tỉnh, "
                                "thành phố hoặc ngành của %(unit)s, hoặc lập tờ trình trên trang Hồ sơ.")
                              % {"organiser": organiser.name, "reason": " ".join(error.messages), "unit": head.name}
                              ) from None
    return organiser, channel


def _nominee_for(proposal: Proposal, winner: Winner, nominations: dict, order: int) -> tuple[Nominee | None, str]:
    """The nominee a winner becomes, or why it cannot be one."""
    question, candidate = winner.question, winner.candidate
    award = question.award
    label = f"{candidate.label} — {question.award_label or question.title}"
    if award is None:
        return None, _("%(label)s: nội dung bỏ phiếu không gắn danh hiệu, hình thức trong danh mục.") % {"label": label}
    person, unit = candidate.person, candidate.unit
    if person is None and unit is None:
        return None, _("%(label)s: không gắn với đơn vị hay cá nhân nào trong danh sách.") % {"label": label}
    subject = Subject.INDIVIDUAL if person is not None else Subject.COLLECTIVE
    if subject not in award.subjects:
        return None, _("%(label)s: %(award)s không dành cho %(subject)s.") % {
            "label": label, "award": award.name, "subject": Subject(subject).label.lower()}
    nomination = nominations.get(_key(candidate.unit_id, candidate.person_id, question.award_label or question.title))
    if person is not None:
        unit = person.unit
    assert unit is not None  # a person's unit, or the candidate's unit (checked above)
    # The head and deputy chose this candidate after the last round (voting.record_leaders_decision writes their
    # reason after the words of the cluster's kind): the vote alone did not.
    decided = winner.result.decided_by_leaders
    note = winner.reason.split(":", 1)[0] if decided and winner.reason.endswith(decided) else ""
    return Nominee(
        proposal=proposal, order=order, subject=subject, person=person, unit=unit,
        name_as_written=person.full_name if person is not None else unit.name,
        position_as_written=person.position if person is not None else "", award=award,
        direct_worker=bool(person is not None and person.category == "direct"), nomination=nomination,
        vote_round=winner.result.round, votes_for=winner.votes, vote_ballots=winner.result.ballots_cast,
        vote_members=winner.result.electorate, vote_note=note), ""


def _key(unit_id: int | None, person_id: int | None, label: str) -> tuple:
    """A nomination as apply_results records it: a person (whatever unit is named with them), or a unit, for an
    award label."""
    return (None if person_id else unit_id, person_id, label)


def _not_applied(session: BallotSession, winners: list[Winner]) -> tuple[dict, list[str]]:
    """The session's nominations by _key, and the winners not yet among them (results not applied)."""
    labels = {w.question.award_label or w.question.title for w in winners}
    nominations = {_key(n.unit_id, n.person_id, n.award_label): n
                   for n in Nomination.objects.filter(period_id=session.period_id, award_label__in=labels)}
    missing = [w.candidate.label for w in winners
               if _key(w.candidate.unit_id, w.candidate.person_id, w.question.award_label or w.question.title)
               not in nominations]
    return nominations, missing


def _title(period: EmulationPeriod, session: BallotSession) -> str:
    return (f"Đề nghị khen thưởng năm {period.year} cho các tập thể, cá nhân của {period.cluster.name} theo kết quả "
            f"bỏ phiếu “{session.title}”")[:300]


@transaction.atomic
def proposal_from_ballot(session: BallotSession, actor) -> FromBallot:
    """The cluster's proposal from the session's final results: made once, opened afterwards."""
    session = BallotSession.objects.select_for_update().get(pk=session.pk)  # two clicks: the second waits
    session = BallotSession.objects.select_related("period__cluster__organiser").get(pk=session.pk)
    if getattr(actor, "is_authenticated", False) and not actor.has_perm("dossiers.propose_from_ballot", session):
        raise PermissionDenied(_("Chỉ cán bộ đơn vị trưởng cụm, khối năm đó hoặc cơ quan tổ chức cụm, khối lập tờ "
                                 "trình từ kết quả bỏ phiếu."))
    existing = existing_proposal(session)
    if existing is not None:
        return FromBallot(existing, created=False)
    problems = issues_before_proposal(session)
    if problems:
        raise ValidationError(problems)
    period = session.period
    assert period is not None  # issues_before_proposal refused a council's session
    winners = _winners(session)
    if not winners:
        raise ValidationError(_("Phiên bỏ phiếu không có tập thể, cá nhân nào được đề nghị khen thưởng."))
    nominations, missing = _not_applied(session, winners)
    if missing:
        raise ValidationError(_("Chưa áp dụng kết quả bỏ phiếu cho: %(names)s. Bấm “Áp dụng kết quả” trên trang kết "
                                "quả trước khi lập tờ trình.") % {"names": ", ".join(missing)})
    head = head_unit(period)
    if head is None:
        raise ValidationError(_("Năm thi đua %(year)s của %(cluster)s chưa có đơn vị trưởng cụm, khối: tờ trình của "
                                "cụm, khối do đơn vị trưởng gửi.") % {"year": period.year,
                                                                      "cluster": period.cluster.name})
    recipient, channel = _recipient(head, period.cluster.organiser)
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                sender=head, recipient=recipient, channel=channel, title=_title(period, session), year=period.year,
                period=period, award_type=AwardType.MERIT, ballot_session=session, created_by=user)
    except IntegrityError:  # made meanwhile by another request that did not wait for the lock (SQLite)
        found = existing_proposal(session)
        if found is None:
            raise
        return FromBallot(found, created=False)
    nominees: list[Nominee] = []
    skipped: list[str] = []
    seen: set[tuple] = set()
    for winner in winners:
        nominee, why = _nominee_for(proposal, winner, nominations, len(nominees) + 1)
        if nominee is None:
            skipped.append(why)
            continue
        key = (nominee.award_id, nominee.person_id, nominee.unit_id if nominee.person_id is None else None)
        if key in seen:
            skipped.append(_("%(name)s — %(award)s: đã có trong tờ trình.") % {"name": nominee.name_as_written,
                                                                              "award": nominee.award.name})
            continue
        seen.add(key)
        nominees.append(nominee)
    Nominee.objects.bulk_create(nominees)
    evaluate(nominees)
    _log(actor, proposal, session, nominees, skipped)
    return FromBallot(proposal, created=True, nominees=nominees, skipped=skipped)


def _log(actor, proposal: Proposal, session: BallotSession, nominees: list[Nominee], skipped: list[str]) -> None:
    collectives = sum(1 for n in nominees if n.subject == Subject.COLLECTIVE)
    individuals = len(nominees) - collectives
    summary = (f"Lập tờ trình “{proposal.title}” từ kết quả bỏ phiếu “{session.title}”: {collectives} tập thể, "
               f"{individuals} cá nhân")
    if skipped:
        summary += f"; không đưa vào: {len(skipped)}"
    changes = [{"field": f"{n.name_as_written} — {n.award.name}", "old": "", "new": vote_text(n)} for n in nominees]
    changes += [{"field": "Không đưa vào tờ trình", "old": "", "new": why} for why in skipped]
    with activity.log_language():
        activity.record(actor, Activity.Action.CREATE, proposal, f"unit:{proposal.sender_id}", summary=summary,
                        changes=changes)
