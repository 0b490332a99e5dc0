"""An import's long steps as background jobs (core/jobs.py): reading and checking every row of an uploaded file
("import-read", its rows kept beside the file for the preview and the error list), and writing them
("import-apply": the file checked again against today's data, then all rows or none). The importer travels as
its class's dotted path; importers hold no state."""

from django.db import IntegrityError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from thidua.core import importing, jobs
from thidua.core.importing import ImportRejected
from thidua.core.models import Job

READ, APPLY = "import-read", "import-apply"


def importer_path(importer) -> str:
    return f"{type(importer).__module__}.{type(importer).__qualname__}"


def _importer(job: Job):
    return import_string(job.payload["importer"])()


@jobs.handler(READ)
def read_file(job: Job, progress: jobs.Progress) -> dict:
    path = importing.stored_path(job.payload["token"])
    if path is None:
        raise jobs.JobFailed(_("Tệp tải lên không còn trên máy chủ (đã quá 24 giờ hoặc đã bị bỏ). Hãy tải lên lại."))
    try:
        result = _importer(job).read(path, job.owner, job.payload.get("filename", ""), progress=progress)
    except ImportRejected as refused:
        raise jobs.JobFailed(refused.message) from refused
    importing.store_result(job.payload["token"], result)
    return {"rows": len(result.rows), "errors": len(result.errors)}


@jobs.handler(APPLY)
def apply_file(job: Job, progress: jobs.Progress) -> dict:
    token = job.payload["token"]
    path = importing.claim(token)
    if path is None:
        raise jobs.JobFailed(_("Tệp này đang được nhập hoặc đã được nhập rồi. Không có gì thay đổi."))
    importer = _importer(job)
    try:
        result = importer.read(path, job.owner, job.payload.get("filename", ""), progress=progress)
    except ImportRejected as refused:
        importing.release(token)
        raise jobs.JobFailed(refused.message) from refused
    if not result.ok:  # today's data refuses rows the preview accepted: show the file checked again
        importing.release(token)
        importing.store_result(token, result)
        return {"changed": True}
    try:
        count = importer.apply(result, job.owner)
    except IntegrityError as clash:
        importing.release(token)
        raise jobs.JobFailed(_("Dữ liệu vừa được người khác thay đổi nên không nhập dòng nào. Hãy xem trước lại.")) \
            from clash
    importing.discard(token)
    return {"count": count, "filename": result.filename, "url": importer.done_url(result)}
