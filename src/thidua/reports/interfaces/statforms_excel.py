"""The national statistical forms (reports.domain.statforms) written out: a form in the official layout as an Excel
sheet (openpyxl): the header block (form number, "Ban hành kèm theo Thông tư số …", reporting unit, receiving unit,
the due date), the title, the report year with its period and cut-off, the unit of measure, the table head with
its numbering row (statforms_layout.py), the rows with their codes and the
figures (numbers, not formulas), and the signature block "Người lập biểu / Thủ trưởng đơn vị"."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from thidua.core.formatting import format_date
from thidua.reports.domain.statforms.compute import FormResult, SetResult
from thidua.reports.interfaces.statforms_layout import head, lead_columns

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _font(bold=False, italic=False, size=12) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)


def period_line(result: SetResult) -> str:
    return f"Năm {result.year} (số liệu từ ngày {format_date(result.start)} đến ngày {format_date(result.cutoff)})"


def _put(sheet, row, col, value, font=None, align=None, merge_to=None):
    cell = sheet.cell(row=row, column=col, value=value)
    cell.font = font or _font()
    if align:
        cell.alignment = align
    if merge_to and merge_to > col:
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=merge_to)
    return cell


def _header_block(sheet, result: SetResult, form, width: int, half: int) -> int:
    """Lines 1–7: who reports to whom under which circular and when, the title, the period. The next free line."""
    form_set = result.form_set
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    center = Alignment(horizontal="center", vertical="top", wrap_text=True)
    _put(sheet, 1, 1, f"Biểu số: {form.number}", _font(bold=True), left, half)
    _put(sheet, 1, half + 1, f"Đơn vị báo cáo: {result.scope.name}", _font(), center, width)
    _put(sheet, 2, 1, f"Ban hành kèm theo {form_set.circular} ngày {format_date(form_set.signed)}",
         _font(italic=True), left, half)
    _put(sheet, 2, half + 1, f"Đơn vị nhận báo cáo: {form_set.receiver}", _font(), center, width)
    due = result.due
    _put(sheet, 3, 1, f"Ngày nhận báo cáo: ngày {due.day} tháng {due.month} năm {due.year}", _font(), left, half)
    _put(sheet, 5, 1, form.title, _font(bold=True, size=14), WRAP_CENTER, width)
    sheet.row_dimensions[5].height = 36
    _put(sheet, 6, 1, period_line(result), _font(italic=True), Alignment(horizontal="center"), width)
    if form.measure_unit:
        _put(sheet, 7, 1, form.measure_unit, _font(italic=True), Alignment(horizontal="right"), width)
    return 8


def _table_head(sheet, form, start: int, width: int) -> int:
    """The head and its numbering row from line `start`; the numbering row's line."""
    rows, numbering = head(form)
    for head_row in rows:
        for h in head_row:
            _put(sheet, start + h.row, h.col + 1, h.label, _font(bold=True), WRAP_CENTER)
            if h.rowspan > 1 or h.colspan > 1:
                sheet.merge_cells(start_row=start + h.row, start_column=h.col + 1,
                                  end_row=start + h.row + h.rowspan - 1, end_column=h.col + h.colspan)
    number_row = start + len(rows)
    col = 1
    for label, span in numbering:
        _put(sheet, number_row, col, label, _font(bold=True), WRAP_CENTER, col + span - 1)
        col += span
    for r in range(start, number_row + 1):
        for c in range(1, width + 1):
            sheet.cell(row=r, column=c).border = BOX
    return number_row


def _body(sheet, form_result: FormResult, first: int, width: int) -> int:
    form = form_result.form
    lead = len(lead_columns(form))
    r = first
    for row in form.rows:
        indent = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=row.level)
        _put(sheet, r, 1, row.label, _font(bold=row.heading or row.code == "01", italic=row.level == 2), indent)
        _put(sheet, r, 2, row.code or None, _font(), Alignment(horizontal="center", vertical="center"))
        if form.unit_column:
            _put(sheet, r, 3, row.unit or None, _font(), Alignment(horizontal="center", vertical="center",
                                                                    wrap_text=True))
        for i, column in enumerate(form.columns):
            value = None if row.heading else form_result.cells[(row.code, column.key)].value
            cell = _put(sheet, r, lead + i + 1, value, _font(bold=row.code == "01"),
                        Alignment(horizontal="right", vertical="center"))
            cell.number_format = "#,##0"
        for c in range(1, width + 1):
            sheet.cell(row=r, column=c).border = BOX
        r += 1
    return r


def _signatures(sheet, r: int, width: int, half: int) -> None:
    center = Alignment(horizontal="center")
    _put(sheet, r, half + 1, "…………, ngày …… tháng …… năm ……", _font(italic=True), center, width)
    _put(sheet, r + 1, 1, "Người lập biểu", _font(bold=True), center, half)
    _put(sheet, r + 1, half + 1, "Thủ trưởng đơn vị", _font(bold=True), center, width)
    _put(sheet, r + 2, 1, "(Ký, họ tên)", _font(italic=True), center, half)
    _put(sheet, r + 2, half + 1, "(Ký, họ tên, đóng dấu)", _font(italic=True), center, width)


def write_form(sheet, result: SetResult, form_result: FormResult) -> None:
    form = form_result.form
    lead = lead_columns(form)
    width = len(lead) + len(form.columns)
    half = max(2, width // 2)
    start = _header_block(sheet, result, form, width, half)
    number_row = _table_head(sheet, form, start, width)
    end = _body(sheet, form_result, number_row + 1, width)
    _signatures(sheet, end + 1, width, half)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 8
    if form.unit_column:
        sheet.column_dimensions["C"].width = 12
    for i in range(len(lead) + 1, width + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 14
    sheet.print_title_rows = f"{start}:{number_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def workbook(result: SetResult, only: str | None = None) -> Workbook:
    """The set's forms (or `only` one), a sheet each (core.documents.xlsx_response writes it, no cell a
    formula)."""
    book = Workbook()
    book.remove(book.active)
    for code, form_result in result.forms.items():
        if only and code != only:
            continue
        write_form(book.create_sheet(f"Biểu {code}"), result, form_result)
    return book
