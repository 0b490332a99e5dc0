"""A long list's Excel export runs as a background job (issue 11 item 8): the page follows it, the file is its
owner's only, the rows are the same as the page's filter gives."""

import io

import pytest
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.core import export
from thidua.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_long_list_is_exported_by_the_worker_and_offered_to_its_owner_only(client, s1, make_user, monkeypatch):
    monkeypatch.setattr(export, "INLINE_ROWS", 3)
    organiser = make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"]))
    client.force_login(organiser)
    inline = client.get("/don-vi/", {"export": "xlsx", "q": "Công an tỉnh Lạng Sơn"})  # a short list: at once
    assert inline["Content-Type"] == export.XLSX_TYPE
    response = client.get("/don-vi/", {"export": "xlsx"})
    assert response.status_code == 302
    job = Job.objects.get(owner=organiser)
    assert response.url == f"/cong-viec/{job.pk}/" and job.state == Job.State.DONE
    page = client.get(response.url).content.decode()
    assert 'id="job-download"' in page and "don-vi.xlsx" in page
    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    names = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    listed = client.get("/don-vi/", {"per_page": 500}).context["table"]
    assert len(names) == len(listed.rows) > 3
    assert job.total == len(names)
    other = make_user("vks", (Role.UNIT_OFFICER, s1["units"]["vks"]))
    client.force_login(other)
    assert client.get(f"/cong-viec/{job.pk}/").status_code == 404
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404


def test_the_worker_exports_only_what_the_owner_may_see(client, s1, make_user, monkeypatch):
    monkeypatch.setattr(export, "INLINE_ROWS", 0)
    officer = make_user("vks", (Role.UNIT_OFFICER, s1["units"]["vks"]))
    client.force_login(officer)
    response = client.get("/ca-nhan/", {"export": "xlsx"})
    job = Job.objects.get(owner=officer)
    assert response.status_code == 302 and job.state == Job.State.DONE
    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    seen = client.get("/ca-nhan/", {"per_page": 500}).context["table"]
    assert workbook.active.max_row - 1 == len(seen.rows)  # the officer's own unit's people, no one else
