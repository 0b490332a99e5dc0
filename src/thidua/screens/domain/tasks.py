"""Today's work: the tasks that wait for one person, with their deadlines, read from the roles they hold.

- A unit's officer (the head unit's staff are officers of their unit too): register the unit's targets while
  registration is open, sign the covenant while it is open for signing, assess the unit's own sheet, explain the
  criteria the head changed, score the other members in the peer review, prepare a proposal or correct one that
  was returned.
- A unit's leader or officer: vote in an open ballot session whose electorate holds the unit.
- The head unit's staff: the step of the year they run in its phase (follow the registrations, appraise and lock
  the sheets, …). The organiser's staff: the same for their years still being set up or with no head unit, and
  the proposals sent to them — receive, appraise, post the list for comment, put it to the council, decide.

A deadline is only a date the records hold: a ballot's meeting day, a proposal's submission deadline
(dossiers.domain.law: the province's own for a cluster's dossier), the last day of a list posted for comment. The
year's phases hold no dates of their own, so their tasks say they have none rather than invent one. The number of
queries does not depend on the number of clusters, units, sheets or proposals: each kind of task is one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.clusters.domain.periods import shifted_span
from thidua.clusters.domain.words import KindWords, kind_words
from thidua.clusters.enums import PHASE_ORDER, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod, LeadershipTerm, Membership
from thidua.core import calendar
from thidua.core.formatting import format_date, progress
from thidua.dossiers.domain.law import deadline_case, submission_deadline
from thidua.dossiers.domain.notices import PUBLISHABLE, last_day
from thidua.dossiers.enums import State
from thidua.dossiers.models import DeadlineRule, Nominee, NoticeRule, Proposal, PublicNotice
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant, CovenantSignature, Registration
from thidua.scoring.enums import SheetState
from thidua.scoring.models import PeerScore, ScoreEntry, ScoreSheet
from thidua.voting.enums import ElectorateKind, SessionState
from thidua.voting.models import BallotSession, Participation, Voter
from thidua.voting.rules import representable_unit_ids


@dataclass(frozen=True)
class Task:
    """One thing to do: what, for which cluster year (or proposal), where it is done, and by when."""

    kind: str
    title: str
    url: str
    label: str  # the cluster and year, or the proposal's sender
    key: str  # the same every day: a task's reminder is sent once per deadline
    deadline: dt.date | None = None
    deadline_note: str = ""  # where the deadline comes from, or that there is none
    days_left: int | None = None  # negative when overdue
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    def sort_key(self) -> tuple:
        """Overdue first (the oldest first), then by deadline, then those without one."""
        rank = 0 if self.overdue else 1 if self.deadline is not None else 2
        return rank, self.deadline or dt.date.max, self.label, self.title


@dataclass
class YearProgress:
    """Where a cluster year stands, in the figures of its phases."""

    period_id: int
    cluster_id: int
    cluster_name: str
    organiser_name: str
    year: int
    phase: str
    end_date: dt.date
    head_name: str
    members: int
    registered: dict
    signed: dict
    covenant_state: str
    sheets_sent: dict
    sheets_locked: dict
    peer_done: dict
    is_head: bool = False
    is_organiser: bool = False
    is_member: bool = False
    kind: str = ""
    counts: dict = field(default_factory=dict)

    @property
    def words(self) -> KindWords:
        return kind_words(self.kind)

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)

    @property
    def next_phase_label(self) -> str:
        index = PHASE_ORDER.index(self.phase)
        return str(Phase(PHASE_ORDER[index + 1]).label) if index + 1 < len(PHASE_ORDER) else ""

    @property
    def label(self) -> str:
        return year_label(self.cluster_name, self.year)


def year_label(cluster_name: str, year: int) -> str:
    return _("%(cluster)s, năm %(year)s") % {"cluster": cluster_name, "year": year}


def _task(today: dt.date, *, kind: str, title: str, url: str, label: str, key: str,
          deadline: dt.date | None = None, note: str = "", detail: str = "") -> Task:
    if deadline is None and not note:
        note = _("Chưa có hạn ghi trong hệ thống")
    return Task(kind=kind, title=title, url=url, label=label, key=key, deadline=deadline, deadline_note=note,
                days_left=(deadline - today).days if deadline is not None else None, detail=detail)


def _count(queryset, group: str):
    """A correlated COUNT of `queryset` (filtered on OuterRef by the caller), 0 when there is none."""
    return Coalesce(Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


# -- the cluster years a person belongs to ------------------------------------------------------------------------

def _periods_of(user, today: dt.date) -> list:
    """The user's cluster years: not closed, or of this year; of their units' clusters and of the clusters their
    organiser runs. One query, the figures counted in subqueries."""
    condition = Q(memberships__unit_id__in=user.unit_ids) | Q(leadership_terms__unit_id__in=user.unit_ids)
    if user.organiser_ids:
        condition |= Q(cluster__organiser_id__in=user.organiser_ids)
    if not (user.unit_ids or user.organiser_ids):
        return []
    ids = EmulationPeriod.objects.filter(condition).filter(~Q(phase=Phase.CLOSED) | Q(year=today.year)).values("pk")
    return _annotated_periods(user, ids)


def _annotated_periods(user, ids) -> list:
    """The periods of `ids` with their phases' figures counted in subqueries (one query)."""
    period = OuterRef("pk")
    members = Membership.objects.filter(period_id=period)
    sheets = ScoreSheet.objects.filter(period_id=period, unit__memberships__period_id=period)
    head = LeadershipTerm.objects.filter(period_id=period, role=LeadershipRole.HEAD)
    sessions = BallotSession.objects.filter(period_id=period)
    return list(
        EmulationPeriod.objects.filter(pk__in=ids)
        .annotate(
            n_members=_count(members, "period_id"),
            n_registered=_count(Registration.objects.filter(period_id=period, submitted_at__isnull=False,
                                                            unit__memberships__period_id=period), "period_id"),
            n_signed=_count(CovenantSignature.objects.filter(covenant__period_id=period), "covenant__period_id"),
            covenant_state=Subquery(Covenant.objects.filter(period_id=period).values("state")[:1]),
            n_sent=_count(sheets.filter(submitted_at__isnull=False), "period_id"),
            n_locked=_count(sheets.filter(state=SheetState.LOCKED), "period_id"),
            n_to_appraise=_count(sheets.filter(state=SheetState.SUBMITTED), "period_id"),
            n_to_lock=_count(sheets.filter(state__in=[SheetState.APPRAISED, SheetState.EXPLAINED]), "period_id"),
            n_sessions_draft=_count(sessions.filter(state=SessionState.DRAFT), "period_id"),
            n_sessions_open=_count(sessions.filter(state=SessionState.OPEN), "period_id"),
            n_sessions_closed=_count(sessions.filter(state=SessionState.CLOSED), "period_id"),
            head_name=Subquery(head.values("unit__name")[:1]),
            is_head=Exists(head.filter(unit_id__in=user.head_unit_ids)),
            is_member=Exists(members.filter(unit_id__in=user.unit_ids)))
        .order_by("-year", "cluster__sort_key")
        .values("pk", "cluster_id", "cluster__name", "cluster__organiser_id", "cluster__organiser__name",
                "cluster__organiser__short_name", "cluster__kind", "year", "phase", "end_date", "n_members", "n_registered", "n_signed",
                "covenant_state", "n_sent", "n_locked", "n_to_appraise", "n_to_lock", "n_sessions_draft", "n_sessions_open",
                "n_sessions_closed", "head_name", "is_head",
                "is_member"))


def _raters_done(members: dict[int, int]) -> dict[int, int]:
    """Per period, the members that scored every other member in the peer review (one query)."""
    done: dict[int, int] = {}
    rows = (PeerScore.objects.filter(period_id__in=list(members)).order_by().values("period_id", "rater_id")
            .annotate(n=Count("pk")))
    for row in rows:
        if members[row["period_id"]] > 1 and row["n"] >= members[row["period_id"]] - 1:
            done[row["period_id"]] = done.get(row["period_id"], 0) + 1
    return done


def year_progress(user, today: dt.date) -> list[YearProgress]:
    """The cluster years the user belongs to (as a member unit's staff, the head unit's, the organiser's), newest
    first, with the figures of their phases: registrations, covenant signatures, sheets sent and locked, members
    that finished the peer review. Two queries."""
    return _progress(user, _periods_of(user, today))


def progress_of_periods(user, period_ids) -> list[YearProgress]:
    """The same figures for the given cluster years (a subquery or a list of ids: an organiser's year on the
    province's page), newest first, then by cluster. Two queries."""
    return _progress(user, _annotated_periods(user, period_ids))


def _progress(user, periods: list) -> list[YearProgress]:
    peer = _raters_done({p["pk"]: p["n_members"] for p in periods})
    rows = []
    for p in periods:
        n = p["n_members"]
        rows.append(YearProgress(
            period_id=p["pk"], cluster_id=p["cluster_id"], cluster_name=p["cluster__name"],
            organiser_name=p["cluster__organiser__short_name"] or p["cluster__organiser__name"], year=p["year"],
            phase=p["phase"], end_date=p["end_date"], head_name=p["head_name"] or "", members=n,
            registered=progress(p["n_registered"], n), signed=progress(p["n_signed"], n),
            covenant_state=p["covenant_state"] or "", sheets_sent=progress(p["n_sent"], n),
            sheets_locked=progress(p["n_locked"], n), peer_done=progress(peer.get(p["pk"], 0), n),
            is_head=p["is_head"], is_organiser=p["cluster__organiser_id"] in user.organiser_ids,
            is_member=p["is_member"], kind=p["cluster__kind"], counts={"to_appraise": p["n_to_appraise"], "to_lock": p["n_to_lock"],
                                                   "draft": p["n_sessions_draft"], "open": p["n_sessions_open"],
                                                   "closed": p["n_sessions_closed"]}))
    return rows


def _fraction(figures: dict) -> str:
    return f"{figures['done']}/{figures['total']}"


# -- a member unit's officer --------------------------------------------------------------------------------------

def _member_rows(unit_ids: set[int]) -> list:
    """The user's units in the years not closed, with what each has done (one query)."""
    period, unit = OuterRef("period_id"), OuterRef("unit_id")
    to_explain = (ScoreEntry.objects.filter(sheet__period_id=period, sheet__unit_id=unit,
                                           sheet__state__in=[SheetState.APPRAISED, SheetState.EXPLAINED],
                                           explanation="").exclude(appraisal_reason=""))
    return list(
        Membership.objects.filter(unit_id__in=unit_ids).exclude(period__phase=Phase.CLOSED)
        .annotate(
            registered=Exists(Registration.objects.filter(period_id=period, unit_id=unit, submitted_at__isnull=False)),
            covenant_open=Exists(Covenant.objects.filter(period_id=period, state=CovenantState.OPEN)),
            signed=Exists(CovenantSignature.objects.filter(covenant__period_id=period, unit_id=unit)),
            sheet_state=Subquery(ScoreSheet.objects.filter(period_id=period, unit_id=unit).values("state")[:1]),
            to_explain=_count(to_explain, "sheet_id"),
            peer_given=_count(PeerScore.objects.filter(period_id=period, rater_id=unit), "rater_id"),
            n_members=_count(Membership.objects.filter(period_id=period), "period_id"))
        .values("period_id", "unit_id", "unit__name", "period__phase", "period__year", "period__cluster__name",
                "registered", "covenant_open", "signed", "sheet_state", "to_explain", "peer_given", "n_members"))


def _member_task(today: dt.date, row: dict[str, Any], kind: str, title: str, url: str, unit_name: str) -> Task:
    return _task(today, kind=kind, title=title, url=url, key=f"{kind}:{row['period_id']}:{row['unit_id']}",
                 label=year_label(row["period__cluster__name"], row["period__year"]), detail=unit_name)


def _member_tasks(user, today: dt.date) -> list[Task]:
    units = user.officer_unit_ids
    if not units:
        return []
    tasks = []
    for row in _member_rows(units):
        period, unit, phase = row["period_id"], row["unit_id"], row["period__phase"]
        unit_name = row["unit__name"] if len(units) > 1 else ""

        def add(kind: str, title: str, url: str, row=row, unit_name=unit_name) -> None:
            tasks.append(_member_task(today, row, kind, title, url, unit_name))

        if phase == Phase.REGISTRATION and not row["registered"]:
            add("register", _("Đăng ký thi đua: danh hiệu và chỉ tiêu của đơn vị"),
                reverse("movements:registration", args=[period, unit]))
        if row["covenant_open"] and not row["signed"]:
            add("sign", _("Ký giao ước thi đua"), reverse("movements:covenant", args=[period]))
        if phase == Phase.SCORING and row["sheet_state"] in (None, SheetState.DRAFT):
            add("self_assess", _("Tự chấm điểm và gửi phiếu tự chấm"), reverse("scoring:sheet", args=[period, unit]))
        if phase == Phase.APPRAISAL and row["to_explain"]:
            add("explain", _("Xem kết quả thẩm định, giải trình %(n)s tiêu chí bị điều chỉnh") % {"n": row["to_explain"]},
                reverse("scoring:sheet", args=[period, unit]))
        others = row["n_members"] - 1
        if phase == Phase.PEER_REVIEW and row["peer_given"] < others:
            add("peer", _("Chấm chéo các đơn vị thành viên (đã chấm %(done)s/%(total)s)")
                % {"done": row["peer_given"], "total": others}, reverse("scoring:peer", args=[period]))
    return tasks


# -- the head unit's and the organiser's steps of the year --------------------------------------------------------

def _step(year: YearProgress, today: dt.date) -> tuple[str, str] | None:
    """What the one who runs the year does in its phase, and the page where it is done."""
    pk = year.period_id
    if year.phase == Phase.SETUP:
        return (_("Chuẩn bị năm thi đua: thành viên, đơn vị trưởng, tiêu chí chấm điểm, giao ước; rồi mở đăng ký"),
                reverse("clusters:period_detail", args=[pk]))
    if year.phase == Phase.REGISTRATION:
        return (_("Đôn đốc đăng ký thi đua (đã đăng ký %(registered)s) và ký giao ước (đã ký %(signed)s)")
                % {"registered": _fraction(year.registered), "signed": _fraction(year.signed)},
                reverse("movements:registrations", args=[pk]))
    if year.phase == Phase.IN_PROGRESS:
        if today <= year.end_date:
            return None  # the year runs: nothing to do before its end
        return (_("Năm thi đua đã hết ngày %(end)s: chuyển sang tự chấm điểm") % {"end": format_date(year.end_date)},
                reverse("clusters:period_detail", args=[pk]))
    if year.phase == Phase.SCORING:
        return (_("Theo dõi tự chấm điểm (đã gửi %(sent)s phiếu); rồi chuyển sang thẩm định")
                % {"sent": _fraction(year.sheets_sent)}, reverse("scoring:sheet_list", args=[pk]))
    if year.phase == Phase.APPRAISAL:
        return (_("Thẩm định phiếu tự chấm: %(appraise)s phiếu chờ thẩm định, %(lock)s phiếu chờ khóa (đã khóa "
                  "%(locked)s)") % {"appraise": year.counts["to_appraise"], "lock": year.counts["to_lock"],
                                    "locked": _fraction(year.sheets_locked)},
                reverse("scoring:sheet_list", args=[pk]))
    if year.phase == Phase.PEER_REVIEW:
        return (_("Theo dõi chấm chéo (đã chấm đủ %(done)s đơn vị)") % {"done": _fraction(year.peer_done)},
                reverse("scoring:peer", args=[pk]))
    if year.phase == Phase.RANKING:
        return _("Tổng hợp, xếp hạng và công bố kết quả"), reverse("scoring:ranking", args=[pk])
    if year.phase == Phase.VOTING:
        return (_("Tổ chức bình xét, bỏ phiếu suy tôn (%(draft)s phiên đang chuẩn bị, %(open)s phiên đang bỏ phiếu, "
                  "%(closed)s phiên chờ kiểm phiếu)") % year.counts, reverse("voting:session_list", args=[pk]))
    return None


def _step_tasks(years: list[YearProgress], today: dt.date) -> list[Task]:
    """The head unit's staff run their year; the organiser's staff the years still being set up or without a
    head unit."""
    tasks = []
    for year in years:
        runs = year.is_head or (year.is_organiser and (not year.head_name or year.phase == Phase.SETUP))
        step = _step(year, today) if runs else None
        if step is not None:
            title, url = step
            tasks.append(_task(today, kind="step", title=title, url=url, label=year.label,
                               key=f"step:{year.period_id}:{year.phase}",
                               detail=_("Giai đoạn: %(phase)s") % {"phase": year.phase_label}))
    return tasks


# -- voting --------------------------------------------------------------------------------------------------------

def _vote_tasks(user, today: dt.date) -> list[Task]:
    """The open sessions where a unit the user casts for has not voted in the round (one query)."""
    units = representable_unit_ids(user)
    if not units:
        return []
    voted = Participation.objects.filter(voter_id=OuterRef("pk"), round=OuterRef("session__current_round"))
    rows = (Voter.objects.filter(unit_id__in=units, session__state=SessionState.OPEN,
                                 session__electorate_kind=ElectorateKind.UNITS, session__period__isnull=False)
            .annotate(voted=Exists(voted)).filter(voted=False)
            .values("session_id", "session__title", "session__held_on", "session__current_round",
                    "session__period__year", "session__period__cluster__name", "unit_id", "unit__name"))
    tasks = []
    for row in rows:
        title = _("Bỏ phiếu: %(session)s") % {"session": row["session__title"]}
        if row["session__current_round"] > 1:
            title += _(" (vòng %(round)s)") % {"round": row["session__current_round"]}
        day = row["session__held_on"]
        tasks.append(_task(
            today, kind="vote", title=title, url=reverse("voting:ballot", args=[row["session_id"]]),
            label=year_label(row["session__period__cluster__name"], row["session__period__year"]),
            key=f"vote:{row['session_id']}:{row['session__current_round']}:{row['unit_id']}", deadline=day,
            note=_("Ngày họp, biểu quyết") if day else _("Phiên chưa ghi ngày họp, biểu quyết"),
            detail=row["unit__name"] if len(units) > 1 else ""))
    return tasks


# -- proposals -----------------------------------------------------------------------------------------------------

def _proposal_label(proposal: Proposal) -> str:
    if proposal.period_id is not None:
        return year_label(proposal.period.cluster.name, proposal.period.year)  # type: ignore[union-attr]
    return _("Năm thành tích %(year)s") % {"year": proposal.year}


def _sender_tasks(user, today: dt.date) -> list[Task]:
    """The unit's proposals being written or sent back, with the deadline for sending them."""
    units = user.officer_unit_ids
    if not units:
        return []
    proposals = list(Proposal.objects.filter(sender_id__in=units, state__in=[State.DRAFT, State.RETURNED])
                     .select_related("recipient", "period__cluster"))
    if not proposals:
        return []
    codes: dict[int, set[str]] = {}
    for proposal_id, code in Nominee.objects.filter(proposal__in=proposals).values_list("proposal_id", "award__code"):
        codes.setdefault(proposal_id, set()).add(code)
    rules = list(DeadlineRule.objects.all())
    tasks = []
    for proposal in proposals:
        case = deadline_case(codes.get(proposal.pk, set()), proposal.period_id is not None)
        deadline, note = submission_deadline(case, proposal.recipient, proposal.year, rules)
        returned = proposal.state == State.RETURNED
        title = (_("Sửa và gửi lại tờ trình bị trả lại “%(title)s”") if returned
                 else _("Hoàn thiện và gửi tờ trình “%(title)s”")) % {"title": proposal.title}
        tasks.append(_task(today, kind="dossier", title=title, url=proposal.get_absolute_url(),
                           label=_proposal_label(proposal), key=f"dossier:{proposal.pk}", deadline=deadline,
                           note=note, detail=proposal.return_reason if returned else ""))
    return tasks


_RECEIVER_STATES = [State.SUBMITTED, State.RECEIVED, State.APPRAISED, State.REVIEWED]


def _receiver_task(today: dt.date, proposal: Proposal, kind: str, title: str, url: str = "",
                   deadline: dt.date | None = None, note: str = "") -> Task:
    return _task(today, kind=kind, title=title % {"title": proposal.title}, url=url or proposal.get_absolute_url(),
                 label=proposal.sender.name, key=f"{kind}:{proposal.pk}", deadline=deadline, note=note)


def _notice_tasks(today: dt.date, proposal: Proposal, notice: PublicNotice | None, covered: bool,
                  overrides: dict) -> tuple[list[Task], bool]:
    """The list posted for comment: to post, or open until its last day. Whether the council may review."""
    if proposal.state not in PUBLISHABLE:
        return [], True
    if notice is None:
        if not covered:
            return [], True
        return [_receiver_task(today, proposal, "notice", _("Công khai danh sách đề nghị của tờ trình “%(title)s”"),
                               reverse("dossiers:notice", args=[proposal.pk]))], False
    end = last_day(notice, overrides)
    if today > end or notice.early_review_reason:
        return [], True
    return [_receiver_task(today, proposal, "notice_open",
                           _("Tiếp nhận ý kiến góp ý về danh sách công khai của tờ trình “%(title)s”"),
                           reverse("dossiers:notice", args=[proposal.pk]), deadline=end,
                           note=_("Hết thời gian công khai (%(n)s ngày làm việc)") % {"n": notice.working_days})], False


def _receiver_tasks(user, today: dt.date) -> list[Task]:
    """The proposals sent to the user's organiser that wait for it: receive, appraise, post the list, put it to
    the council, decide. None of these steps has a deadline in the records."""
    if not user.organiser_ids:
        return []
    proposals = list(Proposal.objects.filter(recipient_id__in=user.organiser_ids, state__in=_RECEIVER_STATES)
                     .select_related("sender"))
    if not proposals:
        return []
    notices = {n.proposal_id: n for n in PublicNotice.objects.filter(proposal__in=proposals)}
    in_force = NoticeRule.objects.filter(valid_from__lte=today).exclude(valid_to__lt=today).values("awards")
    covered = set(Nominee.objects.filter(proposal__in=proposals, excluded=False, award__in=in_force)
                  .values_list("proposal_id", flat=True))
    overrides = calendar.stored_overrides() if notices else {}
    tasks = []
    for proposal in proposals:
        if proposal.state == State.SUBMITTED:
            tasks.append(_receiver_task(today, proposal, "receive", _("Tiếp nhận tờ trình “%(title)s”")))
        elif proposal.state == State.REVIEWED:
            tasks.append(_receiver_task(today, proposal, "decide", _("Ghi quyết định khen thưởng của tờ trình "
                                                                     "“%(title)s”")))
        else:
            found, may_review = _notice_tasks(today, proposal, notices.get(proposal.pk), proposal.pk in covered,
                                              overrides)
            tasks.extend(found)
            if proposal.state == State.RECEIVED:
                tasks.append(_receiver_task(today, proposal, "appraise", _("Thẩm định hồ sơ tờ trình “%(title)s”")))
            elif may_review:
                tasks.append(_receiver_task(today, proposal, "review", _("Trình hội đồng xét tờ trình “%(title)s”, "
                                                                         "ghi kết quả")))
    return tasks


# -- all of them ---------------------------------------------------------------------------------------------------

def tasks_for(user, today: dt.date, years: list[YearProgress] | None = None) -> list[Task]:
    """Every task that waits for the user today, overdue first, then by deadline, then those without one.
    `years`: year_progress(user, today) when the caller has it already."""
    if years is None:
        years = year_progress(user, today)
    tasks = [*_member_tasks(user, today), *_vote_tasks(user, today), *_step_tasks(years, today),
             *_sender_tasks(user, today), *_receiver_tasks(user, today)]
    return sorted(tasks, key=Task.sort_key)


NEXT_STEPS_SHOWN = 5


def what_next(user, years: list[YearProgress], today: dt.date) -> list[str]:
    """For a home with nothing to do: what comes next in each of the user's years and when, or which year is not
    open yet and the dates it will take if it follows the last one (clusters.domain.periods.shifted_span)."""
    running = [y for y in years if y.phase != Phase.CLOSED]
    if running:
        lines = [_("%(label)s: đang ở giai đoạn “%(phase)s”, tiếp theo là “%(next)s”; năm thi đua đến hết ngày "
                   "%(end)s.") % {"label": y.label, "phase": y.phase_label, "next": y.next_phase_label,
                                  "end": format_date(y.end_date)} for y in running[:NEXT_STEPS_SHOWN]]
        if len(running) > NEXT_STEPS_SHOWN:  # a province's staff: thirty years would bury the page
            rest = len(running) - NEXT_STEPS_SHOWN
            lines.append(ngettext("… và %(n)s năm thi đua khác: xem bảng tiến độ bên dưới.",
                                  "… và %(n)s năm thi đua khác: xem bảng tiến độ bên dưới.", rest) % {"n": rest})
        return lines
    last = _last_period(user)
    if last is None:
        return []
    following = max(last.year + 1, today.year)
    start, end = shifted_span(last.start_date, last.end_date, following - last.year)
    return [_("Năm thi đua %(year)s của %(cluster)s chưa mở; theo lịch năm %(last)s, năm mới từ %(start)s đến "
              "%(end)s.") % {"year": following, "cluster": last.cluster.name, "last": last.year,
                             "start": format_date(start), "end": format_date(end)}]


def _last_period(user) -> EmulationPeriod | None:
    condition = Q(memberships__unit_id__in=user.unit_ids)
    if user.organiser_ids:
        condition |= Q(cluster__organiser_id__in=user.organiser_ids)
    if not (user.unit_ids or user.organiser_ids):
        return None
    return (EmulationPeriod.objects.filter(condition).select_related("cluster")
            .order_by("-year", "cluster__sort_key").first())
