"""The award registry: a person's and a unit's history, the registry with its search and export, and the
import of past awards from Excel (template, preview with every bad row, all or nothing). Views parse the
request, call one domain function, render."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from thidua.awards.domain.queries import person_history as history_of_person
from thidua.awards.domain.queries import records_visible_to
from thidua.awards.domain.queries import unit_history as history_of_unit
from thidua.awards.interfaces import importers
from thidua.awards.interfaces.filters import RegistryFilter
from thidua.awards.interfaces.forms import UploadForm
from thidua.awards.interfaces.tables import HistoryTable, RecordTable
from thidua.core.export import XLSX_TYPE, table_response
from thidua.core.formatting import format_number
from thidua.core.import_pages import errors_workbook, render_preview
from thidua.orgs.interfaces import importers as base
from thidua.orgs.models import Person, Unit

PAGE_SIZE = 25
SESSION_KEY = "thidua_award_import"


@login_required
def registry(request):
    if not request.user.has_perm("awards.view_registry"):
        raise PermissionDenied
    records = records_visible_to(request.user).select_related("award", "unit")
    filterset = RegistryFilter(request.GET, queryset=records)
    table = RecordTable(filterset.qs)
    unit = None
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("unit"):
        unit = Unit.objects.filter(pk=filterset.form.cleaned_data["unit"]).first()
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "so-khen-thuong.xlsx", _("Sổ khen thưởng"))
    # The registry holds millions of records: no COUNT(*), the lazy paginator only asks for the next page.
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": LazyPaginator}).configure(table)
    template = "core/_table_card.html" if request.htmx else "awards/registry.html"
    return render(request, template, {
        "filter": filterset, "table": table, "unit": unit,
        "can_import": request.user.has_perm("awards.import_records"),
    })


@login_required
def person_history(request, pk):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    if not request.user.has_perm("awards.view_person_history", person):
        raise PermissionDenied
    records = list(history_of_person(person))
    if request.GET.get("export") == "xlsx":
        table = HistoryTable(records)
        table.link_people = False
        return table_response(table, f"khen-thuong-ca-nhan-{person.pk}.xlsx", _("Khen thưởng"))
    # A plain template loop: a whole career on one page, several times faster than a django-tables2 table.
    return render(request, "awards/person_history.html", {
        "person": person, "records": records, "count": len(records),
        "cash_total": sum(r.cash_amount or 0 for r in records),
    })


@login_required
def unit_history(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm("awards.view_unit_history", unit):
        raise PermissionDenied
    records = history_of_unit(unit)
    table = HistoryTable(records)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"khen-thuong-don-vi-{unit.pk}.xlsx", _("Khen thưởng"))
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": LazyPaginator}).configure(table)
    can_see_people = (request.user.has_perm("orgs.change_unit", unit) or unit.pk in request.user.unit_ids)
    individuals = None
    if can_see_people:
        individuals = unit.awards.filter(subject="individual").aggregate(n=Count("id"), cash=Sum("cash_amount"))
    return render(request, "awards/unit_history.html", {
        "unit": unit, "table": table, "individuals": individuals,
    })


# ---------------------------------------------------------------------------------------------------------
# Import of past awards

def import_permission(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("awards.import_records"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or base.stored_path(pending.get("token")) is None:
        return None
    return pending


def _forget(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        base.discard(pending.get("token"))


@import_permission
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = base.store_upload(upload)
        try:
            importers.check_file(base.stored_path(token))
        except base.ImportRejected as exc:
            base.discard(token)
            form.add_error("file", exc.message)
        else:
            _forget(request)
            request.session[SESSION_KEY] = {"token": token, "filename": upload.name[:200]}
            return redirect("awards:import_preview")
    return render(request, "awards/import_start.html", {
        "form": form, "pending": _pending(request), "columns": importers.COLUMNS,
        "max_mb": format_number(settings.THIDUA_IMPORT_MAX_BYTES / 1024 / 1024, 0),
    })


@import_permission
def import_template(request):
    response = HttpResponse(importers.build_template(request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importers.TEMPLATE_FILENAME}"'
    return response


def _read_pending(request, pending, path=None):
    try:
        return importers.read(path or base.stored_path(pending["token"]), request.user, pending.get("filename", ""))
    except base.ImportRejected as exc:
        messages.error(request, exc.message)
        return None


def _preview_page(request, pending, result, *, changed=False):
    return render_preview(request, "awards/import_preview.html", pending, result, changed=changed)


@import_permission
def import_preview(request):
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy chọn tệp Excel để tải lên."))
        return redirect("awards:import_start")
    result = _read_pending(request, pending)
    if result is None:
        _forget(request)
        return redirect("awards:import_start")
    if request.GET.get("export") == "errors":
        return errors_workbook(result, "loi-nhap-khen-thuong.xlsx")
    return _preview_page(request, pending, result)


@require_POST
@import_permission
def import_confirm(request):
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, _("Không có tệp nào đang chờ nhập, hoặc tệp đã được nhập rồi. Không có gì thay đổi."))
        return redirect("awards:import_start")
    token = pending["token"]
    path = base.claim(token)
    if path is None:
        messages.error(request, _("Tệp này đang được nhập hoặc đã được nhập rồi. Không có gì thay đổi."))
        return redirect("awards:import_start")
    result = _read_pending(request, pending, path)
    if result is None:
        base.discard(token)
        request.session.pop(SESSION_KEY, None)
        return redirect("awards:import_start")
    if not result.ok:
        base.release(token)
        return _preview_page(request, pending, result, changed=True)
    try:
        count = importers.apply(result, request.user)
    except IntegrityError:
        base.release(token)
        messages.error(request, _("Dữ liệu vừa được người khác thay đổi nên không nhập dòng nào. Hãy xem trước lại."))
        return redirect("awards:import_preview")
    _forget(request)
    messages.success(request, _("Đã nhập %(n)s khen thưởng từ tệp %(filename)s.") % {"n": format_number(count), "filename": result.filename})
    unit_ids = {row["unit_id"] for row in result.rows}
    url = reverse("awards:registry")
    return redirect(f"{url}?unit={unit_ids.pop()}" if len(unit_ids) == 1 else url)


@require_POST
@import_permission
def import_cancel(request):
    _forget(request)
    messages.info(request, _("Đã bỏ tệp đang chờ nhập. Không có gì thay đổi."))
    return redirect("awards:import_start")
