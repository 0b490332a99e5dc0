"""Excel export of any table a page shows: the same columns and order, every row (not just one page)."""

import datetime as dt
import re
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(filename: str, sheet_title: str, headers: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    widths = [max(10, len(h) + 2) for h in headers]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width, 60)
    sheet.append(headers)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, dt.datetime):
                value = value.replace(tzinfo=None)
            values.append(value)
        sheet.append(values)
    response = HttpResponse(content_type=XLSX_TYPE)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    workbook.save(response)
    return response


def table_response(table, filename: str, sheet_title: str) -> HttpResponse:
    """Export a django-tables2 table: its visible columns, all rows of its (filtered, sorted) data."""
    exclude = [c.name for c in table.columns if getattr(c.column, "exclude_from_export", False)]
    values = table.as_values(exclude_columns=exclude)
    headers = [str(h) for h in next(values)]
    return workbook_response(filename, sheet_title, headers, values)
