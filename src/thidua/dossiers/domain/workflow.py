"""A proposal's life: drafting with nominees checked against the law as they are added, the documents the law
asks for, and one transition() that checks who may do what, writes, logs — and on decision enters the awards
into the registry."""

import datetime as dt
import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.domain import eligibility
from thidua.awards.domain.collectives import UnitYear, load_unit_years
from thidua.awards.domain.money import cash_for, rule_set_for_submission
from thidua.awards.enums import AwardType, Subject
from thidua.awards.models import Award, AwardRecord
from thidua.core import activity, bulk, text, uploads, versions
from thidua.core.formatting import format_number
from thidua.core.models import Activity
from thidua.dossiers.domain import notify
from thidua.dossiers.domain.law import deadline_case, submission_deadline
from thidua.dossiers.domain.papers import check_signer, signing_title
from thidua.dossiers.enums import TRANSITIONS, Action, Channel, DocumentKind, State
from thidua.dossiers.models import Document, Nominee, Proposal
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser, Person, Unit
from thidua.voting.domain.quotas import province_flag_quota
from thidua.voting.models import Nomination

EDITABLE = {State.DRAFT, State.RETURNED}


def _scope(proposal: Proposal) -> str:
    return f"unit:{proposal.sender_id}"


def recipients_for(unit: Unit, channel: str):
    """Where a unit's proposals go by each of its two channels (rules.md §4): by the territorial channel to the
    province it sits in (its People's Committee, advised by the provincial council); by the sector channel to
    its sector's ministry or central body. A unit of a vertically managed sector (Court, Procuracy, Police, …)
    gets its internal titles through the sector, and the provincial flag and certificates through the
    province."""
    if channel == Channel.SECTOR:
        if not unit.sector_id:
            return Organiser.objects.none()
        return Organiser.objects.filter(kind=OrganiserKind.SECTOR, sector_id=unit.sector_id).order_by("sort_key")
    provinces = Organiser.objects.filter(kind=OrganiserKind.PROVINCE)
    if unit.area_id:
        provinces = provinces.filter(area_id=unit.area_id)
    return provinces.order_by("sort_key")


def check_channel(sender: Unit, recipient, channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationError(_("Kênh gửi không hợp lệ."))
    if not recipients_for(sender, channel).filter(pk=recipient.pk).exists():
        where = _("ngành của đơn vị") if channel == Channel.SECTOR else _("tỉnh, thành phố nơi đơn vị đóng")
        raise ValidationError(_("Theo %(channel)s, tờ trình của %(sender)s gửi đến cơ quan của %(where)s, không gửi "
                                "%(recipient)s.") % {"channel": Channel(channel).label.lower(), "sender": sender.name,
                                                      "where": where, "recipient": recipient.name})


@transaction.atomic
def create_proposal(sender: Unit, recipient, title: str, year: int, period=None, channel: str = "province",
                    award_type: str = AwardType.MERIT, actor=None, number: str = "", signer: Person | None = None,
                    signer_position: str = "") -> Proposal:
    """A draft proposal. The signer is a person of the sender unit; their position as printed on the paper is
    what was typed, or else taken from their record (papers.signing_title)."""
    if not title.strip():
        raise ValidationError(_("Cần ghi trích yếu tờ trình."))
    check_channel(sender, recipient, channel)
    check_signer(sender, signer)
    if period is not None and not period.memberships.filter(unit=sender).exists():
        raise ValidationError(_("%(sender)s không là thành viên của %(cluster)s năm %(year)s.")
                              % {"sender": sender.name, "cluster": period.cluster.name, "year": period.year})
    proposal = Proposal.objects.create(sender=sender, recipient=recipient, title=title.strip(), year=year,
                                       period=period, channel=channel, award_type=award_type, number=number.strip(),
                                       signer=signer, signer_position=_position(signer, signer_position),
                                       created_by=actor if getattr(actor, "is_authenticated", False) else None)
    activity.record(actor, Activity.Action.CREATE, proposal, _scope(proposal), summary=f"Soạn tờ trình “{title}”")
    return proposal


def _position(signer: Person | None, typed: str) -> str:
    if signer is None:
        return ""
    return typed.strip() or signing_title(signer)


# What the proposal page's forms write on the proposal's own record: a save from a page loaded before any of them
# changed is refused (core.versions).
VERSION_FIELDS = ["state", "number", "title", "signer", "signer_position", "return_reason", "council_result",
                  "decision_number", "decision_date", "decision_signer"]


def version(proposal: Proposal) -> str:
    """The version of a proposal's record as its page's forms carry it (core.versions)."""
    return versions.token(proposal, _scope(proposal), versions.field_values(proposal, VERSION_FIELDS))


@transaction.atomic
def set_signer(proposal: Proposal, signer: Person | None, position: str = "", actor=None,
               loaded_version: str | None = None) -> Proposal:
    """Who signs the proposal for the sender, and the position printed (as of signing), while it can be edited.
    `loaded_version`: the version the page was loaded with; refused (core.versions.StaleVersion) when older."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    versions.check(proposal, _scope(proposal), versions.field_values(proposal, VERSION_FIELDS), loaded_version)
    _require_editable(proposal)
    check_signer(proposal.sender, signer)
    before = proposal.signer
    old = f"{proposal.signer_position} {before.full_name}".strip() if before else ""
    proposal.signer, proposal.signer_position = signer, _position(signer, position)
    proposal.save(update_fields=["signer", "signer_position"])
    new = f"{proposal.signer_position} {signer.full_name}".strip() if signer else ""
    activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal), summary="Đổi người ký tờ trình",
                    changes=[{"field": "Người ký", "old": old, "new": new}])
    return proposal


def _require_editable(proposal: Proposal) -> None:
    if proposal.state not in EDITABLE:
        raise ValidationError(_("Tờ trình đang “%(state)s”; chỉ sửa khi đang soạn hoặc bị trả lại.")
                              % {"state": State(proposal.state).label})


@transaction.atomic
def add_nominee(proposal: Proposal, award: Award, *, person: Person | None = None, unit: Unit | None = None,
                achievement: str = "", initiative=None, actor=None) -> Nominee:
    proposal = Proposal.objects.get(pk=proposal.pk)
    _require_editable(proposal)
    if person is not None:
        subject, name, unit = Subject.INDIVIDUAL, person.full_name, person.unit
    elif unit is not None:
        subject, name = Subject.COLLECTIVE, unit.name
    else:
        raise ValidationError(_("Cần chọn cá nhân hoặc tập thể được đề nghị."))
    if subject not in award.subjects:
        raise ValidationError(_("%(award)s không dành cho %(subject)s.") % {"award": award,
                                                                              "subject": Subject(subject).label.lower()})
    duplicate = proposal.nominees.filter(award=award, person=person) if person else \
        proposal.nominees.filter(award=award, unit=unit, subject=Subject.COLLECTIVE)
    if duplicate.exists():
        raise ValidationError(_("%(name)s đã có trong tờ trình với %(award)s.") % {"name": name, "award": award})
    nominee = Nominee.objects.create(
        proposal=proposal, order=proposal.nominees.count() + 1, subject=subject, person=person, unit=unit,
        name_as_written=name, position_as_written=person.position if person else "", award=award,
        achievement=achievement, initiative=initiative,
        direct_worker=bool(person and person.category == "direct"))
    evaluate([nominee])
    activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                    summary=f"Thêm {name} — {award} vào tờ trình")
    return nominee


@transaction.atomic
def remove_nominee(nominee: Nominee, actor=None) -> None:
    proposal = nominee.proposal
    _require_editable(proposal)
    name, award = nominee.name_as_written, nominee.award
    nominee.delete()
    activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                    summary=f"Bỏ {name} — {award} khỏi tờ trình")


@transaction.atomic
def recheck(proposal: Proposal, actor=None) -> None:
    """Check every nominee again (records may have changed since they were added: an import, a decision)."""
    _require_editable(proposal)
    nominees = list(proposal.nominees.select_related("award", "proposal"))
    evaluate(nominees)
    activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                    summary=f"Kiểm tra lại điều kiện của {len(nominees)} người, tập thể được đề nghị")


def candidates_for(proposal: Proposal):
    """The people and the units a proposal may nominate: those of the sender and of its subordinate units."""
    units = Unit.objects.filter(Q(pk=proposal.sender_id) | Q(parent_id=proposal.sender_id))
    people = Person.objects.filter(unit__in=units.values("pk")).select_related("unit")
    return people, units.order_by("sort_key")


def evaluate(nominees: list[Nominee], on_day: dt.date | None = None) -> None:
    """Check every nominee against the law and keep the answer with its reasons (and the ground a reason
    establishes: the documents follow it). A fixed number of queries for any number of nominees (10.000 in a few
    seconds). The law is read on `on_day`, today by default (a draft is judged as if sent today; sending a past
    year's proposal with the day it was sent judges it again on that day: _on_submit)."""
    on_day = on_day or timezone.localdate()
    people = [n.person_id for n in nominees if n.person_id]
    units = [n.unit_id for n in nominees if n.subject == Subject.COLLECTIVE]
    histories = eligibility.load_histories(people, units)
    years = {n.proposal.year for n in nominees}
    facts = load_unit_years([n.unit_id for n in nominees if n.subject == Subject.COLLECTIVE
                             and n.award.code in eligibility.MEMBER_AWARDS], years)
    _add_votes(facts, units, years)
    for nominee in nominees:
        year, code = nominee.proposal.year, nominee.award.code
        if nominee.person_id:
            answer = eligibility.check_person(code, year, histories[("person", nominee.person_id)], on_day,
                                              initiative=nominee.initiative)
        else:
            answer = eligibility.check_unit(code, year, histories[("unit", nominee.unit_id)], on_day,
                                            facts=facts.get((nominee.unit_id, year)))
        nominee.eligibility = answer.verdict
        nominee.eligibility_reasons = [{"text": r.text, "article": r.article, "ok": r.ok,
                                        **({"ground": r.ground} if r.ground else {})} for r in answer.reasons]
    _save_answers(nominees)


def _add_votes(facts: dict[tuple[int, int], UnitYear], unit_ids: list[int], years: set[int]) -> None:
    """What the year's votes said of each unit, with the cluster's or the council's name: the awards a cluster voted
    it for, and those a council chose it for among the cluster leaders (a council's own session, no cluster year:
    voting.domain.sessions.apply_results). One query."""
    rows = Nomination.objects.filter(unit_id__any=unit_ids, period__year__in=years, award__isnull=False).values_list(
        "unit_id", "period__year", "award__code", "period__cluster__name", "question_id",
        "question__session__period_id", "question__session__council_name")
    for unit_id, year, code, cluster, question_id, session_period, council in rows:
        year_facts = facts.setdefault((unit_id, year), UnitYear())
        by_council = question_id is not None and session_period is None
        names = (year_facts.council if by_council else year_facts.voted).setdefault(code, [])
        name = (council or "Hội đồng Thi đua - Khen thưởng") if by_council else cluster
        if name not in names:
            names.append(name)


def _save_answers(nominees: list[Nominee]) -> None:
    """Every answer in one statement on PostgreSQL (core.bulk.update_many)."""
    rows = [(n.pk, n.eligibility, json.dumps(n.eligibility_reasons, ensure_ascii=False))
            for n in nominees if n.pk is not None]
    bulk.update_many(Nominee, ["eligibility", "eligibility_reasons"], rows)


def required_documents(nominee: Nominee) -> list[tuple[str, str]]:
    """(kind, why) of what the law asks for this nominee (Law art 84.1; Decree 98 arts 33–34; Decree 152 art 42).
    The initiative's certificate follows the ground eligibility found: a CSTĐ cơ sở on a year of excellent
    completion needs none (eligibility.initiative_document_needed)."""
    needs: list[tuple[str, str]] = [(DocumentKind.ACHIEVEMENT_REPORT, "Luật Thi đua, khen thưởng 2022, Điều 84 khoản 1 điểm b")]
    if eligibility.initiative_document_needed(nominee.award.code, nominee.eligibility_reasons):
        needs.append((DocumentKind.INITIATIVE, "Luật Thi đua, khen thưởng 2022, Điều 84 khoản 1 điểm d"))
    return needs


def issues_before_submit(proposal: Proposal, on_day: dt.date | None = None) -> list[str]:
    """What is missing before the proposal can be sent (on `on_day`, today by default), in words the officer can
    act on."""
    problems = []
    nominees = list(proposal.nominees.select_related("award"))
    if not nominees:
        problems.append(_("Tờ trình chưa có người, tập thể được đề nghị."))
    documents = set(proposal.documents.values_list("nominee_id", "kind"))
    if not any(kind == DocumentKind.REVIEW_MINUTES for _n, kind in documents):
        problems.append(_("Thiếu biên bản họp bình xét (có kết quả bỏ phiếu) — Luật Thi đua, khen thưởng 2022, "
                        "Điều 84 khoản 1 điểm c."))
    for nominee in nominees:
        for kind, article in required_documents(nominee):
            if (nominee.pk, kind) not in documents:
                problems.append(_("%(name)s: thiếu %(kind)s — %(article)s.") % {
                    "name": nominee.name_as_written, "kind": DocumentKind(kind).label.lower(), "article": article})
    problems.extend(government_flag_quota_issues(proposal, on_day))
    return problems


def government_flag_quota_issues(proposal: Proposal, on_day: dt.date | None = None) -> list[str]:
    """Cờ thi đua của Chính phủ proposals of a province for a year stay within the quota of the collectives that
    lead its clusters (voting.domain.quotas.province_flag_quota, as the dashboards count them: the distinct units
    voted to lead the province's clusters and blocks; the share and rounding in force on the day it is sent —
    today, or a past year's proposal's own day —, each with its source)."""
    if not proposal.nominees.filter(award__code="co-cp").exists() or proposal.sender.area_id is None:
        return []
    area, year = proposal.sender.area_id, proposal.year
    allowed = province_flag_quota(area, year, on_day or timezone.localdate())
    rule, quota, leaders = allowed.rule, allowed.quota, allowed.leaders
    proposed = Nominee.objects.filter(award__code="co-cp", proposal__year=year, proposal__sender__area_id=area,
                                      excluded=False).exclude(proposal__state=State.DRAFT).exclude(
        proposal=proposal).count() + proposal.nominees.filter(award__code="co-cp").count()
    if proposed > quota:
        return [_("Đề nghị %(proposed)s Cờ thi đua của Chính phủ, vượt chỉ tiêu %(quota)s (%(share)s%% của "
                  "%(leaders)s đơn vị dẫn đầu cụm, khối năm %(year)s, %(rounding)s) — %(source)s; cách làm tròn: "
                  "%(rounding_source)s.")
                % {"proposed": proposed, "quota": quota, "share": format_number(rule.share_percent.normalize()),
                   "leaders": leaders, "year": year, "rounding": rule.rounding_text, "source": rule.source,
                   "rounding_source": rule.rounding_source}]
    return []


DOCUMENT_TYPES = frozenset({"pdf", "docx", "doc"})
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def attach_document(proposal: Proposal, kind: str, uploaded, nominee: Nominee | None = None, actor=None) -> Document:
    _require_editable(proposal)
    name = uploaded.name or ""
    uploads.check_upload(uploaded, DOCUMENT_TYPES, DOCUMENT_MAX_BYTES)  # judged by its content, not its name
    document = Document.objects.create(proposal=proposal, nominee=nominee, kind=kind, file=uploaded,
                                       original_name=name,
                                       uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                        summary=f"Đính kèm {DocumentKind(kind).label.lower()}: “{name}”")
    return document


@transaction.atomic
def remove_document(document: Document, actor=None) -> None:
    """The row and the log entry in one transaction; the file goes once that transaction has committed."""
    proposal = document.proposal
    _require_editable(proposal)
    name, storage, path = document.original_name, document.file.storage, document.file.name
    document.delete()
    activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal), summary=f"Bỏ tài liệu “{name}”")
    if path:
        transaction.on_commit(lambda: storage.delete(path))


def _submission_deadline(proposal: Proposal) -> tuple[dt.date | None, str]:
    codes = proposal.nominees.values_list("award__code", flat=True)
    return submission_deadline(deadline_case(codes, proposal.period_id is not None), proposal.recipient,
                               proposal.year)


def deadline_for(proposal: Proposal) -> tuple[dt.date, str] | None:
    """The deadline that applies and its description (dossiers.domain.law.submission_deadline): a Government
    flag's, else a cluster's year-end dossier's — the receiving province's own when it set one; a cluster's dossier
    takes only the receiving province's own deadline, never another province's."""
    day, note = _submission_deadline(proposal)
    return (day, note) if day is not None else None


def missing_deadline(proposal: Proposal) -> str:
    """When a cluster's dossier has no deadline because the receiving province has recorded none: said so, rather
    than borrowing another province's."""
    day, note = _submission_deadline(proposal)
    return note if day is None else ""


def deadline_warning(proposal: Proposal, today: dt.date | None = None) -> str:
    found = deadline_for(proposal)
    if not found or proposal.state not in EDITABLE:
        return ""
    day, label = found
    today = today or timezone.localdate()
    if today > day:
        return _("Đã quá hạn %(day)s: %(label)s.") % {"day": f"{day:%d/%m/%Y}", "label": label}
    if (day - today).days <= 14:
        return _("Còn %(n)s ngày đến hạn %(day)s: %(label)s.") % {"n": (day - today).days, "day": f"{day:%d/%m/%Y}",
                                                                   "label": label}
    return ""


def is_sender(user, proposal: Proposal) -> bool:
    return user.is_system_admin or proposal.sender_id in user.officer_unit_ids


def is_receiver(user, proposal: Proposal) -> bool:
    return user.is_system_admin or proposal.recipient_id in user.organiser_ids


def allowed_actions(proposal: Proposal, user) -> list[str]:
    """The actions this user may take on the proposal in its present state (TRANSITIONS decides)."""
    actions = []
    for action, (sources, _target, who) in TRANSITIONS.items():
        if proposal.state in sources and (is_sender(user, proposal) if who == "sender" else
                                          is_receiver(user, proposal)):
            actions.append(action)
    return actions


def history(proposal: Proposal):
    """The proposal's entries in the activity log (kept on the sender's timeline), oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return (Activity.objects.filter(scope=_scope(proposal), target_type=ContentType.objects.get_for_model(Proposal),
                                    target_id=proposal.pk).select_related("actor").order_by("at", "id"))


@transaction.atomic
def transition(proposal: Proposal, action: str, actor, *, reason: str = "", council_result: str = "",
               council_session=None, decision_number: str = "", decision_date: dt.date | None = None,
               decision_signer: str = "", excluded: dict[int, str] | None = None,
               submitted_on: dt.date | None = None) -> Proposal:
    """The one place a proposal changes state. `submitted_on`: the day a past year's proposal was in fact sent
    (recorded after the fact); it chooses the rule set and the day the nominees are judged on."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if action not in TRANSITIONS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    sources, target, who = TRANSITIONS[action]
    if proposal.state not in sources:
        raise ValidationError(_("Không thể “%(action)s” tờ trình đang “%(state)s”.")
                              % {"action": Action(action).label.lower(), "state": State(proposal.state).label})
    allowed = is_sender(actor, proposal) if who == "sender" else is_receiver(actor, proposal)
    if not allowed:
        raise PermissionError(_("Không có quyền thực hiện thao tác này với tờ trình."))
    effect = _EFFECTS.get(action)
    if effect is not None:
        effect(proposal, timezone.now(), reason=reason, council_result=council_result,
               council_session=council_session, decision_number=decision_number, decision_date=decision_date,
               decision_signer=decision_signer, excluded=excluded, submitted_on=submitted_on)
    old_state = proposal.state
    proposal.state = target
    proposal.save()
    if action == Action.DECIDE:
        _enter_awards(proposal)
    with activity.log_language():  # the log names the states in Vietnamese whatever the user reads
        activity.record(actor, Activity.Action.TRANSITION, proposal, _scope(proposal),
                        summary=f"Tờ trình “{proposal.title}”: {Action(action).label}"
                        + (f" — {reason}" if reason else ""),
                        changes=[{"field": "Trạng thái", "old": State(old_state).label, "new": State(target).label},
                                 *_recorded_day_change(submitted_on, proposal)])
    notify.proposal_changed(proposal, action)  # returned or decided: the sender's officers are told
    return proposal


def _recorded_day_change(submitted_on: dt.date | None, proposal: Proposal) -> list[dict]:
    if submitted_on is None or submitted_on == timezone.localdate():
        return []
    return [{"field": "Ngày gửi (ghi nhận sau)", "old": "", "new": f"{submitted_on:%d/%m/%Y}"}]


# What an action writes besides the state, after checking what it needs: (proposal, now, **the transition's
# keyword arguments).

def _on_submit(proposal: Proposal, now, *, submitted_on: dt.date | None = None, **_params) -> None:
    """The rule set is the one in force on the day the dossier is sent (rule_set_for_submission): today, or for a
    past year's proposal recorded after the fact the day it was sent, on which its nominees are judged again."""
    today = timezone.localdate(now)
    day = submitted_on or today
    if day != today:
        _check_recorded_day(proposal, day, today)
    try:
        rule_set = rule_set_for_submission(day)
    except LookupError as error:
        raise ValidationError(str(error)) from error
    if day != today:
        evaluate(list(proposal.nominees.select_related("award", "proposal")), on_day=day)
    problems = issues_before_submit(proposal, day)
    if problems:
        raise ValidationError(problems)
    proposal.submitted_at = now if day == today else timezone.make_aware(dt.datetime.combine(day, dt.time()))
    proposal.rule_set = rule_set


def _check_recorded_day(proposal: Proposal, day: dt.date, today: dt.date) -> None:
    """A sending day other than today is a past year's proposal recorded after the fact: only for an
    achievement year that is over, never in the future or before the achievement year, and never before the
    proposal's earlier sending (a dossier sent again after being returned; the receipt and the return may be
    recorded today, after the fact, so they do not bound it). The day is written into
    the log (transition), so the receiver sees it was recorded, not clicked on that day."""
    shown = {"day": f"{day:%d/%m/%Y}", "year": proposal.year}
    if proposal.year >= today.year:
        raise ValidationError(_("Chỉ ghi ngày gửi khác hôm nay cho tờ trình của năm thi đua đã qua (năm %(year)s "
                                "chưa qua).") % shown)
    if day > today:
        raise ValidationError(_("Ngày gửi tờ trình %(day)s ở tương lai.") % shown)
    if day.year < proposal.year:
        raise ValidationError(_("Ngày gửi tờ trình %(day)s trước năm thành tích %(year)s.") % shown)
    if proposal.submitted_at is not None and day < timezone.localdate(proposal.submitted_at):
        raise ValidationError(_("Ngày gửi lại %(day)s trước lần gửi trước (%(earlier)s).")
                              % {**shown, "earlier": f"{timezone.localdate(proposal.submitted_at):%d/%m/%Y}"})


def _on_return(proposal: Proposal, now, *, reason: str = "", **_params) -> None:
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do trả lại để đơn vị biết phải sửa gì."))
    proposal.return_reason = reason.strip()


def _on_receive(proposal: Proposal, now, **_params) -> None:
    proposal.received_at = now


def _on_review(proposal: Proposal, now, *, council_result: str = "", council_session=None,
               excluded: dict[int, str] | None = None, **_params) -> None:
    if not council_result.strip() and council_session is None:
        raise ValidationError(_("Cần ghi kết quả xét của hội đồng (hoặc chọn phiên bỏ phiếu)."))
    from thidua.dossiers.domain.notices import check_review  # notices imports this module

    check_review(proposal)  # the public notice has ended, or the secretariat recorded why not (Decree 98 art 46)
    proposal.council_result, proposal.council_session = council_result.strip(), council_session
    for nominee_id, why in (excluded or {}).items():
        proposal.nominees.filter(pk=nominee_id).update(excluded=True, excluded_reason=why)


def _on_decide(proposal: Proposal, now, *, decision_number: str = "", decision_date: dt.date | None = None,
               decision_signer: str = "", **_params) -> None:
    _check_decision(decision_number, decision_date, decision_signer)
    assert decision_date is not None  # _check_decision raised otherwise; tells the type checker
    proposal.decision_number, proposal.decision_date = decision_number.strip(), decision_date
    proposal.decision_signer, proposal.decided_at = decision_signer.strip(), now
    if proposal.rule_set_id is None:  # recorded when it was submitted; only a proposal from before that lacks it
        submitted = timezone.localdate(proposal.submitted_at) if proposal.submitted_at else decision_date
        proposal.rule_set = rule_set_for_submission(submitted)


_EFFECTS: dict[str, Callable[..., None]] = {
    Action.SUBMIT: _on_submit, Action.RESUBMIT: _on_submit, Action.RETURN: _on_return,
    Action.RECEIVE: _on_receive, Action.REVIEW: _on_review, Action.DECIDE: _on_decide,
}


def _check_decision(number: str, day: dt.date | None, signer: str) -> None:
    problems = []
    if not number.strip():
        problems.append(_("Cần ghi số quyết định."))
    if day is None:
        problems.append(_("Cần ghi ngày quyết định."))
    elif day > timezone.localdate():
        problems.append(_("Ngày quyết định %(day)s ở tương lai.") % {"day": f"{day:%d/%m/%Y}"})
    if not signer.strip():
        problems.append(_("Cần ghi cấp quyết định, người ký."))
    if problems:
        raise ValidationError(problems)


def _enter_awards(proposal: Proposal) -> list[AwardRecord]:
    """The decided nominees enter the registry by themselves, with the names and authority of the decision."""
    decision_date = proposal.decision_date
    assert decision_date is not None  # only a decision enters awards, and transition() checked its date
    records = []
    for nominee in proposal.nominees.filter(excluded=False).select_related("award"):
        amount, _why = cash_for(nominee.award, nominee.subject, decision_date, rule_set=proposal.rule_set)
        records.append(AwardRecord(
            award=nominee.award, rule_set=proposal.rule_set, subject=nominee.subject, person=nominee.person,
            unit=nominee.unit, recipient_name=nominee.name_as_written, position_as_written=nominee.position_as_written,
            direct_worker=nominee.direct_worker, year=proposal.year, award_type=proposal.award_type,
            level=_level(proposal, nominee.award), decision_number=proposal.decision_number,
            decision_date=decision_date, signed_by=proposal.decision_signer, initiative=nominee.initiative,
            cash_amount=amount, period=proposal.period, note=f"Theo tờ trình “{proposal.title}”",
            search_text=text.fold(nominee.name_as_written)))
    return AwardRecord.objects.bulk_create(records)


def _level(proposal: Proposal, award: Award) -> str:
    """Central awards are central; otherwise the channel decides: a sector's own awards are sector-level."""
    if award.level == "central":
        return "central"
    return "sector" if proposal.channel == "sector" else "local"
