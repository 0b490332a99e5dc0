"""Long work off the web request: a job (core.models.Job) run by the background worker (django-tasks with its
database backend; `thidua db_worker`, which `make run` starts beside the web server).

An app registers what a kind of job does (`@handler("kind")`: a function of the job and a `Progress` that returns
what the job's page needs, a dict kept as `Job.outcome`); `start` records the job and queues it. The worker runs
`run_job`: it marks the job running, calls the handler, and records the outcome, or the failure's message — a
`JobFailed` raised by the handler is a refusal the user reads (a file that cannot be imported), anything else
is recorded as an unexpected error. Every progress report moves the job's heartbeat: a running job whose
heartbeat stopped for STALLED_AFTER was killed with its worker (a restart, the machine's memory), and its page
offers to start it again (`restart`). This module imports no other app."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from thidua.core.models import Job

logger = logging.getLogger(__name__)
STALLED_AFTER = dt.timedelta(seconds=60)
REPORT_EVERY = 0.5  # seconds between two progress writes
MAX_ATTEMPTS = 5

_handlers: dict[str, Callable[[Job, Progress], dict]] = {}


class JobFailed(Exception):
    """A refusal the user reads on the job's page (not a crash): the handler's reason, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def handler(kind: str):
    def register(function: Callable[[Job, Progress], dict]):
        _handlers[kind] = function
        return function

    return register


class Progress:
    """Reports how far a job has come: `progress(done, total)`; writes at most every REPORT_EVERY seconds."""

    def __init__(self, job: Job):
        self.job, self.last = job, 0.0

    def __call__(self, done: int, total: int | None = None, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < REPORT_EVERY:
            return
        self.last = now
        self.job.done, self.job.total = done, total if total is not None else self.job.total
        Job.objects.filter(pk=self.job.pk).update(done=done, total=self.job.total, heartbeat=timezone.now())


def start(kind: str, owner, label: str, payload: dict) -> Job:
    """Record a job and queue it for the worker."""
    if kind not in _handlers:
        raise KeyError(kind)
    job = Job.objects.create(kind=kind, owner=owner, label=label[:300], payload=payload)
    _queue(job)
    return job


def _queue(job: Job) -> None:
    # The task's row is written in the same transaction as the job's: a worker sees both or neither. (The
    # immediate backend of the tests runs the job here and now.)
    run_job.enqueue(str(job.pk))


def is_stalled(job: Job) -> bool:
    """A running job whose worker stopped reporting: killed, or lost with a restart."""
    return (job.state == Job.State.RUNNING and job.heartbeat is not None
            and timezone.now() - job.heartbeat > STALLED_AFTER)


def may_restart(job: Job) -> bool:
    """A job killed with its worker, or ended by an unexpected error, may be started again (up to MAX_ATTEMPTS)."""
    return (job.state == Job.State.FAILED or is_stalled(job)) and job.attempts < MAX_ATTEMPTS


@transaction.atomic
def restart(job: Job) -> Job:
    """Start again a job that failed or was killed (from its page)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not may_restart(job):
        raise JobFailed(_("Công việc này không chạy lại được."))
    job.state, job.done, job.message, job.outcome, job.heartbeat = Job.State.QUEUED, 0, "", {}, None
    job.save(update_fields=["state", "done", "message", "outcome", "heartbeat"])
    _queue(job)
    return job


@task()
def run_job(job_id: str) -> None:
    """The worker's side: run one job through its kind's handler, recording how it ended."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return  # gone, or already taken (a job queued twice runs once)
        job.state, job.attempts, job.heartbeat = Job.State.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["state", "attempts", "heartbeat"])
    try:
        outcome = _handlers[job.kind](job, Progress(job))
    except JobFailed as refused:
        _finish(job, Job.State.FAILED, message=refused.message, outcome={"refused": True})
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, message=_("Lỗi ngoài dự kiến khi xử lý; đã ghi vào nhật ký máy chủ. Hãy thử "
                                                 "lại; nếu vẫn lỗi, báo cán bộ quản trị."))
    else:
        _finish(job, Job.State.DONE, outcome=outcome or {})


def _finish(job: Job, state: str, message: str = "", outcome: dict | None = None) -> None:
    Job.objects.filter(pk=job.pk).update(state=state, message=message, outcome=outcome or {},
                                         heartbeat=timezone.now())
    job.state, job.message, job.outcome = state, message, outcome or {}


def is_waiting_long(job: Job) -> bool:
    """Queued for longer than a worker takes to pick a job up: the worker may not be running."""
    return job.state == Job.State.QUEUED and timezone.now() - job.created_at > STALLED_AFTER
