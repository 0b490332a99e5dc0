"""What the Excel import flows (people and units; past awards) show alike: the preview page and the workbook of
every error. Each flow keeps its own reading, permissions and redirects."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from thidua.core.export import workbook_response

PREVIEW_ROWS = 50
SHOWN_ERRORS = 1000


def render_preview(request, template: str, pending: dict, result, *, changed: bool = False):
    """The preview: counts, the first valid rows, and up to SHOWN_ERRORS errors (the rest in the workbook)."""
    headers, rows = result.preview(PREVIEW_ROWS)
    return render(request, template, {
        "pending": pending, "result": result, "headers": headers, "rows": rows,
        "errors": result.errors[:SHOWN_ERRORS], "more_errors": max(0, len(result.errors) - SHOWN_ERRORS),
        "changed": changed,
    })


def errors_workbook(result, filename: str):
    """Every error of a file (line, column, reason) as an Excel workbook."""
    rows = ([e.line, e.column, e.reason] for e in result.errors)
    return workbook_response(filename, _("Lỗi"), [_("Dòng"), _("Cột"), _("Lý do")], rows)
