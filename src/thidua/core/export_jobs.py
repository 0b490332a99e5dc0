"""A long list's Excel export as a background job (core/jobs.py): the worker runs the list's own view with the
same address (filters, sorting) for the same user — so the same permissions and the same rows — and keeps the
workbook for its page to offer (core/job_views.py)."""

from pathlib import Path

from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from thidua.core import export, jobs
from thidua.core.models import Job


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def exported_file(job: Job) -> Path | None:
    path = export_dir() / f"{job.pk}.xlsx"
    return path if job.state == Job.State.DONE and path.exists() else None


@jobs.handler(export.EXPORT_JOB)
def export_list(job: Job, progress: jobs.Progress) -> dict:
    request = RequestFactory().get(job.payload["path"])
    request.user = job.owner
    request.htmx = HtmxDetails(request)
    request.in_background = True  # table_response writes the file here instead of queueing another job
    match = resolve(request.path_info)
    token = export.progress.set(progress)
    try:
        with translation.override(job.payload.get("language", settings.LANGUAGE_CODE)):
            response = match.func(request, *match.args, **match.kwargs)
    finally:
        export.progress.reset(token)
    if response.status_code != 200 or response.get("Content-Type") != export.XLSX_TYPE:
        raise jobs.JobFailed(_("Không xuất được danh sách này (trang trả lời mã %(code)s). Hãy mở lại danh sách "
                               "rồi xuất lại.") % {"code": response.status_code})
    target = export_dir() / f"{job.pk}.xlsx"
    target.write_bytes(response.content)
    return {"filename": job.payload["filename"], "bytes": len(response.content)}
