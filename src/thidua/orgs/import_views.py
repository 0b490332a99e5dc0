"""Import of units and people from Excel: choose and upload, preview every row, confirm. The checking and
writing are in orgs/interfaces/importers.py; these views only move the file and the user between steps.

The uploaded file waits on disk (MEDIA_ROOT/imports/<token>.xlsx) with its token in the session, so any
worker can show the preview or finish the import; the confirmation checks the file again."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core.export import XLSX_TYPE
from thidua.core.formatting import format_number
from thidua.core.forms import StyledForm
from thidua.core.import_pages import errors_workbook, render_preview
from thidua.orgs.interfaces import importers

SESSION_KEY = "thidua_import"


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Dữ liệu nhập"))
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": gettext_lazy("Hãy chọn tệp Excel (.xlsx) để tải lên."),
                                           "empty": gettext_lazy("Tệp rỗng (0 byte). Hãy chọn tệp Excel đã điền dữ liệu.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importers.kinds_for(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            importers.check_size(upload.size)
        except importers.ImportRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


def import_permission(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("orgs.import"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or importers.stored_path(pending.get("token")) is None:
        return None
    if pending.get("kind") == importers.UNITS and not importers.can_import_units(request.user):
        return None
    return pending


def _forget(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        importers.discard(pending.get("token"))


@import_permission
def import_start(request):
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in importers.KIND_LABELS else {}
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        token = importers.store_upload(upload)
        try:
            importers.check_file(kind, importers.stored_path(token), request.user)
        except importers.ImportRejected as exc:
            importers.discard(token)
            form.add_error("file", exc.message)
        else:
            _forget(request)
            request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": upload.name[:200]}
            return redirect("orgs:import_preview")
    return render(request, "orgs/import_start.html", {
        "form": form, "kinds": importers.kinds_for(request.user), "pending": _pending(request),
        "max_mb": format_number(settings.THIDUA_IMPORT_MAX_BYTES / 1024 / 1024, 0),
    })


@import_permission
def import_template(request, kind):
    if kind not in importers.KIND_LABELS:
        raise Http404
    if kind == importers.UNITS and not importers.can_import_units(request.user):
        raise PermissionDenied
    content = importers.build_template(kind, request.user)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importers.template_filename(kind)}"'
    return response


def _read_pending(request, pending):
    """The stored file checked again (data may have changed since the upload); None if it is unreadable."""
    path = importers.stored_path(pending["token"])
    try:
        return importers.read(pending["kind"], path, request.user, pending.get("filename", ""))
    except importers.ImportRejected as exc:
        messages.error(request, exc.message)
        return None


def _preview_page(request, pending, result, *, changed=False):
    return render_preview(request, "orgs/import_preview.html", pending, result, changed=changed)


@import_permission
def import_preview(request):
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy chọn tệp Excel để tải lên."))
        return redirect("orgs:import_start")
    result = _read_pending(request, pending)
    if result is None:
        _forget(request)
        return redirect("orgs:import_start")
    return _preview_page(request, pending, result)


@import_permission
def import_errors(request):
    """Every error of the pending file as a workbook, for files with more errors than a page shows."""
    pending = _pending(request)
    if pending is None:
        return redirect("orgs:import_start")
    result = _read_pending(request, pending)
    if result is None:
        return redirect("orgs:import_start")
    return errors_workbook(result, "loi-nhap-excel.xlsx")


@require_POST
@import_permission
def import_confirm(request):
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, _("Không có tệp nào đang chờ nhập, hoặc tệp đã được nhập rồi. Không có gì thay đổi."))
        return redirect("orgs:import_start")
    token = pending["token"]
    path = importers.claim(token)
    if path is None:
        messages.error(request, _("Tệp này đang được nhập hoặc đã được nhập rồi. Không có gì thay đổi."))
        return redirect("orgs:import_start")
    try:
        result = importers.read(pending["kind"], path, request.user, pending.get("filename", ""))
    except importers.ImportRejected as exc:
        importers.discard(token)
        request.session.pop(SESSION_KEY, None)
        messages.error(request, exc.message)
        return redirect("orgs:import_start")
    if not result.ok:
        importers.release(token)
        return _preview_page(request, pending, result, changed=True)
    try:
        count = importers.apply(result, request.user)
    except IntegrityError:
        importers.release(token)
        messages.error(request, _("Dữ liệu vừa được người khác thay đổi nên không nhập dòng nào. Hãy xem trước lại."))
        return redirect("orgs:import_preview")
    _forget(request)
    if result.kind == importers.PEOPLE:
        done = _("Đã nhập %(count)s cá nhân từ tệp %(filename)s.")
    else:
        done = _("Đã nhập %(count)s đơn vị từ tệp %(filename)s.")
    messages.success(request, done % {"count": format_number(count), "filename": result.filename})
    if result.kind == importers.UNITS:
        return redirect("orgs:unit_list")
    unit_ids = {row["unit_id"] for row in result.rows}
    url = reverse("orgs:person_list")
    return redirect(f"{url}?unit={unit_ids.pop()}" if len(unit_ids) == 1 else url)
