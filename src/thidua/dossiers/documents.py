"""A proposal's official papers, .docx and PDF, in the layout of Nghị định 30/2020/NĐ-CP: the proposal (tờ
trình), the list of nominees (danh sách đề nghị) and the decision with its list (quyết định, danh sách kèm
theo). Names, numbers, counts and cash are read from the records when the paper is generated; cash uses the
multiples of the rule set the proposal recorded when it was submitted (today's for a draft) on the base salary in
force on the decision date (today's for a paper not yet decided), with the amount in words (awards.domain.money).
The proposal is addressed to the authority that decides (the chair of the province's People's Committee, through
its emulation council) and signed by the sender's signer with the position kept on the proposal; numbers carry
the issuer's abbreviation (dossiers.domain.papers)."""

import datetime as dt
from collections import OrderedDict
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from thidua.awards.domain.money import amount_in_words, cash_for, rule_set_for_submission
from thidua.awards.enums import AwardType, Subject
from thidua.awards.models import AwardTerms
from thidua.core.documents import (
    docx_response,
    in_vietnamese,
    pdf_response,
    render_docx,
    render_pdf,
    vn_date,
    vn_place_date,
)
from thidua.core.formatting import format_number
from thidua.dossiers.domain.from_ballot import vote_text
from thidua.dossiers.domain.papers import (
    DECISION_TYPE,
    PROPOSAL_TYPE,
    award_names,
    number_line,
    signature,
    signing_title,
)
from thidua.dossiers.domain.workflow import is_receiver
from thidua.dossiers.enums import State
from thidua.dossiers.models import Proposal
from thidua.orgs.enums import OrganiserKind
from thidua.voting.domain.dates import meeting_day

DOCX_DIR = Path(__file__).parent / "docx"
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
SUBJECT_NOUN = {Subject.INDIVIDUAL: "cá nhân", Subject.COLLECTIVE: "tập thể", Subject.HOUSEHOLD: "hộ gia đình"}


def _upper_first(value: str) -> str:
    return value[:1].upper() + value[1:] if value else value


def _about(title: str) -> str:
    """The summary line: "Về việc đề nghị khen thưởng …"."""
    title = title.strip().rstrip(".")
    if title.lower().startswith("về việc"):
        return _upper_first(title)
    return "Về việc " + title[:1].lower() + title[1:]


def _money(amount: int | None) -> str:
    return format_number(amount) if amount is not None else ""


NO_CASH_RECORDED = "chưa ghi số tiền"  # no amount known: never "0 đồng", which says the cash is zero


def _money_total(total: int, known: int) -> str:
    """A total of cash: the sum when at least one amount is known, "chưa ghi số tiền" when none is."""
    return _money(total) if known else NO_CASH_RECORDED


def _place(area) -> str:
    return area.name.removeprefix("Thành phố ") if area else ""


def _counts(groups) -> tuple[int, int, int]:
    collectives = sum(1 for g in groups for r in g["rows"] if r["subject"] == Subject.COLLECTIVE)
    households = sum(1 for g in groups for r in g["rows"] if r["subject"] == Subject.HOUSEHOLD)
    individuals = sum(1 for g in groups for r in g["rows"] if r["subject"] == Subject.INDIVIDUAL)
    return collectives, individuals, households


def _who(collectives: int, individuals: int, households: int = 0) -> str:
    parts = [f"{format_number(n)} {noun}" for n, noun in ((collectives, "tập thể"), (individuals, "cá nhân"),
                                                           (households, "hộ gia đình")) if n]
    return " và ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else (parts[0] if parts else "")


def cash_day(proposal: Proposal) -> dt.date:
    """The day the cash is computed for: the decision's, or today for a paper not yet decided."""
    return proposal.decision_date or timezone.localdate()


def paper_rule_set(proposal: Proposal):
    """The rule set the papers follow: the one the proposal recorded when it was submitted; for a draft, the one it
    would be submitted under today. None where no rule set is in force."""
    if proposal.rule_set_id:
        return proposal.rule_set
    try:
        return rule_set_for_submission(timezone.localdate())
    except LookupError:
        return None


def nominee_groups(proposal: Proposal, *, decided_only: bool = False) -> list[dict]:
    """The nominees grouped by award, highest rank first, each with its cash and the cash in words; each award
    under the name the deciding organiser prints on the day of the paper (its own name, else the catalogue's).
    `decided_only`: the decision's list — the excluded nominees left out, the names read on the decision date."""
    day = cash_day(proposal)
    nominees = list(proposal.nominees.select_related("award", "unit", "person").order_by("order", "pk"))
    if decided_only:
        nominees = [n for n in nominees if not n.excluded]
    rule_set = paper_rule_set(proposal)
    ranks = dict(AwardTerms.objects.filter(rule_set=rule_set).values_list("award_id", "rank")) if rule_set else {}
    nominees.sort(key=lambda n: (ranks.get(n.award_id) or 99, n.award.sort_key, n.subject != Subject.COLLECTIVE,
                                 n.order, n.pk))
    names = award_names(proposal, {n.award_id: n.award for n in nominees}.values(), decision=decided_only)
    cash_cache: dict[tuple[int, str], int | None] = {}
    groups: OrderedDict[int, dict] = OrderedDict()
    for nominee in nominees:
        key = (nominee.award_id, nominee.subject)
        if key not in cash_cache:
            cash_cache[key] = cash_for(nominee.award, nominee.subject, day, rule_set=rule_set)[0] if rule_set \
                else None
        amount = cash_cache[key]
        group = groups.setdefault(nominee.award_id, {"award": nominee.award, "rows": [], "total": 0, "rates": {},
                                                     "known": 0})
        if amount is not None:
            group["total"] += amount
            group["known"] += 1
            group["rates"][nominee.subject] = amount
        where = nominee.unit.name if nominee.subject == Subject.INDIVIDUAL else (
            nominee.unit.name if nominee.name_as_written != nominee.unit.name else "")
        group["rows"].append({
            "number": len(group["rows"]) + 1, "name": nominee.name_as_written, "subject": nominee.subject,
            "position": ", ".join(p for p in (nominee.position_as_written, where) if p),
            "achievement": nominee.achievement, "cash": _money(amount), "amount": amount or 0,
            "cash_known": amount is not None,
            "excluded": nominee.excluded, "excluded_reason": nominee.excluded_reason, "vote": vote_text(nominee),
        })
    out = []
    for index, group in enumerate(groups.values()):
        rates = [f"{SUBJECT_NOUN[s]}: {_money(a)} đồng ({amount_in_words(a)})" for s, a in group["rates"].items()]
        collectives, individuals, households = _counts([group])
        name = names[group["award"].pk]
        out.append({
            "roman": ROMAN[index] if index < len(ROMAN) else str(index + 1), "award": name,
            "level": group["award"].level,
            "award_upper": name.upper(), "rows": group["rows"], "who": _who(collectives, individuals, households),
            "rates": rates, "rate_text": "; ".join(rates), "total": _money_total(group["total"], group["known"]),
            "total_words": amount_in_words(group["total"]) if group["total"] else "",
        })
    return out


def _totals(groups) -> dict:
    total = sum(r["amount"] for g in groups for r in g["rows"])
    known = sum(1 for g in groups for r in g["rows"] if r["cash_known"])
    collectives, individuals, households = _counts(groups)
    return {"total": _money_total(total, known), "total_words": amount_in_words(total) if total else "",
            "cash_known": bool(known),
            "who": _who(collectives, individuals, households), "collectives": collectives,
            "individuals": individuals, "households": households}


def _submitted_on(proposal: Proposal) -> dt.date | None:
    return timezone.localtime(proposal.submitted_at).date() if proposal.submitted_at else None


def proposal_number(proposal: Proposal) -> str:
    """"Số: 12/TTr-TA", with the sender's abbreviation; "Số:      /TTr" when the unit has none."""
    return number_line(proposal.number, PROPOSAL_TYPE, proposal.sender.doc_abbreviation)


def decision_number(proposal: Proposal) -> str:
    """"Số: 125/QĐ-UBND", with the deciding organiser's abbreviation; "Số:      /QĐ" when it has none."""
    return number_line(proposal.decision_number, DECISION_TYPE, proposal.recipient.doc_abbreviation)


def _proposal_ref(proposal: Proposal, with_sender: bool = True) -> str:
    """"Tờ trình số 12/TTr-TA ngày 05 tháng 12 năm 2023 của Tòa án nhân dân tỉnh Lạng Sơn"."""
    day = _submitted_on(proposal)
    number = "số " + proposal_number(proposal).removeprefix("Số: ")
    return (f"Tờ trình {number}" + (f" {vn_date(day)}" if day else "")
            + (f" của {proposal.sender.name}" if with_sender else ""))


def addressee(recipient) -> str:
    """Who decides on what a proposal asks: the chair of the province's People's Committee (a province organiser is
    the committee: "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"), otherwise the ministry or sector body itself."""
    if recipient.kind == OrganiserKind.PROVINCE:
        return f"Chủ tịch {recipient.name}"
    return recipient.name


def _via(recipient) -> str:
    """"(qua Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn)": the body that receives and appraises for it."""
    council = recipient.council_name.strip()
    return f"(qua {council})" if council and council != recipient.name else ""


def _asked(groups, verb: str = "quyết định") -> str:
    """What the proposal asks the addressee to do: decide ("xem xét, quyết định"), or put it to the level that
    decides the central awards ("xem xét, trình cấp có thẩm quyền quyết định"), or both."""
    central = {g["level"] == "central" for g in groups}
    if central == {True}:
        return f"xem xét, trình cấp có thẩm quyền {verb}"
    if central == {True, False}:
        return f"xem xét, {verb} theo thẩm quyền và trình cấp có thẩm quyền {verb}"
    return f"xem xét, {verb}"


def signer_block(proposal: Proposal) -> dict:
    """The sender's signature: "KT." line (a deputy), position and name as of signing; none chosen: the empty block
    the unit signs by hand."""
    if not proposal.signer_id:
        return {"signer_on_behalf": "", "signer_title": "THỦ TRƯỞNG ĐƠN VỊ", "signer_name": ""}
    on_behalf, title = signature(proposal.signer_position or signing_title(proposal.signer))
    return {"signer_on_behalf": on_behalf, "signer_title": title or "THỦ TRƯỞNG ĐƠN VỊ",
            "signer_name": proposal.signer.full_name}


def _sender_header(proposal: Proposal) -> dict:
    sender = proposal.sender
    parent = sender.parent.name if sender.parent_id else sender.parent_outside
    return {"parent_body": parent.upper(), "issuing_body": sender.name.upper()}


def _base(proposal: Proposal) -> dict:
    year = proposal.year
    kind = "" if proposal.award_type == AwardType.MERIT else f" ({AwardType(proposal.award_type).label.lower()})"
    return {"proposal": proposal, "year": year, "kind": kind, "sender_name": proposal.sender.name,
            "recipient_name": proposal.recipient.name,
            "council_name": proposal.recipient.council_name or proposal.recipient.name}


def _reviewed_by(proposal: Proposal) -> str:
    """Whose review grounds the proposal: the cluster's vote for a proposal made from its ballot (its head unit
    sends it), otherwise the sender's own emulation council."""
    if proposal.ballot_session_id and proposal.period_id:
        return f"{proposal.period.cluster.name} (bỏ phiếu bình xét, suy tôn)"
    return "Hội đồng Thi đua - Khen thưởng đơn vị"


def proposal_context(proposal: Proposal) -> dict:
    groups = nominee_groups(proposal)
    totals = _totals(groups)
    rule_set = paper_rule_set(proposal)
    to = addressee(proposal.recipient)
    context = {
        **_base(proposal), **_sender_header(proposal), "groups": groups, **totals,
        "number": proposal_number(proposal),
        "place_date": vn_place_date(_place(proposal.sender.area), _submitted_on(proposal)),
        "draft_mark": "DỰ THẢO" if proposal.state in (State.DRAFT, State.RETURNED) else "",
        "heading": "TỜ TRÌNH", "subtitle": _about(proposal.title),
        "to": f"Kính gửi: {to}", "via": _via(proposal.recipient),
        "bases": [LAW] + ([f"Căn cứ {rule_set.name} quy định chi tiết thi hành Luật Thi đua, khen thưởng;"]
                          if rule_set else []),
        "intro": (f"Căn cứ thành tích đạt được năm {proposal.year}{_base(proposal)['kind']} và kết quả bình xét của "
                  f"{_reviewed_by(proposal)}, {proposal.sender.name} kính đề nghị {to} "
                  f"{_asked(groups, 'khen thưởng')} cho {totals['who'] or '…'}, cụ thể như sau:"),
        "cash_note": (f"Tổng số tiền thưởng theo quy định: {totals['total']} đồng ({totals['total_words']})."
                      if totals["total_words"] else ""),
        "closing": f"(Có danh sách và báo cáo thành tích kèm theo). Kính đề nghị {to} {_asked(groups)}./.",
        **signer_block(proposal),
        "recipients": ["Như trên;", "Lưu: VT, TĐKT."],
        "filename": f"To trinh {proposal.pk} - {proposal.sender.name}",
    }
    return context


def _vote_source(proposal: Proposal) -> str:
    """Where the votes printed on the list come from: the cluster's session and its rule (a proposal made from a
    ballot's results, dossiers.domain.from_ballot)."""
    session = proposal.ballot_session
    if session is None:
        return ""
    cluster = proposal.period.cluster.name if proposal.period_id else ""
    return (f"Kết quả bỏ phiếu bình xét của {cluster} tại phiên “{session.title}” {vn_date(meeting_day(session))}"
            + (f" ({session.regulation_ref})" if session.regulation_ref else "") + ".")


def nominees_context(proposal: Proposal) -> dict:
    groups = nominee_groups(proposal)
    totals = _totals(groups)
    with_votes = any(r["vote"] for g in groups for r in g["rows"])
    return {
        **_base(proposal), **_sender_header(proposal), "groups": groups, **totals,
        "number": "", "place_date": vn_place_date(_place(proposal.sender.area), _submitted_on(proposal)),
        "draft_mark": "DỰ THẢO" if proposal.state in (State.DRAFT, State.RETURNED) else "",
        "heading": "DANH SÁCH",
        "subtitle": f"Tập thể, cá nhân đề nghị khen thưởng năm {proposal.year}",
        "attached_to": f"(Kèm theo {_proposal_ref(proposal)})",
        **signer_block(proposal),
        "with_votes": with_votes, "vote_source": _vote_source(proposal) if with_votes else "",
        "docx": "nominees_votes.docx" if with_votes else "nominees.docx",
        "filename": f"Danh sach de nghi {proposal.pk} - {proposal.sender.name}",
    }


def _signer_title(signer: str) -> str:
    """"Chủ tịch UBND tỉnh Lạng Sơn" → "CHỦ TỊCH"; the office before the body it heads, in capitals."""
    for office in ("Thủ tướng Chính phủ", "Chủ tịch nước", "Phó Chủ tịch", "Chủ tịch", "Bộ trưởng", "Thứ trưởng",
                   "Giám đốc", "Thủ trưởng", "Trưởng ban"):
        if signer.lower().startswith(office.lower()):
            return office.upper()
    return signer.upper()


def decision_context(proposal: Proposal) -> dict:
    groups = nominee_groups(proposal, decided_only=True)
    totals = _totals(groups)
    day = proposal.decision_date
    signer = proposal.decision_signer or ""
    decided = proposal.state == State.DECIDED
    rule_set = paper_rule_set(proposal)
    number = decision_number(proposal)
    by = f"{signer} " if signer else ""
    articles = []
    for index, group in enumerate(groups, start=1):
        articles.append(f"{index}. Tặng {group['award']} cho {group['who']} (có danh sách kèm theo), đã có thành "
                        f"tích năm {proposal.year}{_base(proposal)['kind']}.")
    cash_lines = [f"- {g['award']}: mức thưởng mỗi {g['rate_text']}." for g in groups if g["rates"]]
    context = {
        **_base(proposal), "groups": groups, **totals, "decided": decided,
        "parent_body": "", "issuing_body": proposal.recipient.name.upper(),
        "number": number, "place_date": vn_place_date(_place(proposal.recipient.area), day),
        "draft_mark": "" if decided else "DỰ THẢO",
        "heading": "QUYẾT ĐỊNH",
        "subtitle": f"Về việc khen thưởng các tập thể, cá nhân có thành tích năm {proposal.year}",
        "authority": (signer or proposal.recipient.name).upper(),
        "bases": [LAW] + ([f"Căn cứ {rule_set.name} quy định chi tiết thi hành Luật Thi đua, khen thưởng;"]
                          if rule_set else [])
        + [f"Xét đề nghị của {proposal.sender.name} tại {_proposal_ref(proposal, with_sender=False)}"
           + (f" và kết quả xét của {proposal.recipient.council_name}." if proposal.recipient.council_name else ".")],
        "article1": articles,
        "article2": ("Tiền thưởng theo quy định tại "
                     f"{rule_set.name if rule_set else 'quy định hiện hành'}, tính trên mức lương cơ sở tại ngày "
                     "quyết định:"),
        "cash_lines": cash_lines,
        "cash_total_line": (f"Tổng số tiền thưởng: {totals['total']} đồng ({totals['total_words']})."
                            if totals["total_words"] else "Không có tiền thưởng kèm theo." if totals["cash_known"]
                            else f"Tổng số tiền thưởng: {NO_CASH_RECORDED}."),
        "article3": (f"Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan liên quan, "
                     f"{proposal.sender.name} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                     "Quyết định này./."),
        "signer_on_behalf": "", "signer_title": _signer_title(signer) if signer else "NGƯỜI CÓ THẨM QUYỀN",
        "signer_name": "",
        "recipients": ["Như Điều 3;", "Lưu: VT, TĐKT."],
        "annex_heading": "DANH SÁCH",
        "annex_subtitle": f"Tập thể, cá nhân được khen thưởng năm {proposal.year}",
        "annex_ref": (f"(Kèm theo Quyết định số {proposal.decision_number} {vn_date(day)} của {by}".rstrip()
                      + ")") if decided else "(Kèm theo Quyết định số      ngày      tháng      năm      )",
        "filename": f"Quyet dinh {proposal.decision_number or proposal.pk}",
    }
    return context


# -- views ----------------------------------------------------------------------------------------------------

def _proposal_for(request, pk) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("sender__area", "sender__parent",
                                                                 "recipient__area", "rule_set", "signer__unit",
                                                                 "ballot_session", "period__cluster"),
                                 pk=pk)
    if not request.user.has_perm("dossiers.view_proposal", proposal):
        raise PermissionDenied
    return proposal


def _decision_for(request, pk) -> Proposal:
    """The decision is drafted by the deciding authority from appraisal on, and open to the sender once decided."""
    proposal = _proposal_for(request, pk)
    if proposal.state != State.DECIDED and not is_receiver(request.user, proposal):
        raise PermissionDenied
    return proposal


PAPERS = {
    "proposal": (_proposal_for, proposal_context, "dossiers/documents/proposal.html", "proposal.docx"),
    "nominees": (_proposal_for, nominees_context, "dossiers/documents/nominees.html", "nominees.docx"),
    "decision": (_decision_for, decision_context, "dossiers/documents/decision.html", "decision.docx"),
}


@login_required
@in_vietnamese
def paper(request, pk, paper: str, as_pdf: bool):
    """One of a proposal's papers (the proposal, its list of nominees, the decision) as PDF or .docx."""
    load, build, template, docx = PAPERS[paper]
    context = build(load(request, pk))
    if as_pdf:
        return pdf_response(context["filename"] + ".pdf", render_pdf(template, context))
    return docx_response(context["filename"] + ".docx", render_docx(DOCX_DIR / context.get("docx", docx), context))
