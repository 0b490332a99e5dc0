"""The cluster year's year-end report (báo cáo tổng kết công tác thi đua, khen thưởng), .docx and PDF, in the
layout of a report under Nghị định 30/2020/NĐ-CP (Phụ lục III, mẫu 1.3): the cluster as issuing body with the number
"Số: …/BC-KTĐ" (or CTĐ) at the left, the national motto block and the place and date at the right, the title BÁO
CÁO with what it reports on, the sections — the situation, the results with the computed tables (ranking,
nominations with their votes, commendation figures) and the conferences, limitations and causes, lessons, next
year's directions with next year's head and deputy, proposals —, the recipients and the head unit's signature.

The figures are read from the records when the file is made (reports.domain.year_report.gather); the narrative
paragraphs are those the head unit's staff saved with the year. A paper whose narrative is not complete is marked
"DỰ THẢO"; the demo's illustrative notes go to the paper's mark and its footer, never into its body
(core.illustrative). The .docx template is made by scripts/make_reports_docx_templates.py."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from thidua.clusters.enums import ClusterKind
from thidua.clusters.models import EmulationPeriod
from thidua.core import illustrative
from thidua.core.documents import (
    docx_response,
    in_vietnamese,
    pdf_response,
    render_docx,
    render_pdf,
    vn_place_date,
)
from thidua.core.formatting import format_date, format_number
from thidua.reports.domain.year_report import SECTIONS, YearReportData, empty_sections, gather, section_title
from thidua.reports.rules import may_see_ranking

DOCX_TEMPLATE = Path(__file__).parent / "docx" / "year_report.docx"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
BLANK = "……………………………………………………………………………………"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _leader_line(leader, year: int) -> str:
    if leader is None:
        return ""
    parts = [leader.decision_ref] if leader.decision_ref else []
    if leader.method.lower() not in leader.decision_ref.lower():  # "Theo phân công" says how already
        parts.insert(0, leader.method.lower())
    if leader.decided_on:
        parts.append(f"ngày {format_date(leader.decided_on)}")
    how = f" ({', '.join(parts)})" if parts else ""
    return f"{leader.label} năm {year}: {leader.unit}{how}."


def report_context(data: YearReportData) -> dict:
    """What the .docx template and the PDF template print, as text (figures formatted the Vietnamese way)."""
    year, words = data.year, data.words
    narrative = {s.key: _paragraphs(data.narrative.get(s.key, "")) for s in SECTIONS}
    titles = {s.key: section_title(s, year) for s in SECTIONS}
    kind = "KTĐ" if data.period.cluster.kind == ClusterKind.BLOCK else "CTĐ"
    situation = [
        f"{data.cluster} gồm {format_number(data.members)} đơn vị thành viên, do {data.organiser} tổ chức.",
        *[line for line in (_leader_line(data.head, year), _leader_line(data.deputy, year)) if line],
    ]
    if not data.head:
        situation.append(f"Chưa ghi nhận {words.head} năm {year}.")
    movements = (f"Trong năm {year}, {data.cluster} triển khai: {'; '.join(data.movements)}." if data.movements
                 else f"Chưa ghi nhận phong trào thi đua nào của năm {year}.")
    conferences = [f"{c.kind}: {c.title}, ngày {c.held_on}" + (f", tại {c.place}" if c.place else "")
                   + (f", {c.host} đăng cai" if c.host else "") + "." for c in data.conferences]
    next_leaders = [line for line in (_leader_line(data.next_head, year + 1), _leader_line(data.next_deputy, year + 1))
                    if line] or [data.next_leaders_line]
    unfinished = empty_sections(data)
    head_upper = data.head.unit.upper() if data.head else ""
    return {
        "year": year, "next_year": year + 1,
        "parent_body": "",
        "issuing_body": data.cluster.upper(),
        "number": f"Số:          /BC-{kind}",
        "place_date": vn_place_date(data.place, data.report_day),
        "draft_mark": illustrative.paper_mark("DỰ THẢO" if unfinished else "", bool(data.illustrative_notes)),
        "footer_note": illustrative.footer_note(data.illustrative_notes),
        "heading": "BÁO CÁO",
        "subtitle": f"Tổng kết công tác thi đua, khen thưởng năm {year}",
        "roman": ROMAN,
        "titles": titles,
        "narrative": narrative,
        "blank": BLANK,
        "situation": situation,
        "movements": movements,
        "covenant": data.covenant_line,
        "registration": data.registration_line,
        "ranking": [vars(r) for r in data.ranking],
        "ranking_note": ("" if data.ranking_final or not data.ranking
                         else "Kết quả tạm tính: chưa khóa đủ phiếu chấm điểm của các đơn vị."),
        "no_ranking": "" if data.ranking else (
            "Kết quả chấm điểm, xếp hạng chưa được công bố." if data.ranking_hidden
            else "Năm thi đua chưa có kết quả chấm điểm, xếp hạng."),
        "nominations": [vars(n) for n in data.nominations],
        "no_nominations": "" if data.nominations else "Chưa có kết quả bình xét, suy tôn của năm.",
        "levels": data.figure_levels,
        "figure_rows": [vars(f) for f in data.figure_rows],
        "direct": (f"Khen thưởng cá nhân là người lao động trực tiếp: {data.direct_workers} lượt, chiếm "
                   f"{data.direct_share} số lượt khen thưởng cá nhân." if data.figures.individual_total
                   else "Chưa có lượt khen thưởng cá nhân nào trong năm."),
        "households": (f"Khen thưởng hộ gia đình: {format_number(data.figures.households)} lượt."
                       if data.figures.households else ""),
        "conferences": conferences or [f"Chưa ghi nhận hội nghị sơ kết, tổng kết năm {year}."],
        "next_leaders": next_leaders,
        "signer_title": f"TM. {words.word.upper()} THI ĐUA" if head_upper else "",
        "signer_role": words.head_unit.upper() if head_upper else "",
        "signer_unit": head_upper,
        "signer_note": "(Ký, ghi rõ họ tên, đóng dấu)",
        "recipients": [f"{data.council} (để báo cáo);", f"{data.organiser};" if data.organiser != data.council else "",
                       "Các đơn vị thành viên;", "Lưu: VT."],
        "filename": f"Báo cáo tổng kết năm {year} - {data.cluster}",
    }


def year_report_context(period: EmulationPeriod, show_ranking: bool = True) -> dict:
    context = report_context(gather(period, show_ranking))
    context["recipients"] = [r for r in context["recipients"] if r]
    return context


def _period_for(request, pk) -> EmulationPeriod:
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)
    if not request.user.has_perm("reports.view_year_report", period):
        raise PermissionDenied
    return period


def year_report_docx_bytes(period: EmulationPeriod, show_ranking: bool = True) -> tuple[str, bytes]:
    context = year_report_context(period, show_ranking)
    return context["filename"] + ".docx", render_docx(DOCX_TEMPLATE, context)


def year_report_pdf_bytes(period: EmulationPeriod, show_ranking: bool = True) -> tuple[str, bytes]:
    context = year_report_context(period, show_ranking)
    return context["filename"] + ".pdf", render_pdf("reports/documents/year_report.html", context)


@login_required
@in_vietnamese
def year_report_docx(request, pk):
    period = _period_for(request, pk)
    return docx_response(*year_report_docx_bytes(period, may_see_ranking(request.user, period)))


@login_required
@in_vietnamese
def year_report_pdf(request, pk):
    period = _period_for(request, pk)
    return pdf_response(*year_report_pdf_bytes(period, may_see_ranking(request.user, period)))
