"""Exports of a cluster year's scoring: one unit's score sheet (PDF, Excel), the ranking (PDF, Excel) and every
member's sheet in one workbook. Figures are computed from the records when the file is made (the ranking by
compute_ranking, a sheet's totals by the same rules.sheet_totals); Excel holds numbers as numbers, PDF writes
them the Vietnamese way (1.003; 89,45). Each file is built in a fixed number of queries, whatever the number of
criteria or members."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import EmulationPeriod
from thidua.core import illustrative
from thidua.core.documents import in_vietnamese, pdf_response, render_pdf, vn_place_date, xlsx_response
from thidua.core.formatting import format_date, format_number
from thidua.scoring.domain import rules
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.enums import CriterionType, PeerRule, SheetState, TieRule
from thidua.scoring.models import CriteriaSet, Criterion, CriterionExclusion, ScoreEntry, ScoreSheet

POINTS_FORMAT = "0.00"
KEPT_AS_SELF = "Giữ nguyên điểm tự chấm"  # the reason lock_sheet writes on criteria the head left as claimed


# -- numbers --------------------------------------------------------------------------------------------------

def pts(value) -> str:
    """Points as a table shows them: 30 → "30", 7.5 → "7,5", 99.45 → "99,45", -1 → "-1"."""
    if value is None:
        return ""
    return format_number(Decimal(value).normalize())


def score(value) -> str:
    """A score out of 100 with its two decimals, as the ranking states it: 99.45 → "99,45"."""
    return "" if value is None else format_number(value, 2)


# -- a sheet as rows ------------------------------------------------------------------------------------------

@dataclass
class SheetRow:
    criterion: Criterion
    depth: int
    excluded: bool = False
    exclusion_reason: str = ""
    entry: ScoreEntry | None = None
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None
    points: Decimal | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.criterion.type == CriterionType.GROUP


@dataclass
class SheetDocument:
    sheet: ScoreSheet
    rows: list[SheetRow]
    self_totals: rules.SheetTotals
    appraised_totals: rules.SheetTotals
    totals: rules.SheetTotals


def _depths(criteria: list[Criterion]) -> dict[int, int]:
    parents = {c.pk: c.parent_id for c in criteria}
    depths = {}
    for c in criteria:
        depth, parent = 0, c.parent_id
        while parent is not None and depth < 20:
            depth, parent = depth + 1, parents.get(parent)
        depths[c.pk] = depth
    return depths


def _tree_order(criteria: list[Criterion]) -> list[Criterion]:
    """Parents before their children, siblings by their order (criteria come ordered by `order`)."""
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    known = {c.pk for c in criteria}
    out: list[Criterion] = []

    def walk(parent_id):
        for c in children.get(parent_id, []):
            out.append(c)
            walk(c.pk)

    walk(None)
    for parent_id in children:  # orphans (a parent outside the set) keep their place at the end
        if parent_id is not None and parent_id not in known:
            walk(parent_id)
    return out


def _entry_notes(entry: ScoreEntry) -> list[tuple[str, str]]:
    """What was written about a criterion, stage by stage: the unit's comment, the appraisal's reason, the
    explanation, the second look's conclusion."""
    reason = entry.appraisal_reason
    if reason == KEPT_AS_SELF and entry.appraised_points == entry.self_points:
        reason = ""  # written by the lock on criteria the head did not touch; nothing to explain
    notes = [(label, text) for label, text in (("Thuyết minh", entry.self_comment), ("Lý do thẩm định", reason),
                                                ("Giải trình của đơn vị", entry.explanation)) if text]
    if entry.final_points is not None or entry.final_reason:
        conclusion = f"{pts(entry.final_points)} điểm" if entry.final_points is not None else ""
        if entry.final_reason:
            conclusion = f"{conclusion}. {entry.final_reason}" if conclusion else entry.final_reason
        notes.append(("Xem xét lại", conclusion))
    return notes


def _sheet_row(c: Criterion, depth: int, excluded: bool, reason: str, entry: ScoreEntry | None) -> SheetRow:
    row = SheetRow(c, depth, excluded=excluded, exclusion_reason=reason)
    if entry is not None and c.type != CriterionType.GROUP:
        row.entry = entry
        row.self_points, row.appraised_points, row.points = entry.self_points, entry.appraised_points, entry.points
        row.notes = _entry_notes(entry)
    if row.excluded:
        row.notes.insert(0, ("Không áp dụng", row.exclusion_reason or "tiêu chí không áp dụng cho đơn vị"))
    return row


def _sum_into_groups(rows: list[SheetRow]) -> None:
    """A group shows the sums of its applicable criteria below it (rows are parents before children)."""
    index = {row.criterion.pk: row for row in rows}
    for row in reversed(rows):
        parent = index.get(row.criterion.parent_id)
        if parent is None or row.excluded:
            continue
        for name in ("self_points", "appraised_points", "points"):
            value = getattr(row, name)
            if value is not None:
                setattr(parent, name, (getattr(parent, name) or Decimal(0)) + value)


def build_sheet(sheet: ScoreSheet, criteria: list[Criterion], specs: list[rules.CriterionSpec],
                entries: dict[int, ScoreEntry], excluded: dict[int, str]) -> SheetDocument:
    """The rows of one sheet (criteria tree with max, self, appraised and counted points, reasons) and its
    totals at each stage, from records already loaded."""
    depths = _depths(criteria)
    by_id = {c.pk: c for c in criteria}
    applicable_ids = {s.id for s in rules.applicable(specs, set(excluded))}

    def is_excluded(c: Criterion) -> bool:
        while c is not None:
            if c.pk in excluded:
                return True
            c = by_id.get(c.parent_id)
        return False

    rows = [_sheet_row(c, depths[c.pk], is_excluded(c), excluded.get(c.pk, ""), entries.get(c.pk))
            for c in _tree_order(criteria)]
    _sum_into_groups(rows)

    def stage(pick) -> rules.SheetTotals:
        values = {cid: pick(e) for cid, e in entries.items() if cid in applicable_ids}
        return rules.sheet_totals(specs, set(excluded), values)

    return SheetDocument(
        sheet, rows,
        self_totals=stage(lambda e: e.self_points),
        appraised_totals=stage(lambda e: e.appraised_points if e.appraised_points is not None else e.self_points),
        totals=stage(lambda e: e.points),
    )


def load_criteria(criteria_set: CriteriaSet) -> tuple[list[Criterion], list[rules.CriterionSpec]]:
    criteria = list(criteria_set.criteria.order_by("order", "pk"))
    specs = [rules.CriterionSpec(c.pk, c.type, c.max_points, c.parent_id) for c in criteria]
    return criteria, specs


def exclusions(criteria_set: CriteriaSet) -> dict[int, dict[int, str]]:
    """unit → {criterion → reason}."""
    out: dict[int, dict[int, str]] = {}
    for criterion_id, unit_id, reason in CriterionExclusion.objects.filter(
            criterion__criteria_set=criteria_set).values_list("criterion_id", "unit_id", "reason"):
        out.setdefault(unit_id, {})[criterion_id] = reason
    return out


def sheet_document(sheet: ScoreSheet, criteria_set: CriteriaSet) -> SheetDocument:
    criteria, specs = load_criteria(criteria_set)
    entries = {e.criterion_id: e for e in ScoreEntry.objects.filter(sheet=sheet)}
    return build_sheet(sheet, criteria, specs, entries, exclusions(criteria_set).get(sheet.unit_id, {}))


def all_sheet_documents(period: EmulationPeriod, criteria_set: CriteriaSet) -> list[SheetDocument]:
    """Every member's sheet, in the members' order; criteria, entries and exclusions in one query each."""
    criteria, specs = load_criteria(criteria_set)
    excluded = exclusions(criteria_set)
    sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(period=period).select_related("unit")}
    entries: dict[int, dict[int, ScoreEntry]] = {}
    for entry in ScoreEntry.objects.filter(sheet__period=period):
        entries.setdefault(entry.sheet_id, {})[entry.criterion_id] = entry
    out = []
    for membership in period.memberships.select_related("unit").order_by("unit__sort_key"):
        sheet = sheets.get(membership.unit_id) or ScoreSheet(period=period, unit=membership.unit)
        sheet.period = period
        out.append(build_sheet(sheet, criteria, specs, entries.get(sheet.pk, {}) if sheet.pk else {},
                               excluded.get(membership.unit_id, {})))
    return out


# -- the rules stated on the ranking --------------------------------------------------------------------------

def ranking_rules(criteria_set: CriteriaSet) -> list[str]:
    """The regulation's scale in words: how the final score is made, the peer rule, ties and bands."""
    weight = Decimal(criteria_set.peer_weight)
    if weight:
        formula = (f"Điểm cuối cùng = {pts(100 - weight)}% tỷ lệ điểm theo bảng tiêu chí + {pts(weight)}% điểm "
                   "chấm chéo (thang 100).")
    else:
        formula = "Điểm cuối cùng là tỷ lệ điểm theo bảng tiêu chí (thang 100); điểm chấm chéo chỉ dùng khi bằng điểm."
    if criteria_set.peer_rule == PeerRule.MEDIAN:
        peer = "Điểm chấm chéo: trung vị các điểm các đơn vị khác chấm."
    else:
        peer = (f"Điểm chấm chéo: trung bình các điểm các đơn vị khác chấm, sau khi bỏ {criteria_set.trim_count} "
                f"điểm cao nhất và {criteria_set.trim_count} điểm thấp nhất.")
    labels = dict(TieRule.choices)
    ties = "; ".join(f"({i}) {str(labels.get(r, r)).lower()}" for i, r in enumerate(criteria_set.tie_rules, 1))
    tie_text = f"Khi bằng điểm cuối cùng, xét lần lượt: {ties}." if ties else ""
    band_parts, previous = [], None
    for band in sorted(criteria_set.bands, key=lambda b: Decimal(str(b["min"])), reverse=True):
        low = Decimal(str(band["min"]))
        if low > 0:
            band_parts.append(f"{band['label']} từ {pts(low)} điểm")
        else:
            band_parts.append(f"{band['label']} dưới {pts(previous)} điểm" if previous else band["label"])
        previous = low
    band_text = f"Xếp loại: {'; '.join(band_parts)}." if band_parts else ""
    base = ("Tỷ lệ điểm theo bảng tiêu chí = tổng điểm (điểm các tiêu chí + điểm thưởng - điểm trừ) ÷ tổng điểm "
            "tối đa các tiêu chí áp dụng cho đơn vị × 100, không quá 100.")
    return [r for r in (base, formula, peer, tie_text, band_text) if r]


# -- context for PDF ------------------------------------------------------------------------------------------

def _head_unit(period: EmulationPeriod):
    term = period.leadership_terms.filter(role=LeadershipRole.HEAD).select_related("unit").first()
    return term.unit if term else None


def _generated_note() -> str:
    now = timezone.localtime()
    return f"Số liệu tính từ hệ thống ThiĐua lúc {now:%H:%M} ngày {format_date(now.date())}."


def _document_day(*moments: dt.datetime | None) -> dt.date:
    """The document's date: when its figures became final (the last lock), else today."""
    known = [m for m in moments if m]
    return timezone.localtime(max(known)).date() if known else timezone.localdate()


def _base_context(period: EmulationPeriod, day: dt.date) -> dict:
    cluster = period.cluster
    return {"issuing_body": cluster.name.upper(), "parent_body": "", "number": "",
            "place_date": vn_place_date(cluster.document_place(), day), "footer_note": _generated_note(),
            "period": period, "cluster": cluster, "draft_mark": "",
            "kind_word": cluster.words.word, "words": cluster.words}


def sheet_context(document: SheetDocument, criteria_set: CriteriaSet) -> dict:
    sheet, period = document.sheet, document.sheet.period
    context = _base_context(period, _document_day(sheet.locked_at))
    head = _head_unit(period)
    events = [(label, when) for label, when in (("gửi tự chấm", sheet.submitted_at), ("thẩm định", sheet.appraised_at),
                                                ("giải trình", sheet.explained_at), ("khóa", sheet.locked_at)) if when]
    context.update({
        "heading": f"Bảng chấm điểm thi đua năm {period.year}".upper(),
        "subtitle": f"của {sheet.unit.name}",
        "draft_mark": "" if sheet.state == SheetState.LOCKED else "CHƯA KHÓA",
        "document": document,
        "state": SheetState(sheet.state).label,
        "events": "; ".join(f"{label} ngày {format_date(timezone.localtime(when).date())}" for label, when in events),
        "rows": [{
            "row": row, "code": row.criterion.code, "name": row.criterion.name, "depth": row.depth,
            "max": pts(row.criterion.max_points), "self": pts(row.self_points),
            "appraised": pts(row.appraised_points), "points": pts(row.points),
        } for row in document.rows],
        "totals": [
            ("Cộng điểm các tiêu chí", document.self_totals.base, document.appraised_totals.base, document.totals.base),
            ("Điểm thưởng", document.self_totals.bonus, document.appraised_totals.bonus, document.totals.bonus),
            # a deduction under "Điểm trừ" reads as the pages show it: 1, not −1 (the total subtracts it)
            ("Điểm trừ", document.self_totals.penalty, document.appraised_totals.penalty, document.totals.penalty),
        ],
        "grand": [pts(t.base + t.bonus - t.penalty) for t in (document.self_totals, document.appraised_totals,
                                                              document.totals)],
        "percents": [score(t.percent) for t in (document.self_totals, document.appraised_totals, document.totals)],
        "applicable_max": pts(document.totals.applicable_max),
        "unit_upper": sheet.unit.name.upper(),
        "head_upper": head.name.upper() if head else "",
        "filename": f"Phiếu chấm điểm năm {period.year} - {sheet.unit.name}",
    })
    context["totals"] = [(label, pts(a), pts(b), pts(c)) for label, a, b, c in context["totals"]]
    context.update(_regulation(criteria_set, context))
    return context


def ranking_context(period: EmulationPeriod, criteria_set: CriteriaSet, ranking: list[rules.UnitResult]) -> dict:
    locks = list(period.score_sheets.values_list("locked_at", flat=True))
    context = _base_context(period, _document_day(*locks) if locks and all(locks) else timezone.localdate())
    head = _head_unit(period)
    rows = []
    for r in ranking:
        notes = [r.tie_note] if r.tie_note else []
        if r.peer.outliers:
            notes.append(f"{len(r.peer.outliers)} điểm chấm chéo lệch quá {pts(criteria_set.outlier_gap)} điểm")
        rows.append({"rank": r.rank, "unit": r.unit_name,
                     "points": pts(r.totals.base + r.totals.bonus - r.totals.penalty),
                     "percent": score(r.totals.percent),
                     "peer": score(r.peer.score), "final": score(r.final), "band": r.band, "note": "; ".join(notes)})
    context.update({
        "heading": "Bảng tổng hợp kết quả chấm điểm, xếp hạng thi đua".upper(),
        "subtitle": f"năm {period.year}",
        "draft_mark": "" if all(locks) and locks else "TẠM TÍNH",
        "rows": rows, "rules": ranking_rules(criteria_set),
        "members": len(rows), "head_upper": head.name.upper() if head else "",
        "filename": f"Xếp hạng thi đua năm {period.year} - {period.cluster.name}",
    })
    context.update(_regulation(criteria_set, context))
    return context


def _regulation(criteria_set: CriteriaSet, context: dict) -> dict:
    """The regulation a paper cites, without its illustrative note (the demo's): that goes to the paper's mark
    and its footer, never into its body (core.illustrative)."""
    regulation, taken = illustrative.split_text(criteria_set.regulation_ref)
    note = illustrative.footer_note(taken)
    return {"regulation": regulation.rstrip(". "),
            "draft_mark": illustrative.paper_mark(context.get("draft_mark", ""), bool(taken)),
            "footer_note": " ".join(n for n in (note, context.get("footer_note", "")) if n)}


# -- Excel ----------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _num(value):
    """A Decimal for the cell (openpyxl writes it as a number), None stays empty."""
    return None if value is None else Decimal(value)


def _title_rows(ws, lines: list[str], width: int) -> int:
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=True, size=13 if i > 1 else 11)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
    return len(lines) + 2


def _table(ws, first_row: int, headers: list[str], widths: list[int], rows: list[list], numeric: set[int]) -> int:
    for col, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=first_row, column=col, value=header)
        cell.font, cell.border = BOLD, BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.border, cell.alignment = BOX, WRAP
            if col - 1 in numeric:
                cell.number_format = POINTS_FORMAT
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    return first_row + len(rows) + 1


RANKING_HEADERS = ["Hạng", "Đơn vị", "Điểm các tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
                   "Điểm tối đa áp dụng", "Tỷ lệ điểm theo bảng tiêu chí (%)", "Điểm chấm chéo", "Điểm cuối cùng",
                   "Xếp loại", "Ghi chú"]


def write_ranking_sheet(ws, period, criteria_set, ranking) -> None:
    start = _title_rows(ws, [period.cluster.name.upper(),
                             f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {period.year}"], len(RANKING_HEADERS))
    # "Điểm trừ" holds the deduction as the ranking page shows it (1, not −1); "Tổng điểm" subtracts it
    rows = [[r.rank, r.unit_name, _num(r.totals.base), _num(r.totals.bonus), _num(r.totals.penalty),
             _num(r.totals.base + r.totals.bonus - r.totals.penalty), _num(r.totals.applicable_max),
             _num(r.totals.percent), _num(r.peer.score), _num(r.final), r.band, r.tie_note] for r in ranking]
    end = _table(ws, start, RANKING_HEADERS, [7, 42, 12, 11, 10, 11, 12, 15, 12, 12, 12, 30], rows,
                 numeric=set(range(2, 10)))
    for i, line in enumerate(ranking_rules(criteria_set), start=end + 1):
        ws.cell(row=i, column=1, value=line).font = Font(italic=True)
    ws.cell(row=end + len(ranking_rules(criteria_set)) + 2, column=1, value=_generated_note()).font = Font(
        italic=True, size=9)


SHEET_HEADERS = ["Mục", "Tiêu chí", "Điểm tối đa", "Số liệu tự chấm", "Điểm tự chấm", "Thuyết minh",
                 "Số liệu thẩm định", "Điểm thẩm định", "Lý do thẩm định", "Giải trình của đơn vị",
                 "Số liệu xem xét lại", "Điểm xem xét lại", "Kết luận xem xét lại", "Điểm được tính"]


def write_sheet(ws, document: SheetDocument) -> None:
    sheet, period = document.sheet, document.sheet.period
    start = _title_rows(ws, [period.cluster.name.upper(), f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {period.year}",
                             sheet.unit.name], len(SHEET_HEADERS))
    rows = []
    for row in document.rows:
        e = row.entry
        name = row.criterion.name + (" (không áp dụng)" if row.excluded else "")
        if e is None:
            rows.append([row.criterion.code, name, _num(row.criterion.max_points), None, _num(row.self_points), "",
                         None, _num(row.appraised_points), "", "", None, None, "", _num(row.points)])
        else:
            rows.append([row.criterion.code, name, _num(row.criterion.max_points), _num(e.self_value),
                         _num(e.self_points), e.self_comment, _num(e.appraised_value), _num(e.appraised_points),
                         e.appraisal_reason, e.explanation, _num(e.final_value), _num(e.final_points),
                         e.final_reason, _num(e.points)])
    totals = [("Cộng điểm các tiêu chí", lambda t: t.base), ("Điểm thưởng", lambda t: t.bonus),
              ("Điểm trừ", lambda t: t.penalty), ("Tổng điểm", lambda t: t.base + t.bonus - t.penalty),
              ("Tỷ lệ so với điểm tối đa áp dụng (%)", lambda t: t.percent)]
    for label, pick in totals:
        rows.append(["", label, _num(document.totals.applicable_max) if label == "Tổng điểm" else None, None,
                     _num(pick(document.self_totals)), "", None, _num(pick(document.appraised_totals)), "", "",
                     None, None, "", _num(pick(document.totals))])
    end = _table(ws, start, SHEET_HEADERS, [7, 48, 10, 10, 10, 28, 10, 10, 30, 30, 10, 10, 30, 11], rows,
                 numeric={2, 3, 4, 6, 7, 10, 11, 13})
    for r, row in enumerate(document.rows, start=start + 1):
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top", indent=2 * row.depth)
        if row.is_group:
            for col in range(1, len(SHEET_HEADERS) + 1):
                ws.cell(row=r, column=col).font = BOLD
    for r in range(end - len(totals), end):
        for col in range(1, len(SHEET_HEADERS) + 1):
            ws.cell(row=r, column=col).font = BOLD
    ws.cell(row=end + 1, column=1, value=f"Trạng thái phiếu: {SheetState(sheet.state).label}.").font = Font(
        italic=True)
    ws.cell(row=end + 2, column=1, value=_generated_note()).font = Font(italic=True, size=9)


def sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Đơn vị"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


# -- views ----------------------------------------------------------------------------------------------------

def _period(period_pk) -> EmulationPeriod:
    return get_object_or_404(EmulationPeriod.objects.select_related("cluster__area", "cluster__organiser__area"),
                             pk=period_pk)


def _criteria_set(period) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    if criteria_set is None:
        raise Http404("Năm thi đua này chưa có bảng tiêu chí.")
    criteria_set.period = period
    return criteria_set


def _sheet(request, period_pk, unit_pk) -> tuple[ScoreSheet, CriteriaSet]:
    period = _period(period_pk)
    sheet = get_object_or_404(ScoreSheet.objects.select_related("unit"), period=period, unit_id=unit_pk)
    sheet.period = period
    if not request.user.has_perm("scoring.view_sheet", sheet):
        raise PermissionDenied
    return sheet, _criteria_set(period)


@login_required
@in_vietnamese
def sheet_pdf(request, period_pk, unit_pk):
    sheet, criteria_set = _sheet(request, period_pk, unit_pk)
    context = sheet_context(sheet_document(sheet, criteria_set), criteria_set)
    return pdf_response(context["filename"] + ".pdf", render_pdf("scoring/documents/sheet.html", context))


@login_required
@in_vietnamese
def sheet_xlsx(request, period_pk, unit_pk):
    sheet, criteria_set = _sheet(request, period_pk, unit_pk)
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title(sheet.unit.short_name or sheet.unit.name, set())
    write_sheet(ws, sheet_document(sheet, criteria_set))
    return xlsx_response(f"Phiếu chấm điểm năm {sheet.period.year} - {sheet.unit.name}.xlsx", workbook)


def _ranking(request, period_pk, perm="scoring.view_ranking"):
    period = _period(period_pk)
    if not request.user.has_perm(perm, period):
        raise PermissionDenied
    criteria_set = _criteria_set(period)
    return period, criteria_set, compute_ranking(period)


@login_required
@in_vietnamese
def ranking_pdf(request, period_pk):
    period, criteria_set, ranking = _ranking(request, period_pk)
    context = ranking_context(period, criteria_set, ranking)
    return pdf_response(context["filename"] + ".pdf", render_pdf("scoring/documents/ranking.html", context))


@login_required
@in_vietnamese
def ranking_xlsx(request, period_pk):
    period, criteria_set, ranking = _ranking(request, period_pk)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Xếp hạng"
    write_ranking_sheet(ws, period, criteria_set, ranking)
    return xlsx_response(f"Xếp hạng thi đua năm {period.year} - {period.cluster.name}.xlsx", workbook)


@login_required
@in_vietnamese
def sheets_xlsx(request, period_pk):
    """Every member's sheet in one workbook: a summary (the ranking) then one worksheet per unit."""
    period, criteria_set, ranking = _ranking(request, period_pk, perm="scoring.manage_criteria")
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Tổng hợp"
    write_ranking_sheet(ws, period, criteria_set, ranking)
    used = {"tổng hợp"}
    for document in all_sheet_documents(period, criteria_set):
        unit = document.sheet.unit
        write_sheet(workbook.create_sheet(sheet_title(unit.short_name or unit.name, used)), document)
    return xlsx_response(f"Phiếu chấm điểm năm {period.year} - {period.cluster.name}.xlsx", workbook)

