"""The covenant (giao ước thi đua) of a cluster year as an official document, .docx and PDF, in the layout of
Nghị định 30/2020/NĐ-CP: the cluster as issuing body, the national motto block, place and date of signing,
title, preamble, numbered items and one signature block per member unit. Everything shown is read from the
records when the document is generated."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from thidua.clusters.enums import ClusterKind, LeadershipRole
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
from thidua.core.formatting import format_date
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant

DOCX_TEMPLATE = Path(__file__).parent / "docx" / "covenant.docx"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def covenant_context(covenant: Covenant) -> dict:
    period = covenant.period
    cluster = period.cluster
    year = period.year
    memberships = list(period.memberships.select_related("unit").prefetch_related("unit__names"))
    signatures = {s.unit_id: s for s in covenant.signatures.all()}
    leaders = {t.unit_id: t.role for t in period.leadership_terms.all()}
    rank = {LeadershipRole.HEAD: 0, LeadershipRole.DEPUTY: 1}
    memberships.sort(key=lambda m: (rank.get(leaders.get(m.unit_id), 2), m.unit.sort_key))

    blocks = []
    for membership in memberships:
        unit, signature = membership.unit, signatures.get(membership.unit_id)
        if signature:
            blocks.append({"unit": unit.name_on(signature.signed_on).upper(), "title": signature.signer_title.upper(),
                           "name": signature.signer_name, "date": f"Ký ngày {format_date(signature.signed_on)}",
                           "note": ""})
        else:
            blocks.append({"unit": unit.name.upper(), "title": "", "name": "", "date": "", "note": "(Chưa ký)"})
    empty = {"unit": "", "title": "", "name": "", "date": "", "note": ""}
    rows = []
    for i in range(0, len(blocks), 2):
        left, right = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else empty
        rows.append({"left": left, "right": right, "cells": [left, right]})

    signed_days = [s.signed_on for s in signatures.values()]
    heading = f"Giao ước thi đua năm {year}".upper()
    title = covenant.title.strip()
    prefix = f"giao ước thi đua năm {year}"
    subtitle = title[len(prefix):].strip(" -–—:,") if title.lower().startswith(prefix) else title
    movements = list(period.movements.order_by("sort_key").values_list("name", flat=True))
    members_count = len(memberships)
    intro = (f"Hưởng ứng {'; '.join(movements)}, " if movements else "") + (
        f"{members_count} đơn vị thành viên {cluster.name} thống nhất ký kết giao ước thi đua năm {year} "
        "với những nội dung sau:")
    if intro[0].islower():
        intro = intro[0].upper() + intro[1:]
    council = cluster.organiser.council_name or cluster.organiser.name
    closing = (f"Các đơn vị ký kết cam kết tổ chức thực hiện tốt các nội dung giao ước trên. Giao ước được lập "
               f"thành {members_count + 1:02d} bản: mỗi đơn vị thành viên giữ 01 bản, 01 bản gửi {council} "
               "để theo dõi.")
    kind = "KTĐ" if cluster.kind == ClusterKind.BLOCK else "CTĐ"
    preamble, taken = illustrative.split_paragraphs(_paragraphs(covenant.preamble))
    state = CovenantState(covenant.state)
    return {
        "year": year,
        "parent_body": "",
        "issuing_body": cluster.name.upper(),
        "number": f"Số:          /GƯTĐ-{kind}",
        "place_date": vn_place_date(cluster.document_place(), max(signed_days) if signed_days else None),
        # an illustrative preamble (the demo's) is never printed in the body: the paper is marked and says so
        # in its footer (core.illustrative)
        "draft_mark": illustrative.paper_mark("" if state == CovenantState.SIGNED else "DỰ THẢO", bool(taken)),
        "footer_note": illustrative.footer_note(taken),
        "heading": heading,
        "subtitle": subtitle,
        "preamble_paragraphs": preamble,
        "intro": intro,
        "items": [{"number": item.order, "text": item.text} for item in covenant.items.order_by("order")],
        "closing": closing,
        "signatures_heading": "Đại diện các đơn vị ký giao ước".upper(),
        "signature_rows": rows,
        "recipients": [f"{council} (để báo cáo);", "Các đơn vị thành viên;", "Lưu: VT."],
        "filename": f"Giao ước thi đua năm {year} - {cluster.name}",
    }


def _covenant_for(request, period_pk) -> Covenant:
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser__area", "cluster__area"),
                               pk=period_pk)
    if not request.user.has_perm("movements.view_year", period):
        raise PermissionDenied
    covenant = Covenant.objects.filter(period=period).first()
    if covenant is None:
        raise Http404("Năm thi đua này chưa có giao ước.")
    covenant.period = period
    return covenant


@login_required
@in_vietnamese
def covenant_docx(request, period_pk):
    context = covenant_context(_covenant_for(request, period_pk))
    return docx_response(context["filename"] + ".docx", render_docx(DOCX_TEMPLATE, context))


@login_required
@in_vietnamese
def covenant_pdf(request, period_pk):
    context = covenant_context(_covenant_for(request, period_pk))
    return pdf_response(context["filename"] + ".pdf", render_pdf("movements/documents/covenant.html", context))
