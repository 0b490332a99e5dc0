"""The pages of an Excel import, the same for every kind of data: start (template links and the upload) →
preview (every row checked, every bad row listed) → confirm (all rows or none) → errors (every error as a
workbook), plus the template download and cancelling a pending file.

An app declares its importers (`core.importing.Importer`) and one `ImportFlow` with its wording (the start and
preview templates), its permission and its URL namespace; its urls.py maps its paths to the flow's views:

    flow = ImportFlow(namespace="awards", importers=[AWARDS], permission="awards.import_records", ...)
    path("nhap-excel/", flow.start, name="import_start"), path("nhap-excel/mau/", flow.template, ...), …

The flow expects the URL names `<namespace>:import_start` and `<namespace>:import_preview`. The uploaded file
waits on disk (MEDIA_ROOT/imports/<token>.xlsx) with its token in the session, so any worker can show the
preview or finish the import. Reading every row and writing them are background jobs (core/import_jobs.py): the
preview page follows the job that reads the file, then shows what it found (the file is parsed once for the
preview and the error list); the confirmation's job checks the file again against today's data and writes it.
A job killed half-way is started again from the same page."""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core import import_jobs, importing, jobs
from thidua.core.export import XLSX_TYPE, workbook_response
from thidua.core.formatting import format_number
from thidua.core.forms import StyledForm
from thidua.core.importing import ImportRejected
from thidua.core.models import Job

PREVIEW_ROWS = 50
SHOWN_ERRORS = 1000


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Dữ liệu nhập"))
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": gettext_lazy("Hãy chọn tệp Excel (.xlsx) để tải lên."),
                                           "empty": gettext_lazy("Tệp rỗng (0 byte). Hãy chọn tệp Excel đã điền dữ liệu.")})

    def __init__(self, *args, kinds: list[tuple[str, str]] | None, **kwargs):
        """`kinds`: the choices of data the user may import; None for a flow of one kind (no choice to make)."""
        super().__init__(*args, **kwargs)
        if kinds is None:
            del self.fields["kind"]
        else:
            self.fields["kind"].choices = kinds

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            importing.check_size(upload.size)
        except ImportRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


def render_preview(request, template: str, pending: dict, importer, result, *, changed: bool = False):
    """The preview: counts, the first valid rows, and up to SHOWN_ERRORS errors (the rest in the workbook)."""
    headers, rows = importer.preview(result, PREVIEW_ROWS)
    return render(request, template, {
        "pending": pending, "result": result, "headers": headers, "rows": rows,
        "errors": result.errors[:SHOWN_ERRORS], "more_errors": max(0, len(result.errors) - SHOWN_ERRORS),
        "changed": changed,
    })


def errors_workbook(result, filename: str):
    """Every error of a file (line, column, reason) as an Excel workbook."""
    rows = ([e.line, e.column, e.reason] for e in result.errors)
    return workbook_response(filename, _("Lỗi"), [_("Dòng"), _("Cột"), _("Lý do")], rows)


class ImportFlow:
    """The views of one app's imports. Its attributes `start`, `template`, `preview`, `errors`, `confirm` and
    `cancel` are views, each checking login and `permission` (and the importer's own `allowed`)."""

    def __init__(self, *, namespace: str, importers, permission: str, session_key: str, start_template: str,
                 preview_template: str, errors_filename: str):
        self.namespace = namespace
        self.importers = {importer.kind: importer for importer in importers}
        self.permission = permission
        self.session_key = session_key
        self.start_template = start_template
        self.preview_template = preview_template
        self.errors_filename = errors_filename
        self.start = self._guarded(self._start)
        self.template = self._guarded(self._template)
        self.preview = self._guarded(self._preview)  # POST: start a stopped job again
        self.errors = self._guarded(self._errors)
        self.confirm = require_POST(self._guarded(self._confirm))
        self.cancel = require_POST(self._guarded(self._cancel))

    # ---- helpers

    def _guarded(self, view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(self.permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    def _url(self, name: str) -> str:
        return f"{self.namespace}:{name}"

    def importer(self, kind: str | None):
        """The importer of `kind`; with no kind, the flow's only (or first) one. None for an unknown kind."""
        if kind is None:
            return next(iter(self.importers.values()))
        return self.importers.get(kind)

    def kinds_for(self, user) -> list[tuple[str, str]]:
        return [(kind, importer.name) for kind, importer in self.importers.items() if importer.allowed(user)]

    def _pending(self, request):
        """The file waiting for confirmation: {"token", "kind", "filename"}, or None."""
        pending = request.session.get(self.session_key)
        # While its job writes it the file is set aside (claimed), and once written it is gone: the job remains.
        if not pending or (importing.stored_path(pending.get("token")) is None and not pending.get("job")):
            return None
        importer = self.importer(pending.get("kind"))
        if importer is None or not importer.allowed(request.user):
            return None
        return pending

    def _forget(self, request):
        pending = request.session.pop(self.session_key, None)
        if pending:
            importing.discard(pending.get("token"))

    def _start_job(self, request, pending: dict, kind: str, label: str) -> None:
        job = jobs.start(kind, request.user, label, {
            "importer": import_jobs.importer_path(self.importer(pending.get("kind"))), "token": pending["token"],
            "filename": pending.get("filename", "")})
        request.session[self.session_key] = {**pending, "job": str(job.pk)}

    def _job(self, request, pending) -> Job | None:
        return Job.objects.filter(pk=pending.get("job"), owner=request.user).first() if pending.get("job") else None

    def _job_page(self, request, job: Job):
        """The page of a job not yet done: its progress while it runs; why it stopped, and "Thử lại", after."""
        stalled = jobs.is_stalled(job)
        running = job.state in (Job.State.QUEUED, Job.State.RUNNING) and not stalled
        if request.htmx and not running:
            return HttpResponse(headers={"HX-Refresh": "true"})  # the whole page shows how it ended
        reading = job.kind == import_jobs.READ
        context = {
            "job": job, "running": running, "stalled": stalled, "may_retry": jobs.may_restart(job),
            "percent": (100 * job.done // job.total) if job.total else 0,
            "waited_long": job.state == Job.State.QUEUED and jobs.is_waiting_long(job),
            "running_text": _("Đang đọc và kiểm tra từng dòng của tệp…") if reading
            else _("Đang kiểm tra lại và ghi dữ liệu (tất cả hoặc không dòng nào)…"),
            "back_url": reverse(self._url("import_start")),
        }
        template = "core/_job_progress.html" if request.htmx else "core/job_progress.html"
        return render(request, template, context)

    def _preview_page(self, request, pending, result, *, changed=False):
        return render_preview(request, self.preview_template, pending, self.importer(pending.get("kind")), result,
                              changed=changed)

    # ---- the views

    def _start(self, request):
        kind = request.GET.get("kind")
        initial = {"kind": kind} if kind in self.importers else {}
        kinds = self.kinds_for(request.user)
        form = UploadForm(request.POST or None, request.FILES or None, initial=initial,
                          kinds=kinds if len(self.importers) > 1 else None)
        if request.method == "POST" and form.is_valid():
            importer = self.importer(form.cleaned_data.get("kind"))
            upload = form.cleaned_data["file"]
            token = importing.store_upload(upload)
            try:
                importer.check_file(importing.stored_path(token), request.user)
            except ImportRejected as exc:
                importing.discard(token)
                form.add_error("file", exc.message)
            else:
                self._forget(request)
                pending = {"token": token, "kind": importer.kind, "filename": upload.name[:200]}
                self._start_job(request, pending, import_jobs.READ,
                                _("Đọc tệp %(filename)s") % {"filename": pending["filename"]})
                return redirect(self._url("import_preview"))
        return render(request, self.start_template, {
            "form": form, "kinds": kinds, "pending": self._pending(request),
            "columns": self.importer(None).columns,
            "max_mb": format_number(settings.THIDUA_IMPORT_MAX_BYTES / 1024 / 1024, 0),
        })

    def _template(self, request, kind=None):
        importer = self.importer(kind)
        if importer is None:
            raise Http404
        if not importer.allowed(request.user):
            raise PermissionDenied
        response = HttpResponse(importer.build_template(request.user), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{importer.template_filename}"'
        return response

    def _preview(self, request):
        """The job that reads (or writes) the pending file while it runs; then the preview, or where the import
        led. With ?export=errors, every error as a workbook. A POST starts a stopped job again."""
        pending = self._pending(request)
        if pending is None:
            messages.info(request, _("Chưa có tệp nào đang chờ nhập. Hãy chọn tệp Excel để tải lên."))
            return redirect(self._url("import_start"))
        job = self._job(request, pending)
        if job is not None and request.method == "POST" and request.POST.get("action") == "retry":
            try:
                jobs.restart(job)
            except jobs.JobFailed as refused:
                messages.error(request, refused.message)
            return redirect(self._url("import_preview"))
        if request.htmx and (job is None or job.state == Job.State.DONE):
            return HttpResponse(headers={"HX-Refresh": "true"})
        return self._show(request, pending, job)

    def _show(self, request, pending, job: Job | None):
        """Where a pending file stands: its job's page while it runs or after it stopped; once read, the preview;
        once written, the page the import leads to."""
        if job is not None and job.kind == import_jobs.READ and job.outcome.get("refused"):
            # A file that cannot be read is not read again: back to the upload, with the reason.
            self._forget(request)
            messages.error(request, job.message)
            return redirect(self._url("import_start"))
        if job is not None and job.state != Job.State.DONE:
            return self._job_page(request, job)
        if job is not None and job.kind == import_jobs.APPLY and "count" in job.outcome:
            return self._imported(request, pending, job)
        result = importing.stored_result(pending["token"])
        if result is None:
            self._forget(request)
            messages.error(request, _("Không còn kết quả kiểm tra của tệp. Hãy tải lên lại."))
            return redirect(self._url("import_start"))
        if request.GET.get("export") == "errors":
            return errors_workbook(result, self.errors_filename)
        changed = job is not None and job.kind == import_jobs.APPLY and job.outcome.get("changed", False)
        return self._preview_page(request, pending, result, changed=changed)

    def _imported(self, request, pending, job: Job):
        importer = self.importer(pending.get("kind"))
        request.session.pop(self.session_key, None)
        messages.success(request, str(importer.done) % {"count": format_number(job.outcome["count"]),
                                                        "filename": job.outcome.get("filename", "")})
        return redirect(job.outcome["url"])

    def _errors(self, request):
        """Every error of the pending file as a workbook, for files with more errors than a page shows."""
        pending = self._pending(request)
        result = importing.stored_result(pending["token"]) if pending is not None else None
        if result is None:
            return redirect(self._url("import_start"))
        return errors_workbook(result, self.errors_filename)

    def _confirm(self, request):
        pending = self._pending(request)
        if pending is None or request.POST.get("token") != pending["token"]:
            messages.error(request, _("Không có tệp nào đang chờ nhập, hoặc tệp đã được nhập rồi. Không có gì thay đổi."))
            return redirect(self._url("import_start"))
        job = self._job(request, pending)
        if job is not None and job.state != Job.State.DONE:
            return redirect(self._url("import_preview"))  # a job still runs on this file: follow it
        self._start_job(request, pending, import_jobs.APPLY,
                        _("Nhập tệp %(filename)s") % {"filename": pending.get("filename", "")})
        pending = request.session[self.session_key]
        job = self._job(request, pending)
        if job is not None and job.state != Job.State.QUEUED:  # a small file is done before the page answers
            return self._show(request, pending, job)
        return redirect(self._url("import_preview"))

    def _cancel(self, request):
        self._forget(request)
        messages.info(request, _("Đã bỏ tệp đang chờ nhập. Không có gì thay đổi."))
        return redirect(self._url("import_start"))
