"""The minutes of a conference (biên bản hội nghị), .docx and PDF, in the layout of the minutes form of Nghị định
30/2020/NĐ-CP (Phụ lục III): the cluster as issuing body with the number "Số: …/BB-…" at the left, the national
motto block at the right (a biên bản carries no place-and-date line: its time is in its body), the title BIÊN
BẢN with the conference's name, then the time it began, the place, the host, the chairs, the secretary, who
attended (guests; each member unit with its representative, and the members absent), the agenda and the
proceedings, the decisions, the time it ended, and the signatures of the secretary and the chair.

Everything is read from the records when the file is made: the attending units and their representatives from
the conference's attendance rows (names, ranks and positions as copied on the conference date), the members
absent from the year's memberships, the decisions from its decision rows, a chair's role from the year's head and
deputy, and the election of next year's head and deputy from the next year's records dated the conference's day.
The ballot's figures are in the minutes of the count (voting's documents): meetings sits below voting and reads
none of its records."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from thidua.clusters.domain.words import KindWords, kind_words
from thidua.clusters.enums import ClusterKind, LeadershipRole
from thidua.clusters.models import LeadershipTerm
from thidua.core.documents import docx_response, in_vietnamese, pdf_response, render_docx, render_pdf, vn_date
from thidua.meetings.domain.people import with_rank
from thidua.meetings.enums import DecisionKind
from thidua.meetings.models import Conference

DOCX_TEMPLATE = Path(__file__).parent / "docx" / "minutes.docx"
BLANK_TIME = "…… giờ …… phút"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _person(name: str, rank: str, title: str) -> str:
    """"Đại tá Nguyễn Văn A, Giám đốc Công an tỉnh"."""
    named = with_rank(name, rank)
    return ", ".join(part for part in (named, title) if part)


def _chairs(conference: Conference, roles: dict[int, str], words: KindWords) -> list[str]:
    """Each chair with rank, title and unit; the unit's role this year from the records (else as typed)."""
    lines = []
    for chair in conference.chairs.all():
        line = _person(chair.name, chair.rank, chair.title)
        if chair.unit is not None and chair.unit.name not in line:
            line += f" ({chair.unit.name})"
        role = words.role(roles[chair.unit_id]) if chair.unit_id in roles else chair.cluster_role
        lines.append(f"{line} — {role}" if role else line)
    return lines


def _elected(conference: Conference, words: KindWords) -> str:
    """Next year's head and deputy as recorded with the conference's date, e.g. "Khối trưởng năm 2020: Công an
    tỉnh; Khối phó năm 2020: Sở Tư pháp"; empty when none is recorded so."""
    period = conference.period
    terms = (LeadershipTerm.objects.filter(period__cluster_id=period.cluster_id, period__year=period.year + 1,
                                           decided_on=conference.held_on)
             .select_related("unit", "period").order_by("role"))
    order = {LeadershipRole.HEAD: 0, LeadershipRole.DEPUTY: 1}
    return "; ".join(f"{words.role(t.role)} năm {t.period.year}: {t.unit.name}"
                     for t in sorted(terms, key=lambda t: order.get(t.role, 2)))


def _decisions(conference: Conference, words: KindWords) -> list[dict]:
    elected = _elected(conference, words)
    next_leaders = f"Bầu {words.leaders} năm sau"
    rows = []
    for decision in conference.decisions.all():
        is_election = decision.kind == DecisionKind.NEXT_LEADERS
        label = next_leaders if is_election else str(DecisionKind(decision.kind).label)
        rows.append({"label": label, "text": " ".join(_paragraphs(decision.text)),
                     "outcome": f"Kết quả: {elected}." if is_election and elected else ""})
    if elected and not any(d.kind == DecisionKind.NEXT_LEADERS for d in conference.decisions.all()):
        rows.append({"label": next_leaders, "text": "", "outcome": f"Kết quả: {elected}."})
    for number, row in enumerate(rows, start=1):
        row["number"] = number
    return rows


def minutes_context(conference: Conference) -> dict:
    period = conference.period
    cluster = period.cluster
    words = kind_words(cluster.kind)
    memberships = list(period.memberships.select_related("unit").order_by("unit__sort_key", "unit_id"))
    attendances = sorted(conference.attendances.all(), key=lambda a: (a.unit.sort_key, a.unit_id))
    attended = {a.unit_id for a in attendances}
    roles = dict(period.leadership_terms.values_list("unit_id", "role"))
    day = vn_date(conference.held_on)
    began = f"{conference.time_of_day.strip()}, {day}" if conference.time_of_day.strip() else day
    chairs = _chairs(conference, roles, words)
    first_chair = next(iter(conference.chairs.all()), None)
    council = cluster.organiser.council_name or cluster.organiser.name
    guests = [", ".join(part for part in (g.name, g.title, g.organisation) if part) for g in conference.guests.all()]
    return {
        "parent_body": "",
        "issuing_body": cluster.name.upper(),
        "number": f"Số:          /BB-{'KTĐ' if cluster.kind == ClusterKind.BLOCK else 'CTĐ'}",
        "place_date": "",
        "draft_mark": "",
        "heading": "BIÊN BẢN",
        "subtitle": conference.title,
        "began": began,
        "place": conference.place.strip() or "……………………………………",
        "host": conference.host.name if conference.host else "",
        "basis": " ".join(_paragraphs(conference.basis)),
        "chairs": chairs,
        "secretary": _person(conference.secretary_name, conference.secretary_rank, conference.secretary_title)
        or "……………………………………",
        "guests": guests,
        "cluster_name": cluster.name,
        "present_line": (f"Có mặt {len(attendances)}/{len(memberships)} đơn vị thành viên của {cluster.name}:"),
        "attendance": [{"number": i, "unit": a.unit.name, "representative": with_rank(a.represented_by, a.rank),
                        "position": a.position}
                       for i, a in enumerate(attendances, start=1)],
        "absent": [m.unit.name for m in memberships if m.unit_id not in attended],
        "agenda": _paragraphs(conference.agenda),
        "proceedings": _paragraphs(conference.minutes),
        "decisions": _decisions(conference, words),
        "closing": (f"Hội nghị kết thúc vào {conference.ends_at.strip() or BLANK_TIME}, {day}. Biên bản đã được đọc "
                    "lại tại hội nghị và được các đại biểu dự họp thống nhất thông qua./."),
        "signatures": [
            {"title": "THƯ KÝ", "note": "(Ký, ghi rõ họ tên)",
             "name": with_rank(conference.secretary_name, conference.secretary_rank)},
            {"title": "CHỦ TRÌ", "note": "(Ký, ghi rõ họ tên, đóng dấu nếu có)",
             "name": with_rank(first_chair.name, first_chair.rank) if first_chair else ""},
        ],
        "recipients": [f"{council} (để báo cáo);", "Các đơn vị thành viên;", "Lưu: VT."],
        "filename": f"Biên bản {conference.title} - {cluster.name}",
    }


def _conference_for(request, pk) -> Conference:
    conference = get_object_or_404(
        Conference.objects.select_related("period__cluster__organiser", "host").prefetch_related(
            "chairs__unit", "attendances__unit", "guests", "decisions"), pk=pk)
    if not request.user.has_perm("meetings.view_conference", conference.period):
        raise PermissionDenied
    return conference


@login_required
@in_vietnamese
def minutes_docx(request, pk):
    context = minutes_context(_conference_for(request, pk))
    return docx_response(context["filename"] + ".docx", render_docx(DOCX_TEMPLATE, context))


@login_required
@in_vietnamese
def minutes_pdf(request, pk):
    context = minutes_context(_conference_for(request, pk))
    return pdf_response(context["filename"] + ".pdf", render_pdf("meetings/documents/minutes.html", context))
