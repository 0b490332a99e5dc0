"""The national statistical forms' pages (/bao-cao/thong-ke/): the organisers a user reports for, a report year's
form set with its due date and cut-off, a form as a table (each computed figure a link to its records, the typed
cells marked with a link to type them), its Excel in the official layout, and the page where the figures the
system does not hold are typed. Views parse the request and call reports.domain.statforms.

A cut-off stated by hand (?den=) that cannot be read, or falls outside the year's period (FormSet.cutoff_bounds),
is refused on a page of its own (status 400) before anything is computed — the Excel downloads too. The records
behind a figure are those of the registry the user may list (awards.domain.queries.records_visible_to); the figure
itself stays whole, and the page says how many of its records are not shown."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_tables2 import RequestConfig

from thidua.awards.domain.queries import records_visible_to
from thidua.awards.interfaces.tables import RecordTable
from thidua.core import versions
from thidua.core.documents import xlsx_response
from thidua.core.export import table_response
from thidua.core.formatting import format_number, parse_date
from thidua.core.tables import BoundedLazyPaginator
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser
from thidua.reports.domain.statforms import compute, inputs, sets
from thidua.reports.domain.statforms.model import FormSet
from thidua.reports.interfaces import statforms_excel as excel
from thidua.reports.interfaces.statforms_layout import head, lead_columns

NATIONAL = "toan-quoc"
PAGE_SIZE = 50


def _who(request, who: str) -> compute.Scope:
    """The scope a URL names ("toan-quoc" or an organiser's id), checked against the user's permission."""
    if who == NATIONAL:
        if not request.user.has_perm("reports.view_national_statforms"):
            raise PermissionDenied
        return compute.Scope(None)
    if not who.isdigit() or len(who) > 18:
        raise Http404
    organiser = get_object_or_404(Organiser.objects.select_related("area", "sector"), pk=int(who))
    if not request.user.has_perm("reports.view_statforms", organiser):
        raise PermissionDenied
    return compute.Scope(organiser)


class CutoffRefused(Exception):
    """A cut-off (?den=) that cannot be read or is outside the year's period: nothing is computed."""


def _cutoff(request, form_set: FormSet | None, year: int) -> dt.date | None:
    """The cut-off stated in the address, checked; None for the circular's. CutoffRefused with the reason."""
    typed = (request.GET.get("den") or "").strip()
    if not typed:
        return None
    try:
        cutoff = parse_date(typed[:40])
    except (ValueError, ValidationError):
        raise CutoffRefused(_("Ngày chốt số liệu “%(typed)s” không đọc được: viết ngày/tháng/năm, ví dụ "
                              "30/11/%(year)s. Chưa tính biểu nào.") % {"typed": typed[:20], "year": year}) from None
    if form_set is not None:
        try:
            form_set.check_cutoff(year, cutoff)
        except ValueError as error:
            raise CutoffRefused(str(error)) from None
    return cutoff


def _refusing(view):
    """A refused cut-off: the page with the reason (status 400), no figures and no file."""
    @wraps(view)
    def wrapped(request, who, year, *args, **kwargs):
        try:
            return view(request, who, year, *args, **kwargs)
        except CutoffRefused as refused:
            return render(request, "reports/statforms_refused.html", {
                "who": who, "year": year, "message": str(refused),
                "bo": request.GET.get("bo", "")[:40]}, status=400)
    return wrapped


def _choice(request, year: int) -> sets.Choice:
    if not sets.EARLIEST_YEAR <= year <= dt.date.today().year + 1:
        raise Http404
    return sets.choose(year, request.GET.get("bo") or None)


def _query(request) -> str:
    kept = {k: request.GET[k] for k in ("bo", "den") if request.GET.get(k)}
    return f"?{urlencode(kept)}" if kept else ""


def _report_year(today: dt.date) -> int:
    return today.year


@require_safe
@login_required
def statforms_index(request):
    """The organisers the user reports for (the system administrator: every province and ministry, and the whole
    country), for a report year."""
    user = request.user
    if not user.has_perm("reports.list_statforms"):
        raise PermissionDenied
    try:
        year = int(request.GET.get("nam") or _report_year(dt.date.today()))
    except ValueError:
        year = _report_year(dt.date.today())
    year = min(max(year, sets.EARLIEST_YEAR), dt.date.today().year + 1)
    organisers = Organiser.objects.filter(kind__in=[OrganiserKind.PROVINCE, OrganiserKind.SECTOR]).order_by(
        "kind", "sort_key")
    if not user.is_system_admin:
        organisers = organisers.filter(pk__in=user.organiser_ids)
    choice = sets.choose(year)
    return render(request, "reports/statforms_index.html", {
        "year": year, "years": list(range(dt.date.today().year + 1, 2019, -1)), "organisers": organisers,
        "national": user.has_perm("reports.view_national_statforms"), "choice": choice, "NATIONAL": NATIONAL,
    })


@require_safe
@login_required
@_refusing
def statforms_set(request, who: str, year: int):
    scope = _who(request, who)
    choice = _choice(request, year)
    form_set = choice.shown
    cutoff = _cutoff(request, form_set, year)
    rows = inputs.progress(scope.organiser, form_set, year) if form_set is not None else []
    return render(request, "reports/statforms_set.html", {
        "scope": scope, "who": who, "year": year, "choice": choice, "form_set": form_set, "rows": rows,
        "query": _query(request),
        "previous": year - 1 if year - 1 >= sets.EARLIEST_YEAR else None,
        "next": year + 1 if year + 1 <= dt.date.today().year + 1 else None,
        "start": form_set.period(year, cutoff)[0] if form_set else None,
        "end": form_set.period(year, cutoff)[1] if form_set else None,
        "due": form_set.due_date(year) if form_set else None,
        "reference": sets.reference_set(year) if choice.shown is None and choice.governing else None,
        "may_type": (not scope.national
                     and request.user.has_perm("reports.input_statforms", scope.organiser)),
    })


def _form_and_result(request, who: str, year: int, code: str):
    scope = _who(request, who)
    choice = _choice(request, year)
    if choice.shown is None:
        raise Http404
    form = choice.shown.form(code)
    if form is None:
        raise Http404
    cutoff = _cutoff(request, choice.shown, year)
    result = compute.compute(scope, choice.shown, year, cutoff, only=code)
    return scope, choice, form, result


def _grid(form, form_result, link=None, typed_names=False, errors=None, posted=None):
    """The table's rows for the template: label, code, unit, then a cell per column."""
    body = []
    for row in form.rows:
        cells = []
        for column in form.columns:
            if row.heading:
                cells.append({"kind": "heading"})
                continue
            cell = form_result.cells[(row.code, column.key)]
            key = f"{row.code}:{column.key}"
            entry = {"kind": cell.kind, "value": "" if cell.value is None else format_number(cell.value),
                     "key": key}
            if cell.kind == "computed" and link and cell.value:
                entry["link"] = link(row.code, column.key)
            if typed_names and cell.kind == "input":
                entry["name"] = f"c-{key}"
                entry["typed"] = posted.get(f"c-{key}", "") if posted is not None else (
                    "" if cell.value is None else format_number(cell.value))
                entry["error"] = (errors or {}).get(key)
            cells.append(entry)
        body.append({"row": row, "cells": cells})
    return body


def _page_context(request, who, year, scope, choice, form, result):
    rows, numbering = head(form)
    return {
        "scope": scope, "who": who, "year": year, "choice": choice, "form_set": choice.shown, "form": form,
        "result": result, "head_rows": rows, "numbering": numbering, "lead": lead_columns(form),
        "query": _query(request),
        "may_type": (not scope.national and bool(form.input_keys())
                     and request.user.has_perm("reports.input_statforms", scope.organiser)),
    }


@require_safe
@login_required
@_refusing
def statform(request, who: str, year: int, code: str):
    scope, choice, form, result = _form_and_result(request, who, year, code)
    form_result = result.forms[code]
    base = reverse("reports:statform_records", args=[who, year, code])
    kept = {k: request.GET[k] for k in ("bo", "den") if request.GET.get(k)}

    def link(row_code, col_key):
        return f"{base}?{urlencode({**kept, 'dong': row_code, 'cot': col_key})}"

    context = _page_context(request, who, year, scope, choice, form, result)
    context.update({"body": _grid(form, form_result, link if form.source == "awards" else None),
                    "missing": form_result.missing_inputs})
    return render(request, "reports/statform.html", context)


@require_safe
@login_required
@_refusing
def statform_excel(request, who: str, year: int, code: str):
    scope, choice, form, result = _form_and_result(request, who, year, code)
    return xlsx_response(f"bieu-{form.code}-{who}-{year}.xlsx", excel.workbook(result, only=code))


@require_safe
@login_required
@_refusing
def statforms_excel(request, who: str, year: int):
    scope = _who(request, who)
    choice = _choice(request, year)
    if choice.shown is None:
        raise Http404
    cutoff = _cutoff(request, choice.shown, year)
    result = compute.compute(scope, choice.shown, year, cutoff)
    return xlsx_response(f"bieu-thong-ke-{choice.shown.code}-{who}-{year}.xlsx", excel.workbook(result))


@require_safe
@login_required
@_refusing
def statform_records(request, who: str, year: int, code: str):
    """The award records behind a computed figure of a form (its row and column), those of the registry the user
    may list; how many of the figure's records are not shown."""
    scope, choice, form, result = _form_and_result(request, who, year, code)
    cell = result.forms[code].cells.get((request.GET.get("dong", ""), request.GET.get("cot", "")))
    if form.source != "awards" or cell is None or cell.kind != "computed" or cell.match is None:
        raise Http404
    records = compute.award_records(scope, result.start, result.cutoff, cell.match,
                                    base=records_visible_to(request.user))
    hidden = (cell.value or 0) - records.count()
    table = RecordTable(records, order_by=request.GET.get("sort") or ("-decision_date",))
    table.link_people = True
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"bieu-{code}-{who}-{year}-ho-so.xlsx", "Khen thưởng")
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    row = form.row(request.GET["dong"])
    column = form.column(request.GET["cot"])
    template = "core/_table_card.html" if request.htmx else "reports/statform_records.html"
    return render(request, template, {
        "scope": scope, "who": who, "year": year, "form": form, "row": row, "column": column, "table": table,
        "query": _query(request), "result": result, "count": format_number(cell.value),
        "hidden": format_number(hidden) if hidden > 0 else "",
    })


@require_http_methods(["GET", "POST"])
@login_required
@_refusing
def statform_input(request, who: str, year: int, code: str):
    """Type the figures of a form that the system does not hold; all saved or none, over the version loaded."""
    scope, choice, form, result = _form_and_result(request, who, year, code)
    organiser = scope.organiser
    if organiser is None or scope.national or not request.user.has_perm("reports.input_statforms", organiser):
        raise PermissionDenied  # the country's figures (the Central council's page too) are the others' sum
    if not form.input_keys() or choice.for_reference:
        raise Http404
    record = inputs.stored(organiser, choice.shown, form, year)
    errors: dict[str, str] = {}
    general: list[str] = []
    posted = None
    current_version = inputs.version(record)
    if request.method == "POST":
        posted = request.POST
        typed = {key: request.POST.get(f"c-{key}", "") for key in form.input_keys()}
        try:
            inputs.save(organiser, choice.shown, form, year, typed, actor=request.user,
                        loaded_version=versions.posted(request.POST))
        except versions.StaleVersion as stale:
            general = list(stale.messages)
            current_version = stale.current
        except ValidationError as error:
            errors = {key: "; ".join(messages_) for key, messages_ in error.message_dict.items()}
            general = [_("Chưa lưu: %(n)s ô chưa đúng, xem các ô tô đỏ.") % {"n": len(errors)}]
        else:
            messages.success(request, _("Đã lưu số liệu nhập của biểu %(form)s năm %(year)s.")
                             % {"form": form.number, "year": year})
            return redirect(reverse("reports:statform", args=[who, year, code]) + _query(request))
    context = _page_context(request, who, year, scope, choice, form, result)
    context.update({"body": _grid(form, result.forms[code], typed_names=True, errors=errors, posted=posted),
                    "general_errors": general, "version": current_version, "record": record})
    return render(request, "reports/statform_input.html", context)
