"""Excel export of any table a page shows: the same columns and order, every row (not just one page).

No export carries a formula: a text that Excel would read as one (it starts with =, +, -, @, a tab or a carriage
return — "=HYPERLINK(…)" typed as a unit's name) is written as text, marked with Excel's quote prefix so that
editing the cell keeps it text. `safe_cell` does it to one cell; every workbook the app writes goes through it:
`workbook_response` here (write-only lists), `defuse` for the whole workbooks that `core.documents.xlsx_response`
and the import templates save. Numbers stay numbers (-5 is a number).

Every list's workbook has its header row frozen, dates as Excel dates shown dd/mm/yyyy (a column's `value_…`
gives the date itself, not its text), and columns as wide as their header and the first rows' values
(between 10 and 60 characters)."""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from itertools import chain, islice

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter

from thidua.core import jobs

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_ROWS = 1_048_576  # Excel's rows on one sheet, the header included
INLINE_ROWS = 20_000  # a longer list is written by the background worker (about 10 s of a web worker's time)
PROGRESS_EVERY = 1000
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
WIDTH_SAMPLE = 200  # the rows a column's width is measured on (a write-only sheet sets widths before its rows)
MIN_WIDTH, MAX_WIDTH = 10, 60
EXPORT_JOB = "export"
# The background export's progress report, set by core/export_jobs.py while it runs the list's view.
progress: ContextVar[Callable[..., None] | None] = ContextVar("export_progress", default=None)


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(cell: Cell) -> Cell:
    """The cell with a text that starts like a formula kept as text (openpyxl stores any text starting with = as
    a formula): string type and Excel's quote prefix. Other values are left as they are."""
    if looks_like_formula(cell.value) or (cell.data_type == "f" and isinstance(cell.value, str)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def defuse(workbook) -> None:
    """Every cell of a (not write-only) workbook through `safe_cell`, just before it is saved."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe_cell(cell)


def _row_value(sheet, value):
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if looks_like_formula(value):
        return safe_cell(WriteOnlyCell(sheet, value))
    return value


def _shown_length(value) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    return max((len(line) for line in str(value).split("\n")), default=0) if value is not None else 0


def column_widths(headers: list[str], sample: list) -> list[float]:
    """Each column as wide as its header and the longest value of the sample rows, from MIN_WIDTH to MAX_WIDTH."""
    widths = [len(str(header)) for header in headers]
    for row in sample:
        for i, value in enumerate(row[:len(widths)]):
            widths[i] = max(widths[i], _shown_length(value))
    return [min(max(MIN_WIDTH, width + 2), MAX_WIDTH) for width in widths]


def _new_sheet(workbook, title: str, headers: list[str], widths: list[float]):
    sheet = workbook.create_sheet(title=title[:31])
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"  # the header stays in view
    sheet.append([_row_value(sheet, h) for h in headers])
    return sheet


def workbook_response(filename: str, sheet_title: str, headers: list[str], rows: Iterable[Iterable],
                      total: int | None = None) -> HttpResponse:
    """A list as a workbook. Past Excel's limit of rows on a sheet (SHEET_ROWS with the header) the rows go on to
    a next sheet, "<title> (2)", with the header again: Excel would refuse to open a longer sheet. In the
    background worker, `progress` (a context variable the export job sets) is told the rows written."""
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, WIDTH_SAMPLE)]
    widths = column_widths(headers, sample)
    workbook = Workbook(write_only=True)
    sheet, written, part = _new_sheet(workbook, sheet_title, headers, widths), 0, 1
    report = progress.get()
    for count, row in enumerate(chain(sample, rows)):
        if report is not None and count % PROGRESS_EVERY == 0:
            report(count, total)
        if written == SHEET_ROWS - 1:
            part += 1
            suffix = f" ({part})"
            sheet, written = _new_sheet(workbook, sheet_title[:31 - len(suffix)] + suffix, headers, widths), 0
        sheet.append([_row_value(sheet, value) for value in row])
        written += 1
    response = HttpResponse(content_type=XLSX_TYPE)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    workbook.save(response)
    return response


def table_response(table, filename: str, sheet_title: str) -> HttpResponse:
    """Export a django-tables2 table: its visible columns, all rows of its (filtered, sorted) data. A list longer
    than INLINE_ROWS is written by the background worker (core/export_jobs.py), which runs the same view for the
    same user: the page answers with the job's page, which follows it and then offers the file."""
    request = getattr(table, "request", None)  # set by RequestConfig(...).configure(table)
    total = len(table.rows)
    if request is not None and total > INLINE_ROWS and not getattr(request, "in_background", False):
        return queue_export(request, filename)
    exclude = [c.name for c in table.columns if getattr(c.column, "exclude_from_export", False)]
    values = table.as_values(exclude_columns=exclude)
    headers = [str(h) for h in next(values)]
    return workbook_response(filename, sheet_title, headers, values, total=total)


def queue_export(request, filename: str) -> HttpResponse:
    job = jobs.start(EXPORT_JOB, request.user, _("Xuất Excel %(filename)s") % {"filename": filename},
                     {"path": request.get_full_path(), "filename": filename,
                      "language": getattr(request, "LANGUAGE_CODE", "vi")})
    return redirect("job_detail", pk=job.pk)
