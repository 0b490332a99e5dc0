"""Ballot sessions from preparation to results. Secrecy is kept by construction: a vote marks the voter as having
voted (Participation: no time, no choice), fills a random empty ballot slot (Ballot: no voter, no time) and keeps
the receipt's digest apart (Receipt: no ballot); the activity log records sessions, never ballots. Rows written
while a round is open still lie in the order of the casts (and, on PostgreSQL, share a casting transaction's id);
closing the round shakes the ballot box (shake_ballot_box), so that a copy of the database taken afterwards ties
no voter to a choice. A session's state changes only through transition(), which follows
voting.enums.SESSION_TRANSITIONS; available_transitions() tells a page what a user may do to a session now."""

import datetime as dt
import hashlib
import logging
import random
import secrets
import uuid
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.clusters.domain.periods import add_members, create_period, set_leader, shifted_span
from thidua.clusters.domain.words import kind_words
from thidua.clusters.enums import ChoiceMethod, ClusterKind, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod, LeadershipTerm
from thidua.core import activity
from thidua.core.formatting import format_date
from thidua.core.models import Activity
from thidua.orgs.domain.councils import members_on
from thidua.orgs.models import Council, Organiser
from thidua.voting.domain import notify
from thidua.voting.domain.dates import check_meeting_day, meeting_day
from thidua.voting.domain.quotas import CLUSTER_LEADER_AWARD
from thidua.voting.domain.tally import QuestionTally, count_question
from thidua.voting.domain.thresholds import fix_thresholds, is_council, question_thresholds, session_day
from thidua.voting.enums import (
    SESSION_TRANSITIONS,
    Channel,
    ElectorateKind,
    Outcome,
    QuestionKind,
    SessionKind,
    SessionState,
    SessionTransition,
)
from thidua.voting.models import (
    Ballot,
    BallotChoice,
    BallotSession,
    Candidate,
    Nomination,
    PaperCount,
    Participation,
    Question,
    QuestionResult,
    Receipt,
    Voter,
)

logger = logging.getLogger(__name__)

# Every shuffle of the ballot box draws from here (the secrecy test seeds it to make its counts repeatable).
_RANDOM: random.Random = random.SystemRandom()

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without mistakes


def _scope(session: BallotSession) -> str:
    return session.period.cluster.scope if session.period is not None else "voting"


def _digest(session: BallotSession, code: str) -> str:
    normalised = code.upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(f"{session.receipt_salt}:{normalised}".encode()).hexdigest()


def _new_salt() -> str:
    return secrets.token_hex(32)


def _new_id() -> uuid.UUID:
    """A random id for a row of the shaken box, drawn like its order (from _RANDOM: os.urandom in production)."""
    return uuid.UUID(int=_RANDOM.getrandbits(128), version=4)


def _new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


# -- preparation ---------------------------------------------------------------------------------------------

@transaction.atomic
def create_session(title: str, kind: str, period: EmulationPeriod | None = None, actor=None,
                   council: Council | None = None, organiser: Organiser | None = None, at: dt.datetime | None = None,
                   **rules) -> BallotSession:
    """A session in preparation. A council's session may name its council's record (`council`): its members on
    the meeting's day will vote. A session of no emulation year belongs to an organiser, whose staff run it: its
    council's, else `organiser`, else the creator's (an actor who works for several organisers names the council)."""
    if council is not None:
        _check_council(council, kind, period, rules.get("electorate_kind"), actor)
        rules["council_name"] = (rules.get("council_name") or "").strip() or council.name
    check_meeting_day(period, rules.get("held_on"), planned=True)
    owner = _owner(period, council, organiser, actor)
    session = BallotSession.objects.create(title=title, kind=kind, period=period, council=council,
                                           organiser_id=owner, **rules)
    activity.record(actor, Activity.Action.CREATE, session, _scope(session), summary=f"Tạo phiên bỏ phiếu “{title}”",
                    at=at)
    return session


def _owner(period: EmulationPeriod | None, council: Council | None, organiser: Organiser | None,
           actor) -> int | None:
    """The organiser a session of no emulation year belongs to (None for a year's session: its cluster's)."""
    if period is not None:
        return None
    if council is not None:
        return council.organiser_id
    if organiser is not None:
        if getattr(actor, "is_authenticated", False) and not actor.is_system_admin \
                and organiser.pk not in actor.organiser_ids:
            raise PermissionDenied(_("Không có quyền tạo phiên bỏ phiếu cho cơ quan tổ chức khác."))
        return organiser.pk
    mine = sorted(actor.organiser_ids) if getattr(actor, "is_authenticated", False) else []
    if len(mine) > 1:
        raise ValidationError(_("Bạn làm việc cho nhiều cơ quan tổ chức: hãy chọn hội đồng để phiên bỏ phiếu thuộc "
                                "đúng cơ quan."))
    return mine[0] if mine else None


def _check_council(council: Council, kind: str, period: EmulationPeriod | None, electorate_kind: str | None,
                   actor) -> None:
    if kind != SessionKind.COUNCIL or period is not None or electorate_kind != ElectorateKind.PERSONS:
        raise ValidationError(_("Chỉ phiên biểu quyết của hội đồng (các thành viên hội đồng bỏ phiếu) mới gắn với "
                                "danh sách thành viên của hội đồng."))
    if getattr(actor, "is_authenticated", False) and not actor.has_perm("orgs.manage_council", council):
        raise PermissionDenied(_("Không có quyền dùng hội đồng của cơ quan tổ chức khác."))


def council_electorate(session: BallotSession) -> list:
    """Who will vote in a session linked to its council: the council's members on the meeting's day (the day set on
    the session, else the day it opens), the secretariat left out. Empty for other sessions."""
    council = session.council if session.council_id is not None else None
    return members_on(council, session_day(session)) if council is not None else []


def _require_draft(session: BallotSession) -> None:
    # Read the state from the database: the caller's object may predate the opening.
    if not BallotSession.objects.filter(pk=session.pk, state=SessionState.DRAFT).exists():
        raise ValidationError(_("Phiên bỏ phiếu đã mở; danh sách đã chốt, không thay đổi được."))


@transaction.atomic
def add_question(session: BallotSession, kind: str, title: str, award_label: str = "", max_choices: int = 1,
                 seats: int = 1, award=None, actor=None, at: dt.datetime | None = None) -> Question:
    _require_draft(session)
    if max_choices < 1 or seats < 1:
        raise ValidationError(_("Số lựa chọn và số được chọn phải từ 1 trở lên."))
    question = Question.objects.create(session=session, kind=kind, title=title,
                                       award_label=award_label or (award.name if award else ""), award=award,
                                       max_choices=max_choices, seats=seats, order=session.questions.count() + 1)
    activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                    summary=f"Thêm nội dung “{title}” vào phiên bỏ phiếu “{session.title}”", at=at)
    return question


def add_candidate(question: Question, unit=None, person=None, label: str = "") -> Candidate:
    _require_draft(question.session)
    label = label or str(unit or person or "")
    if not label:
        raise ValidationError(_("Cần chọn đơn vị hoặc cá nhân được bỏ phiếu."))
    if question.candidates.filter(Q(unit=unit) if unit else Q(person=person) if person else Q(label=label)).exists():
        raise ValidationError(_("%(label)s đã có trong danh sách.") % {"label": label})
    return Candidate.objects.create(question=question, unit=unit, person=person, label=label,
                                    order=question.candidates.count() + 1)


@transaction.atomic
def set_council(session: BallotSession, persons: list) -> None:
    """The council members who vote (for a council session), listed by hand. A session linked to its council's record
    takes them from it when it opens."""
    _require_draft(session)
    if session.council_id is not None:
        raise ValidationError(_("Phiên này lấy danh sách thành viên từ hội đồng “%(council)s” vào ngày họp; sửa thành "
                                "viên ở trang của hội đồng.") % {"council": session.council_name})
    session.voters.all().delete()
    Voter.objects.bulk_create([Voter(session=session, person=p, label=str(p)) for p in persons])


def issues_before_opening(session: BallotSession) -> list[str]:
    """What stops the session from opening, in words the head unit can act on (after helios)."""
    if session.state != SessionState.DRAFT:
        return [_("Phiên bỏ phiếu không còn ở trạng thái chuẩn bị.")]
    problems = []
    period = session.period
    questions = list(session.questions.prefetch_related("candidates__unit"))
    if period is not None and period.phase != Phase.VOTING and not _election_may_open(period, questions):
        problems.append(_("Năm thi đua đang ở giai đoạn “%(phase)s”; chỉ mở bỏ phiếu ở giai đoạn “%(voting)s”.")
                        % {"phase": Phase(period.phase).label, "voting": Phase.VOTING.label})
    if not questions:
        problems.append(_("Chưa có nội dung bỏ phiếu."))
    members = set(period.memberships.values_list("unit_id", flat=True)) if period is not None else set()
    for question in questions:
        problems.extend(_question_issues(question, period, members))
    if session.electorate_kind == ElectorateKind.UNITS:
        if period is None or not members:
            problems.append(_("Chưa có danh sách đơn vị bỏ phiếu."))
    elif session.council_id is not None:
        if not council_electorate(session):
            problems.append(_("Hội đồng “%(council)s” không có thành viên nào vào ngày %(day)s.")
                            % {"council": session.council_name, "day": session_day(session).strftime("%d/%m/%Y")})
    elif not session.voters.exists():
        problems.append(_("Chưa có danh sách thành viên hội đồng bỏ phiếu."))
    return problems


def _election_may_open(period: EmulationPeriod, questions: list[Question]) -> bool:
    """A session that only elects next year's head and deputy counts no score: it may open while the year runs
    (registration to ranking), not only at the year-end conference ("usually chosen" there, rules.md)."""
    return (bool(questions) and period.phase not in (Phase.SETUP, Phase.CLOSED)
            and all(q.kind in (QuestionKind.ELECT_HEAD, QuestionKind.ELECT_DEPUTY) for q in questions))


def _question_issues(question: Question, period: EmulationPeriod | None, members: set[int]) -> list[str]:
    """What is wrong with one question before the vote: no candidates, more choices than candidates, a
    candidate outside the cluster, a quota already filled."""
    problems = []
    candidates = list(question.candidates.all())
    if not candidates:
        problems.append(_("“%(title)s”: chưa có người, đơn vị được bỏ phiếu.") % {"title": question.title})
    if question.max_choices > max(1, len(candidates)):
        problems.append(_("“%(title)s”: số lựa chọn tối đa (%(n)s) nhiều hơn số ứng cử.")
                        % {"title": question.title, "n": question.max_choices})
    if period is None:
        return problems
    for candidate in candidates:
        if candidate.unit_id and candidate.unit_id not in members:
            problems.append(_("“%(title)s”: %(label)s không phải thành viên của cụm năm %(year)s, không đủ điều kiện.")
                            % {"title": question.title, "label": candidate.label, "year": period.year})
    if question.kind == QuestionKind.NOMINATE and question.award_label:
        already = Nomination.objects.filter(period=period, award_label=question.award_label).count()
        if already >= question.seats:
            problems.append(_("“%(title)s”: chỉ tiêu %(seats)s đề nghị “%(award)s” của năm %(year)s đã đủ (%(already)s).")
                            % {"title": question.title, "seats": question.seats, "award": question.award_label,
                               "year": period.year, "already": already})
    return problems


def _create_slots(session: BallotSession, round_number: int, count: int) -> None:
    """Empty ballot slots for a round, with random ids, inserted in random order."""
    slots = [Ballot(session=session, round=round_number) for _ in range(count)]
    _RANDOM.shuffle(slots)
    Ballot.objects.bulk_create(slots, batch_size=1000)


# -- casting -------------------------------------------------------------------------------------------------

def _validate_selections(session: BallotSession, selections: dict[int, list[int]]) -> list[int]:
    """selections: question id → chosen candidate ids. Returns the candidate ids; refuses anything off the list."""
    questions = {q.pk: q for q in session.questions.all()}
    in_play = {q.pk for q in questions_in_round(session)} if session.current_round > 1 else set(questions)
    valid: dict[int, set[int]] = {}
    for question_id, name in Candidate.objects.filter(question__session=session,
                                                      eliminated_in_round__isnull=True).values_list(
            "question_id", "pk"):
        valid.setdefault(question_id, set()).add(name)
    chosen = []
    for question_id, candidate_ids in selections.items():
        question = questions.get(int(question_id))
        if question is None:
            raise ValidationError(_("Nội dung bỏ phiếu không thuộc phiên này."))
        ids = [int(c) for c in candidate_ids]
        if ids and question.pk not in in_play:
            raise ValidationError(_("“%(title)s” đã có kết quả ở vòng trước; vòng này không bỏ phiếu lại.")
                                  % {"title": question.title})
        if len(set(ids)) != len(ids):
            raise ValidationError(_("“%(title)s”: một lựa chọn bị chọn hai lần.") % {"title": question.title})
        if len(ids) > question.max_choices:
            raise ValidationError(_("“%(title)s”: chọn %(n)s, nhiều hơn số được chọn tối đa (%(max)s).")
                                  % {"title": question.title, "n": len(ids), "max": question.max_choices})
        strangers = [c for c in ids if c not in valid.get(question.pk, set())]
        if strangers:
            raise ValidationError(_("“%(title)s”: lựa chọn không có trong danh sách bỏ phiếu.") % {"title": question.title})
        chosen.extend(ids)
    return chosen


def _fill_slot(session: BallotSession, candidate_ids: list[int], invalid: bool = False) -> str:
    slots = Ballot.objects.filter(session=session, round=session.current_round, cast=False)
    if connection.features.has_select_for_update_skip_locked:
        slots = slots.select_for_update(skip_locked=True)
    slot = slots.order_by("?").first()
    if slot is None:
        raise ValidationError(_("Không còn phiếu trống trong vòng này."))
    slot.cast, slot.invalid = True, invalid
    slot.save(update_fields=["cast", "invalid"])
    BallotChoice.objects.bulk_create([BallotChoice(ballot=slot, candidate_id=c) for c in candidate_ids])
    code = _new_receipt()
    Receipt.objects.create(session=session, round=session.current_round, digest=_digest(session, code))
    return code


def _open_session_locked(session: BallotSession) -> BallotSession:
    """The session as it is now, refused unless open. On PostgreSQL its row is locked FOR SHARE: casts do not wait
    for each other, but closing (FOR UPDATE in transition) waits for the casts under way, and a cast that waited for
    the close reads it closed — so no ballot lands in the box after it was shaken. (SQLite writes one at a time.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM voting_ballotsession WHERE id = %s FOR SHARE", [session.pk])
    session = BallotSession.objects.get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise ValidationError(_("Phiên bỏ phiếu không mở; không nhận phiếu."))
    return session


def cast_ballot(session: BallotSession, voter: Voter, selections: dict[int, list[int]],
                channel: str = Channel.ELECTRONIC) -> str:
    """Record one voter's ballot and return the receipt code. A voter votes once per round."""
    with transaction.atomic():
        session = _open_session_locked(session)
        voter = Voter.objects.select_for_update().get(pk=voter.pk, session=session)
        chosen = _validate_selections(session, selections)
        if Participation.objects.filter(voter=voter, round=session.current_round).exists():
            raise ValidationError(_("%(voter)s đã bỏ phiếu ở vòng này.") % {"voter": voter.label})
        try:
            with transaction.atomic():
                Participation.objects.create(voter=voter, round=session.current_round, channel=channel)
        except IntegrityError as error:
            raise ValidationError(_("%(voter)s đã bỏ phiếu ở vòng này.") % {"voter": voter.label}) from error
        return _fill_slot(session, chosen)


def mark_paper_voters(session: BallotSession, voters: list[Voter]) -> int:
    """The counting committee records who received and returned a paper ballot (no choices here)."""
    with transaction.atomic():
        session = _open_session_locked(session)
        done = set(Participation.objects.filter(voter__session=session, round=session.current_round)
                   .values_list("voter_id", flat=True))
        again = [v.label for v in voters if v.pk in done]
        if again:
            raise ValidationError([_("%(voter)s đã bỏ phiếu ở vòng này.") % {"voter": label} for label in again])
        Participation.objects.bulk_create([Participation(voter=v, round=session.current_round, channel=Channel.PAPER)
                                           for v in voters])
    return len(voters)


def _paper_room(session: BallotSession, include_counts: bool = True) -> int:
    """How many paper ballots may still be entered: paper voters recorded, less the paper ballots entered one
    by one (every cast slot not matched by an electronic or written vote), less those entered as totals."""
    round_number = session.current_round
    participations = Participation.objects.filter(voter__session=session, round=round_number)
    paper_voters = participations.filter(channel=Channel.PAPER).count()
    entered_one_by_one = (Ballot.objects.filter(session=session, round=round_number, cast=True).count()
                          - participations.exclude(channel=Channel.PAPER).count())
    counted = 0
    if include_counts:
        counted = max((p.ballots + p.invalid for p in PaperCount.objects.filter(session=session, round=round_number)),
                      default=0)
    return paper_voters - entered_one_by_one - counted


def enter_paper_ballot(session: BallotSession, selections: dict[int, list[int]], invalid: bool = False) -> str:
    """The committee enters one paper ballot as read out; it needs a paper voter recorded for it."""
    with transaction.atomic():
        session = _open_session_locked(session)
        if _paper_room(session) <= 0:
            raise ValidationError(_("Số phiếu giấy nhập vào đã bằng số người bỏ phiếu giấy được ghi nhận."))
        chosen = [] if invalid else _validate_selections(session, selections)
        return _fill_slot(session, chosen, invalid=invalid)


def enter_paper_counts(session: BallotSession, question: Question, ballots: int, invalid: int,
                       votes: dict[int, int]) -> PaperCount:
    """The committee enters a question's paper ballots as totals instead of one by one."""
    with transaction.atomic():
        session = _open_session_locked(session)
        room = _paper_room(session, include_counts=False)
        if ballots + invalid > room:
            raise ValidationError(_("Số phiếu giấy (%(n)s) nhiều hơn số người bỏ phiếu giấy còn lại (%(room)s).")
                                  % {"n": ballots + invalid, "room": room})
        valid_ids = set(question.candidates.filter(eliminated_in_round__isnull=True).values_list("pk", flat=True))
        if any(int(c) not in valid_ids for c in votes):
            raise ValidationError(_("Có người, đơn vị không thuộc danh sách bỏ phiếu."))
        if any(int(v) < 0 for v in votes.values()):
            raise ValidationError(_("Số phiếu không được âm."))
        if sum(int(v) for v in votes.values()) > ballots * question.max_choices:
            raise ValidationError(_("Tổng số phiếu các lựa chọn vượt quá số phiếu hợp lệ × số lựa chọn tối đa."))
        if any(int(v) > ballots for v in votes.values()):
            raise ValidationError(_("Số phiếu của một lựa chọn vượt quá số phiếu hợp lệ."))
        count, _created = PaperCount.objects.update_or_create(
            session=session, round=session.current_round, question=question,
            defaults={"ballots": ballots, "invalid": invalid, "votes": {str(k): int(v) for k, v in votes.items()}})
        return count


def receipt_round(session: BallotSession, code: str) -> int | None:
    """The round whose ballot box holds a ballot with this receipt code, or None. The receipt is kept apart from
    the ballots: it proves that a ballot went into the box, and leads to no ballot."""
    session = BallotSession.objects.get(pk=session.pk)
    if not code or not session.receipt_salt:
        return None
    return Receipt.objects.filter(session=session, digest=_digest(session, code)).values_list(
        "round", flat=True).first()


def verify_receipt(session: BallotSession, code: str) -> bool:
    """Whether a ballot with this receipt code went into the box. Says nothing about what it holds."""
    return receipt_round(session, code) is not None


def open_rounds_exist() -> bool:
    """Whether any session is taking votes now: its rows still lie in the order of the casts until it closes."""
    return BallotSession.objects.filter(state=SessionState.OPEN).exists()


def backup_guard() -> str:
    """Why a backup should wait (thidua.core.backup.register_guard), or "" when no round is open."""
    if not open_rounds_exist():
        return ""
    return _("Đang có phiên bỏ phiếu mở: khi vòng bỏ phiếu chưa kết thúc, thứ tự các dòng trong cơ sở dữ liệu còn "
             "cho thấy thứ tự bỏ phiếu. Hãy sao lưu sau khi kết thúc bỏ phiếu.")


# -- shaking the ballot box ------------------------------------------------------------------------------------

def shake_ballot_box(session: BallotSession, round_number: int) -> None:
    """Rewrite a closed round's participations, ballots, choices and receipts in random order with fresh ids, in
    the caller's transaction, and delete the rows written while it was open; after the commit the freed space is
    cleared (_clear_freed_space). The new order depends only on what the box holds and on the shuffle, never on the
    old order: each table is read in a canonical order (by content) and shuffled on its own. Afterwards no row order
    (SQLite rowid, PostgreSQL ctid), no id and no transaction id (every row is written by this one transaction)
    ties a participation or a receipt to a ballot."""
    ballots = Ballot.objects.filter(session=session, round=round_number)
    choices = BallotChoice.objects.filter(ballot__session=session, ballot__round=round_number)
    participations = Participation.objects.filter(voter__session=session, round=round_number)
    receipts = Receipt.objects.filter(session=session, round=round_number)
    held: dict = {pk: [] for pk in ballots.values_list("pk", flat=True)}
    for ballot_id, candidate_id in choices.values_list("ballot_id", "candidate_id"):
        held[ballot_id].append(candidate_id)
    contents = sorted((cast, invalid, tuple(sorted(held[pk]))) for pk, cast, invalid
                      in ballots.values_list("pk", "cast", "invalid"))
    voted = sorted(participations.values_list("voter_id", "channel"))
    digests = sorted(receipts.values_list("digest", flat=True))
    if connection.vendor == "sqlite":  # deleted rows are overwritten with zeros, in the file and in its log
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    for rows in (choices, ballots, participations, receipts):
        rows._raw_delete(rows.db)  # no cascade to follow: each table is emptied of the round on its own
    for listing in (contents, voted, digests):
        _RANDOM.shuffle(listing)
    new_ballots = [Ballot(id=_new_id(), session=session, round=round_number, cast=cast, invalid=invalid)
                   for cast, invalid, _held in contents]
    new_choices = [BallotChoice(id=_new_id(), ballot=ballot, candidate_id=candidate_id)
                   for ballot, (_cast, _invalid, candidate_ids) in zip(new_ballots, contents, strict=True)
                   for candidate_id in candidate_ids]
    _RANDOM.shuffle(new_choices)
    Ballot.objects.bulk_create(new_ballots, batch_size=1000)
    BallotChoice.objects.bulk_create(new_choices, batch_size=1000)
    Participation.objects.bulk_create([Participation(voter_id=voter_id, round=round_number, channel=channel)
                                       for voter_id, channel in voted], batch_size=1000)
    Receipt.objects.bulk_create([Receipt(id=_new_id(), session=session, round=round_number, digest=digest)
                                 for digest in digests], batch_size=1000)
    transaction.on_commit(_clear_freed_space, robust=True)


BALLOT_TABLES = ("voting_ballot", "voting_ballotchoice", "voting_participation", "voting_receipt")


def _clear_freed_space() -> None:
    """After the shake's commit (VACUUM runs outside a transaction): clear the space the old rows held. SQLite:
    VACUUM rebuilds the file, and a TRUNCATE checkpoint copies the write-ahead log into it and empties the -wal file,
    which held every cast. PostgreSQL: VACUUM FULL of the ballot tables writes them into new files (a plain VACUUM
    only marks dead rows' space as free, leaving their bytes in the pages); it waits at most 5 s for its lock, else
    a plain VACUUM is run. PostgreSQL's write-ahead log, and any archive of it, keep the casts until recycled."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy = cursor.fetchone()[0]
            cursor.execute("PRAGMA secure_delete = OFF")
            if busy:
                logger.warning("Hòm phiếu đã xáo, nhưng tệp -wal chưa xoá được vì đang có người đọc; "
                               "sẽ được ghi vào tệp chính ở lần checkpoint sau.")
            return
        if connection.vendor != "postgresql":
            return
        tables = ", ".join(BALLOT_TABLES)
        try:
            cursor.execute("SET lock_timeout = '5s'")
            cursor.execute(f"VACUUM FULL {tables}")
        except DatabaseError:
            logger.warning("VACUUM FULL các bảng phiếu bầu không lấy được khoá; chạy VACUUM thường.")
            cursor.execute(f"VACUUM {tables}")
        finally:
            cursor.execute("RESET lock_timeout")


# -- closing, counting, results ------------------------------------------------------------------------------

def count_round(session: BallotSession, round_number: int | None = None) -> dict[int, QuestionTally]:
    """The tally of each question in a round, from the ballots and the committee's paper counts, each question on
    its own threshold (voting.domain.thresholds); a council's quorum counts its members present — those who voted
    in person, electronically or on paper — while absent members' written votes count toward the threshold."""
    round_number = round_number or session.current_round
    electorate = session.voters.count()
    council = is_council(session)
    present = (Participation.objects.filter(voter__session=session, round=round_number)
               .exclude(channel=Channel.WRITTEN).count() if council else None)
    quorum = Fraction(session.quorum_numerator, session.quorum_denominator)
    cast = Ballot.objects.filter(session=session, round=round_number, cast=True)
    ballots_cast = cast.count()
    invalid = cast.filter(invalid=True).count()
    votes: Counter[int] = Counter()
    for candidate_id, n in BallotChoice.objects.filter(ballot__in=cast.filter(invalid=False)).values(
            "candidate_id").annotate(n=Count("pk")).values_list("candidate_id", "n"):
        votes[candidate_id] = n
    papers = {p.question_id: p for p in PaperCount.objects.filter(session=session, round=round_number)}
    tallies = {}
    questions = questions_in_round(session, round_number)
    thresholds = question_thresholds(session, questions)
    for question in questions:
        labels = {c.pk: c.label for c in question.candidates.all()
                  if c.eliminated_in_round is None or c.eliminated_in_round >= round_number}
        q_votes = {cid: votes.get(cid, 0) for cid in labels}
        q_cast, q_invalid = ballots_cast, invalid
        paper = papers.get(question.pk)
        if paper:
            for cid, n in paper.votes.items():
                q_votes[int(cid)] = q_votes.get(int(cid), 0) + int(n)
            q_cast += paper.ballots + paper.invalid
            q_invalid += paper.invalid
        rules = thresholds[question.pk].count_rules(quorum, question.seats, quorum_on_present=council)
        tallies[question.pk] = count_question(q_votes, labels, electorate, q_cast, q_cast - q_invalid, rules,
                                              present=present)
    return tallies


def _undecided(session: BallotSession, round_number: int) -> list[Question]:
    out = []
    for result in QuestionResult.objects.filter(question__session=session, round=round_number
                                                ).select_related("question"):
        passed = sum(1 for r in result.rows if r["outcome"] == Outcome.PASSED)
        tied = [r for r in result.rows if r["outcome"] == Outcome.TIE]
        if tied or (passed < result.question.seats and not result.decided_by_leaders):
            out.append(result.question)
    return out


def undecided_questions(session: BallotSession) -> list[Question]:
    """Questions of the last round whose seats are not filled because of a tie or a missed threshold."""
    session = BallotSession.objects.get(pk=session.pk)
    return _undecided(session, session.current_round)


def questions_in_round(session: BallotSession, round_number: int | None = None) -> list[Question]:
    """The questions on the ballot of a round, with their candidates: every question in round 1, and in a later
    round only those the round before left undecided — a question already decided is not voted on again, and
    its result stays the one of the round that decided it."""
    round_number = round_number or session.current_round
    questions = list(session.questions.prefetch_related("candidates"))
    if round_number <= 1:
        return questions
    undecided = {q.pk for q in _undecided(session, round_number - 1)}
    return [q for q in questions if q.pk in undecided]


# -- the session's state machine -----------------------------------------------------------------------------

# Why a transition is refused in a state SESSION_TRANSITIONS does not list for it.
REFUSED_IN_STATE: dict[str, Promise] = {
    SessionTransition.OPEN: gettext_lazy("Phiên bỏ phiếu không còn ở trạng thái chuẩn bị."),
    SessionTransition.CLOSE: gettext_lazy("Phiên bỏ phiếu không ở trạng thái đang bỏ phiếu."),
    SessionTransition.TALLY: gettext_lazy("Chỉ kiểm phiếu sau khi đã kết thúc bỏ phiếu."),
    SessionTransition.NEXT_ROUND: gettext_lazy("Chỉ bỏ phiếu vòng mới sau khi đã kiểm phiếu vòng trước."),
}


def issues_before_next_round(session: BallotSession, undecided: list[Question] | None = None) -> list[str]:
    """What stops another round: the rounds are used up (then the head and deputy decide,
    record_leaders_decision), or every question has its result. `undecided`: the questions the last round left
    undecided, when the caller has read them already."""
    if session.current_round >= session.max_rounds:
        period = session.period
        leaders = (period.cluster.words if period is not None else kind_words(ClusterKind.CLUSTER)).leaders
        return [_("Đã bỏ phiếu đủ %(n)s vòng tối đa; %(leaders)s quyết định theo quy chế.")
                % {"n": session.max_rounds, "leaders": leaders.lower()}]
    if undecided is None:
        undecided = _undecided(session, session.current_round)
    if not undecided:
        return [_("Mọi nội dung đã có kết quả; không cần bỏ phiếu thêm.")]
    return []


def issues_before(session: BallotSession, name: str, undecided: list[Question] | None = None) -> list[str]:
    """What stops a transition now: the table first, then the transition's own guards."""
    if name not in SESSION_TRANSITIONS:
        return [_("Thao tác không hợp lệ.")]
    if session.state not in SESSION_TRANSITIONS[name]:
        return [str(REFUSED_IN_STATE[name])]
    if name == SessionTransition.OPEN:
        return issues_before_opening(session)
    if name == SessionTransition.NEXT_ROUND:
        return issues_before_next_round(session, undecided)
    return []


def available_transitions(session: BallotSession, user) -> list[str]:
    """Ask the domain, not the page, what this user may do to the session now: the transitions out of its present
    state (SESSION_TRANSITIONS) that the user may take — those who run the session. What else stops one (its
    guards, read from the records) is issues_before(), asked when the page shows the transition."""
    if not user.has_perm("voting.manage_session", session):
        return []
    return [name for name, moves in SESSION_TRANSITIONS.items() if session.state in moves]


@transaction.atomic
def transition(session: BallotSession, name: str, actor=None, at: dt.datetime | None = None) -> BallotSession:
    """The one place a session changes state. Checks SESSION_TRANSITIONS and the transition's guards
    (issues_before), and the actor's right to run the session when there is an actor; does what the transition
    does (_EFFECTS); writes the new state; logs — all or nothing. Returns the session as written, and brings the
    caller's copy up to date. `at`: when it happened, if not now (the demo replays a scenario's ballot on its
    day): the moment opened, closed or counted and the log entry carry it."""
    caller = session
    session = BallotSession.objects.select_for_update().get(pk=session.pk)
    problems = issues_before(session, name)
    if problems:
        raise ValidationError(problems)
    if getattr(actor, "is_authenticated", False) and not actor.has_perm("voting.manage_session", session):
        raise PermissionDenied(_("Không có quyền điều hành phiên bỏ phiếu này."))
    old = session.state
    summary = _EFFECTS[name](session, at or timezone.now())
    session.state = SESSION_TRANSITIONS[name][old]
    session.save()
    with activity.log_language():  # the log names the states in Vietnamese whatever the user reads
        activity.record(actor, Activity.Action.TRANSITION, session, _scope(session), summary=summary, changes=[
            {"field": "Trạng thái", "old": SessionState(old).label, "new": SessionState(session.state).label}], at=at)
    notify.session_changed(session, name, at)  # a round opened: the voters' accounts are told
    for field in ("state", "current_round", "opened_at", "closed_at", "tallied_at", "receipt_salt", "held_on"):
        setattr(caller, field, getattr(session, field))
    return session


def _open(session: BallotSession, now: dt.datetime) -> str:
    """Freeze the electorate and the candidates, and open round 1 with its empty ballot slots."""
    if session.electorate_kind == ElectorateKind.UNITS:
        assert session.period is not None  # issues_before_opening refused a units electorate without a period
        Voter.objects.bulk_create([
            Voter(session=session, unit_id=unit_id, label=name)
            for unit_id, name in session.period.memberships.order_by("unit__sort_key").values_list(
                "unit_id", "unit__name")])
    session.current_round, session.opened_at = 1, now
    dated = ""
    if session.period_id is None and session.held_on is None:
        # A council's session opened without its meeting day meets on the opening day: its voters and thresholds
        # are frozen on it (session_day), and its minutes and results carry it too (meeting_day), not the day of
        # the count.
        session.held_on = timezone.localdate(session.opened_at)
        dated = f"; ngày họp, biểu quyết: {format_date(session.held_on)}"
    if session.council_id is not None:  # the council's members on the meeting's day: "all members"
        session.voters.all().delete()
        Voter.objects.bulk_create([Voter(session=session, person=m.person, label=m.name[:255])
                                   for m in council_electorate(session)])
    fix_thresholds(session)  # each question keeps the share it is voted under (the law on the meeting's day)
    session.receipt_salt = _new_salt()
    voters = session.voters.count()
    _create_slots(session, 1, voters)
    return f"Mở phiên bỏ phiếu “{session.title}” ({voters} người bỏ phiếu{dated})"


def _close(session: BallotSession, now: dt.datetime) -> str:
    session.closed_at = now
    shake_ballot_box(session, session.current_round)
    return f"Kết thúc bỏ phiếu vòng {session.current_round} “{session.title}”"


def _tally(session: BallotSession, now: dt.datetime) -> str:
    """Count the closed round and keep the results with their reasons for the minutes."""
    for question_id, tally in count_round(session).items():
        QuestionResult.objects.update_or_create(
            question_id=question_id, round=session.current_round,
            defaults={"electorate": tally.electorate, "ballots_cast": tally.ballots_cast,
                      "ballots_valid": tally.ballots_valid,
                      "rows": [{"candidate": r.candidate_id, "label": r.label, "votes": r.votes,
                                "percent": str(r.percent), "outcome": r.outcome, "reason": r.reason}
                               for r in tally.rows]})
    session.tallied_at = now
    return f"Kiểm phiếu vòng {session.current_round} “{session.title}”"


def _next_round(session: BallotSession, now: dt.datetime) -> str:
    """Another ballot for the undecided questions, among their tied or not-yet-passed candidates."""
    for question in _undecided(session, session.current_round):
        result = question.results.get(round=session.current_round)
        tied = {r["candidate"] for r in result.rows if r["outcome"] == Outcome.TIE}
        passed = {r["candidate"] for r in result.rows if r["outcome"] == Outcome.PASSED}
        keep = tied or {r["candidate"] for r in result.rows if r["outcome"] != Outcome.PASSED}
        question.candidates.exclude(pk__in=keep | passed).filter(eliminated_in_round__isnull=True).update(
            eliminated_in_round=session.current_round)
    session.current_round += 1
    _create_slots(session, session.current_round, session.voters.count())
    return f"Bỏ phiếu vòng {session.current_round} “{session.title}”"


# transition → what it does besides moving the state (the session is locked; it is saved afterwards): returns
# the log's summary.
_EFFECTS: dict[str, Callable[[BallotSession, dt.datetime], str]] = {
    SessionTransition.OPEN: _open, SessionTransition.CLOSE: _close, SessionTransition.TALLY: _tally,
    SessionTransition.NEXT_ROUND: _next_round,
}


# The steps by their old names (the demo, benchmarks and tests call them): each is one transition().

def open_session(session: BallotSession, actor=None, at: dt.datetime | None = None) -> BallotSession:
    """Freeze the electorate and the candidates, and open round 1."""
    return transition(session, SessionTransition.OPEN, actor, at)


def close_session(session: BallotSession, actor=None, at: dt.datetime | None = None) -> BallotSession:
    return transition(session, SessionTransition.CLOSE, actor, at)


def tally_session(session: BallotSession, actor=None, at: dt.datetime | None = None) -> dict[int, QuestionTally]:
    """Count the closed round and keep the results; returns the tally of each question of the round."""
    session = transition(session, SessionTransition.TALLY, actor, at)
    return count_round(session)


def start_next_round(session: BallotSession, actor=None) -> BallotSession:
    """Another ballot for the undecided questions. Never beyond the maximum number of rounds: then the head and
    deputy decide (record_leaders_decision)."""
    return transition(session, SessionTransition.NEXT_ROUND, actor)


@transaction.atomic
def record_leaders_decision(question: Question, candidate: Candidate, text: str, actor=None) -> QuestionResult:
    """After the last round, the head and deputy decide between tied candidates, preferring the more outstanding
    one (court sector rule), and the decision is recorded as such."""
    session = BallotSession.objects.select_related("period__cluster").get(pk=question.session_id)
    if session.state != SessionState.TALLIED or session.current_round < session.max_rounds:
        raise ValidationError(_("Trưởng, phó cụm chỉ quyết định khi đã bỏ phiếu đủ số vòng tối đa mà chưa có kết quả."))
    if not text.strip():
        raise ValidationError(_("Cần ghi lý do quyết định."))
    result = question.results.get(round=session.current_round)
    # Stored and logged in Vietnamese, in the words of the cluster's kind ("Khối trưởng, Khối phó quyết định").
    with activity.log_language():
        leaders = kind_words(session.period.cluster.kind if session.period is not None else ClusterKind.CLUSTER).leaders
    rows = result.rows
    for row in rows:
        if row["candidate"] == candidate.pk:
            row["outcome"], row["reason"] = Outcome.PASSED, f"{leaders} quyết định: {text.strip()}"
    result.rows, result.decided_by_leaders = rows, text.strip()
    result.save(update_fields=["rows", "decided_by_leaders"])
    activity.record(actor, Activity.Action.UPDATE, session, _scope(session),
                    summary=f"{leaders} quyết định “{question.title}”: {candidate.label}")
    return result


def final_winners(session: BallotSession) -> dict[int, list[dict]]:
    """Question id → the rows that passed, from each question's latest round."""
    latest = {}
    for result in QuestionResult.objects.filter(question__session=session).order_by("round"):
        latest[result.question_id] = result
    return {qid: [r for r in res.rows if r["outcome"] == Outcome.PASSED] for qid, res in latest.items()}


@transaction.atomic
def apply_results(session: BallotSession, actor=None, decided_on=None, at: dt.datetime | None = None) -> dict:
    """The results flow on: nominations into the period's nominations, the elected head and deputy into next
    year's period (created with this year's members if it does not exist). `at`: when, if not now (the demo)."""
    session = BallotSession.objects.select_related("period__cluster").get(pk=session.pk)
    if session.state != SessionState.TALLIED:
        raise ValidationError(_("Chỉ áp dụng kết quả sau khi kiểm phiếu."))
    if session.period is None:
        return _apply_council_choices(session, actor, decided_on)
    winners = final_winners(session)
    nominations, next_period = [], None
    ref = f"Biên bản kiểm phiếu “{session.title}”"
    for question in session.questions.prefetch_related("candidates"):
        rows = winners.get(question.pk, [])
        candidates = {c.pk: c for c in question.candidates.all()}
        result = question.results.order_by("-round").first()
        for row in rows:
            candidate = candidates[row["candidate"]]
            if question.kind in (QuestionKind.NOMINATE, QuestionKind.APPROVE):
                nomination, _created = Nomination.objects.get_or_create(
                    period=session.period, unit=candidate.unit, person=candidate.person,
                    award_label=question.award_label or question.title,
                    defaults={"question": question, "award": question.award, "votes": row["votes"],
                              "electorate": result.electorate if result else None, "note": ref})
                nominations.append(nomination)
            elif question.kind in (QuestionKind.ELECT_HEAD, QuestionKind.ELECT_DEPUTY):
                if next_period is None:
                    next_period = _next_period(session.period, actor, at)
                role = LeadershipRole.HEAD if question.kind == QuestionKind.ELECT_HEAD else LeadershipRole.DEPUTY
                unit = candidate.unit
                assert unit is not None, "an election's candidates are units"  # add_members would fail on None
                if not next_period.memberships.filter(unit=unit).exists():
                    add_members(next_period, [unit], actor=actor, at=at)
                day = decided_on or meeting_day(session)  # the meeting's, not the day it was entered
                set_leader(next_period, role, unit, ChoiceMethod.ELECTION, ref, day, actor=actor, at=at)
    return {"nominations": nominations, "next_period": next_period}


def pending_results(session: BallotSession, winners: dict[int, list[dict]] | None = None) -> list[str]:
    """What apply_results would still write, one line per winner: a nomination not yet among the year's (or, for
    a council's session, the leading unit's), a head or deputy elected but not yet next year's. Empty before the
    count and once everything is applied — then "Áp dụng kết quả" is not offered (a re-run writes nothing).
    `winners`: final_winners(session) when the caller has read it. The queries do not grow with the winners: a
    cluster's session reads the year's nominations and next year's head and deputy once, a council's the leading
    nominations of all its winners and theirs once."""
    if session.state != SessionState.TALLIED:
        return []
    winners = final_winners(session) if winners is None else winners
    questions = list(session.questions.prefetch_related("candidates"))
    done = _cluster_applied(session) if session.period_id is not None else _council_applied(session, questions,
                                                                                             winners)
    pending: list[str] = []
    for question in questions:
        candidates = {c.pk: c for c in question.candidates.all()}
        for row in winners.get(question.pk, []):
            candidate = candidates[row["candidate"]]
            if not done(question, candidate):
                pending.append(f"{question.title}: {candidate.label}")
    return pending


def _cluster_applied(session: BallotSession) -> Callable[[Question, Any], bool]:
    """Whether a winner of a cluster's session is in the year's nominations or next year's leaders (two queries)."""
    assert session.period is not None
    nominated = set(Nomination.objects.filter(period_id=session.period_id)
                    .values_list("unit_id", "person_id", "award_label"))
    leaders = set(LeadershipTerm.objects.filter(period__cluster_id=session.period.cluster_id,
                                                period__year=session.period.year + 1)
                  .values_list("role", "unit_id"))

    def done(question: Question, candidate) -> bool:
        if question.kind in (QuestionKind.NOMINATE, QuestionKind.APPROVE):
            return (candidate.unit_id, candidate.person_id, question.award_label or question.title) in nominated
        if question.kind in (QuestionKind.ELECT_HEAD, QuestionKind.ELECT_DEPUTY):
            role = LeadershipRole.HEAD if question.kind == QuestionKind.ELECT_HEAD else LeadershipRole.DEPUTY
            return (role, candidate.unit_id) in leaders
        return True

    return done


def _council_applied(session: BallotSession, questions: list[Question],
                     winners: dict[int, list[dict]]) -> Callable[[Question, Any], bool]:
    """Whether a council's choice is applied in the cluster year the unit leads (_apply_council_choices); a unit
    that led none is skipped there, so nothing is pending for it. Two queries whatever the number of winners."""
    chosen = {q.pk: {row["candidate"] for row in winners.get(q.pk, [])} for q in questions}
    units = {c.unit_id for q in questions if q.award_id and q.kind in (QuestionKind.NOMINATE, QuestionKind.APPROVE)
             for c in q.candidates.all() if c.pk in chosen[q.pk] and c.unit_id}
    leads = _leading_nominations(units, meeting_day(session))
    nominated = set(Nomination.objects.filter(period_id__in={lead.period_id for lead in leads.values()},
                                              unit_id__in=units, person__isnull=True)
                    .values_list("period_id", "unit_id", "award_label")) if leads else set()

    def done(question: Question, candidate) -> bool:
        if question.kind not in (QuestionKind.NOMINATE, QuestionKind.APPROVE) or not question.award_id:
            return True
        lead = leads.get(candidate.unit_id)
        return lead is None or (lead.period_id, lead.unit_id, question.award_label or question.title) in nominated

    return done


def _apply_council_choices(session: BallotSession, actor=None, decided_on=None) -> dict:
    """A council's own session (no cluster year) choosing units among the collectives that lead the clusters — the
    Government flag's way (Law art 25: selected among the collectives leading a ministry's or province's clusters):
    each chosen unit is nominated in the cluster year it leads, as a cluster's vote would, so that the dossier finds
    it. Which year: the council sits at or after the clusters' year-end, so the unit's leading nomination of the
    year it sat or of the year before, the latest. A person, a question naming no catalogue award, or a unit that
    led no cluster in those years gets no nomination: `skipped` names them, and the log keeps both lists."""
    day = decided_on or meeting_day(session)
    winners = final_winners(session)
    nominations, skipped = [], []
    ref = f"{session.council_name or 'Hội đồng'} chọn trong các đơn vị dẫn đầu cụm, khối — biên bản kiểm phiếu " \
          f"“{session.title}”"
    questions = session.questions.filter(kind__in=[QuestionKind.NOMINATE, QuestionKind.APPROVE])
    for question in questions.select_related("award").prefetch_related("candidates"):
        candidates = {c.pk: c for c in question.candidates.all()}
        result = question.results.order_by("-round").first()
        for row in winners.get(question.pk, []):
            candidate = candidates[row["candidate"]]
            lead = _leading_nomination(candidate.unit_id, day) if question.award_id and candidate.unit_id else None
            if lead is None:
                skipped.append(candidate.label)
                continue
            nomination, _created = Nomination.objects.get_or_create(
                period=lead.period, unit=lead.unit, person=None,
                award_label=question.award_label or question.title,
                defaults={"question": question, "award": question.award, "votes": row["votes"],
                          "electorate": result.electorate if result else None, "note": ref[:300]})
            nominations.append(nomination)
    if nominations or skipped:
        summary = f"Áp dụng kết quả “{session.title}”: {len(nominations)} đề nghị khen thưởng vào năm thi đua của " \
                  f"cụm, khối đơn vị dẫn đầu"
        if skipped:
            summary += f"; không dẫn đầu cụm, khối năm {day.year - 1} hoặc {day.year}: {', '.join(skipped)}"
        activity.record(actor, Activity.Action.UPDATE, session, _scope(session), summary=summary[:300])
    return {"nominations": nominations, "next_period": None, "skipped": skipped}


def _leading_nomination(unit_id: int, day: dt.date) -> Nomination | None:
    """The unit's latest nomination by a cluster's vote as its leading unit, of `day`'s year or the year before."""
    return _leading_nominations({unit_id}, day).get(unit_id)


def _leading_nominations(unit_ids: set[int], day: dt.date) -> dict[int, Nomination]:
    """_leading_nomination of each unit, in one query (none for a unit that led no cluster in those years)."""
    if not unit_ids:
        return {}
    rows = (Nomination.objects.filter(unit_id__in=unit_ids, award__code=CLUSTER_LEADER_AWARD,
                                      period__year__in=(day.year - 1, day.year))
            .exclude(question__isnull=False, question__session__period__isnull=True)  # a council's, not a vote's
            .select_related("period", "unit")
            .order_by("-period__year", "pk"))
    found: dict[int, Nomination] = {}
    for nomination in rows:
        if nomination.unit_id is not None:  # always: filtered on the units
            found.setdefault(nomination.unit_id, nomination)
    return found


def _next_period(period: EmulationPeriod, actor=None, at: dt.datetime | None = None) -> EmulationPeriod:
    following = EmulationPeriod.objects.filter(cluster=period.cluster, year=period.year + 1).first()
    if following:
        return following
    start, end = shifted_span(period.start_date, period.end_date)
    return create_period(period.cluster, period.year + 1, start, end, actor=actor, copy_members_from=period, at=at)
