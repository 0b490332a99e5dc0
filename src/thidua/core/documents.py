"""Official documents: .docx from templates staff can edit (docxtpl) and PDF from Django templates (WeasyPrint),
both in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): the national motto block, the issuing body, number
and symbol, place and date, title, body, signature blocks; Times New Roman metrics (Liberation Serif), A4.

Views build a context from the records at generation time (figures are computed, never typed) and call
`render_docx` / `render_pdf`, then answer with `docx_response` / `pdf_response` / `xlsx_response`.

Documents are official papers and stay Vietnamese whatever language the interface is read in: decorate their
views with `in_vietnamese` (choice labels and dates in the context are then Vietnamese too); the renderers
also switch to Vietnamese while they render."""

import datetime as dt
import io
import re
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from thidua.core.export import defuse
from thidua.core.text import fold

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


DOCUMENT_LANGUAGE = "vi"


def in_vietnamese(view):
    """A view that builds an official document: it runs in Vietnamese whatever the user's interface language."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        with translation.override(DOCUMENT_LANGUAGE):
            return view(*args, **kwargs)

    return wrapped


# -- Vietnamese dates as ND 30/2020 writes them ---------------------------------------------------------------

def vn_date(day: dt.date) -> str:
    """"ngày 09 tháng 01 năm 2024": days below 10 and the months 1 and 2 take a leading zero
    (ND 30/2020, Phụ lục I, mục II.5.b), so "ngày 20 tháng 11 năm 2023", "ngày 05 tháng 3 năm 2024"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_place_date(place: str, day: dt.date | None) -> str:
    """The place and date line: "Lạng Sơn, ngày 09 tháng 01 năm 2024" (without a date: "Lạng Sơn, ngày … tháng …
    năm …", the form left for the clerk to fill in)."""
    when = vn_date(day) if day else "ngày      tháng      năm"
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


# -- rendering ------------------------------------------------------------------------------------------------

def render_docx(template_path: str | Path, context: dict) -> bytes:
    """A .docx from a docxtpl template ({{ }}, {%p for %}, {%tr for %}); values are XML-escaped."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path))
    with translation.override(DOCUMENT_LANGUAGE):
        template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """A PDF from a Django template (usually extending documents/nd30_base.html, which inlines the print
    stylesheet documents/nd30.css, so no file or URL is fetched while rendering)."""
    from weasyprint import HTML

    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()


# -- responses ------------------------------------------------------------------------------------------------

def ascii_filename(filename: str) -> str:
    """"Giao ước thi đua 2023.pdf" → "giao-uoc-thi-dua-2023.pdf": safe in any browser and file system."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    safe = re.sub(r"[^a-z0-9]+", "-", fold(stem)).strip("-") or "tai-lieu"
    ext = re.sub(r"[^a-z0-9]+", "", ext.lower())
    return f"{safe}.{ext}" if ext else safe


def content_disposition(filename: str, inline: bool = False) -> str:
    """Both the ASCII `filename` and the UTF-8 `filename*` (RFC 6266), so the Vietnamese name survives."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(filename: str, content: bytes, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def docx_response(filename: str, content: bytes) -> HttpResponse:
    return file_response(filename, content, DOCX_TYPE)


def pdf_response(filename: str, content: bytes, inline: bool = True) -> HttpResponse:
    """PDFs open in the browser (to read or print) unless `inline` is False."""
    return file_response(filename, content, PDF_TYPE, inline=inline)


def xlsx_response(filename: str, workbook) -> HttpResponse:
    """The workbook as a download; no cell of it a formula (`core.export.defuse`)."""
    defuse(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return file_response(filename, out.getvalue(), XLSX_TYPE)
