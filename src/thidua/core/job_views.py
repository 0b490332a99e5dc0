"""A background job's page for its owner: progress while it runs, the file once an export is written, "Thử lại"
for a job that stopped. Nobody else's jobs: another user gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.core import export, jobs
from thidua.core.export_jobs import exported_file
from thidua.core.models import Job


def _own_job(request, pk) -> Job:
    return get_object_or_404(Job, pk=pk, owner=request.user)


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)
    if request.method == "POST" and request.POST.get("action") == "retry":
        try:
            jobs.restart(job)
        except jobs.JobFailed as refused:
            messages.error(request, refused.message)
        return redirect("job_detail", pk=job.pk)
    stalled = jobs.is_stalled(job)
    running = job.state in (Job.State.QUEUED, Job.State.RUNNING) and not stalled
    if request.htmx and not running:
        return HttpResponse(headers={"HX-Refresh": "true"})
    back = job.payload.get("path", "").split("?")[0]
    context = {
        "job": job, "running": running, "stalled": stalled, "may_retry": jobs.may_restart(job),
        "percent": (100 * job.done // job.total) if job.total else 0,
        "waited_long": jobs.is_waiting_long(job), "running_text": _("Đang ghi tệp Excel…"),
        "back_url": back or None, "file": exported_file(job) if job.kind == export.EXPORT_JOB else None,
    }
    return render(request, "core/_job_progress.html" if request.htmx else "core/job_progress.html", context)


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    path = exported_file(job) if job.kind == export.EXPORT_JOB else None
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.payload.get("filename", path.name),
                        content_type=export.XLSX_TYPE)
