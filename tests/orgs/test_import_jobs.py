"""An import's reading and writing run as background jobs (issue 11 item 8): the page follows the job's
progress, a job killed half-way is started again from the page, the file is parsed once for the preview and
the error list; the database backend and its worker run a queued job."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.orgs.test_import import PEOPLE_HEADERS, person_row, upload, xlsx
from thidua.accounts.models import Role
from thidua.core import importing, jobs
from thidua.core.models import Job
from thidua.orgs.interfaces import importers
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db
PREVIEW = "orgs:import_preview"


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ca_officer(s1, make_user):
    return make_user("canbo.ca", (Role.UNIT_OFFICER, s1["units"]["ca"]))


def pending_job(client) -> Job:
    return Job.objects.get(pk=next(v for k, v in client.session.items() if "import" in k)["job"])


def test_the_file_is_parsed_once_for_the_preview_and_the_error_list(ca_officer, client_for, monkeypatch):
    client = client_for(ca_officer)
    reads = []
    original = importing.read_sheet
    monkeypatch.setattr(importing, "read_sheet", lambda *a, **k: reads.append(k.get("limit")) or original(*a, **k))
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1), person_row(2, birth="31/02/1990")]))
    for _ in range(3):
        assert "31/02/1990" in client.get(reverse(PREVIEW)).content.decode()
    assert client.get(reverse("orgs:import_errors")).status_code == 200
    assert reads == [1, None]  # the quick check of the upload (one row), then one full reading by the job


def test_the_page_follows_a_job_while_it_runs(ca_officer, client_for, monkeypatch):
    client = client_for(ca_officer)
    # A worker that has not yet taken the job: the job stays queued.
    monkeypatch.setattr(jobs, "_queue", lambda job: None)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)]))
    job = pending_job(client)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, done=400, total=1000, heartbeat=timezone.now())
    body = client.get(reverse(PREVIEW)).content.decode()
    assert 'id="job-bar"' in body and 'value="400" max="1000"' in body and "Đã xong 40%" in body
    assert 'hx-trigger="every 1s"' in body
    fragment = client.get(reverse(PREVIEW), HTTP_HX_REQUEST="true")
    assert 'id="job-progress"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)  # the worker ends it: the page reloads whole
    assert client.get(reverse(PREVIEW), HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_job_killed_half_way_is_started_again_from_the_page(ca_officer, client_for, monkeypatch):
    client = client_for(ca_officer)
    monkeypatch.setattr(jobs, "_queue", lambda job: None)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1), person_row(2)]))
    job = pending_job(client)
    # The worker took it, reported some progress, and died with it: no heartbeat for two minutes.
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, attempts=1, done=1,
                                         heartbeat=timezone.now() - dt.timedelta(minutes=2))
    body = client.get(reverse(PREVIEW)).content.decode()
    assert "bị dừng giữa chừng" in body and 'id="job-retry"' in body
    monkeypatch.undo()  # the worker is back
    response = client.post(reverse(PREVIEW), {"action": "retry"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2
    body = client.get(reverse(PREVIEW)).content.decode()
    assert "Xác nhận nhập 2 dòng" in body


def test_an_unexpected_error_is_told_plainly_and_may_be_retried(ca_officer, client_for, monkeypatch):
    client = client_for(ca_officer)

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(importers.PeopleImporter, "read", broken)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)]))
    body = client.get(reverse(PREVIEW)).content.decode()
    assert "Lỗi ngoài dự kiến" in body and 'id="job-retry"' in body
    assert Person.objects.filter(staff_code="NK-00001").count() == 0


def test_progress_is_reported_while_a_long_file_is_read(ca_officer, client_for, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 10)
    reports = []
    original = jobs.Progress.__call__
    monkeypatch.setattr(jobs.Progress, "__call__",
                        lambda self, done, total=None, force=False: reports.append((done, total))
                        or original(self, done, total, True))
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(i) for i in range(1, 61)]))
    assert len(reports) >= 6 and all(total == 2 * 61 for _done, total in reports)
    assert [done for done, _total in reports] == sorted(done for done, _total in reports)
    job = pending_job(client)
    assert job.total == 122 and job.state == Job.State.DONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_backend_queues_the_job_and_the_worker_runs_it(ca_officer, client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)]))
    job = pending_job(client)
    assert job.state == Job.State.QUEUED
    assert "Đang chờ máy chủ bắt đầu xử lý" in client.get(reverse(PREVIEW)).content.decode()
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.outcome == {"rows": 1, "errors": 0}
    assert "Xác nhận nhập 1 dòng" in client.get(reverse(PREVIEW)).content.decode()
