"""Evidence before the figure (issue 12 item 4): the unit attaches a file to a criterion it has not saved yet; the
domain makes the criterion's empty entry with the file and its line in the log, or writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.scoring import test_views as pages
from tests.scoring.test_views import PDF, get, post, self_values, sheet_url, text
from thidua.clusters.domain.periods import advance_to, create_period
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.scoring.domain import sheets
from thidua.scoring.domain.evidence import attach_to_criterion
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import Evidence, ScoreEntry

year = pages.year  # the scoring pages' year: S1's cluster in 2026, three members, users of every kind

pytestmark = pytest.mark.django_db


def upload(client, user, y, criterion, name="bao-cao.pdf", content=PDF, key="ca"):
    return post(client, user, sheet_url(y, key), {"action": "evidence", "criterion": criterion.pk,
                                                  f"f{criterion.pk}-file": SimpleUploadedFile(name, content)})


def test_a_unit_attaches_evidence_before_its_first_save_then_saves_the_figure(client, year):
    y, u = year, year.users
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    page = text(get(client, u.ca, sheet_url(y)))  # the officer opens the sheet: nothing saved yet
    sheet = sheets.get_sheet(y.period, y.units["ca"])
    assert not ScoreEntry.objects.filter(sheet=sheet).exists()
    assert page.count('class="evidence-form') == 5  # every criterion that applies to Công an
    assert text(get(client, u.vks, sheet_url(y, "vks"))).count('class="evidence-form') == 4  # one excluded

    response = upload(client, u.ca, y, y.c["a"])
    assert response.status_code == 302
    entry = ScoreEntry.objects.get(sheet=sheet)
    assert (entry.criterion_id, entry.self_value, entry.self_points, entry.points) == (y.c["a"].pk, None, None, None)
    assert [e.original_name for e in Evidence.objects.filter(entry=entry)] == ["bao-cao.pdf"]
    assert Activity.objects.filter(summary__startswith="Tải minh chứng “bao-cao.pdf” cho tiêu chí 2").count() == 1
    page = text(get(client, u.ca, sheet_url(y)))
    assert "bao-cao.pdf" in page and page.count('class="evidence-form') == 5
    assert sheets.issues_before_submit(sheet)  # an empty entry is not a figure: the sheet cannot go yet

    # the figure comes after, into the same entry, and the sheet goes
    assert post(client, u.ca, sheet_url(y), {"action": "submit", **{
        f"value_{pk}": value for pk, (value, _comment) in self_values(y).items()}}).status_code == 302
    entry.refresh_from_db()
    assert entry.self_value == 1 and entry.self_points == 20
    assert ScoreEntry.objects.filter(sheet=sheet).count() == 5 and Evidence.objects.get().entry == entry
    sheet.refresh_from_db()
    assert sheet.state == "submitted"


def test_what_is_refused_writes_no_entry(client, year):
    y, u = year, year.users
    # before self-scoring: the phase refuses, and no empty entry is left behind
    sheets.get_sheet(y.period, y.units["ca"])
    response = upload(client, u.ca, y, y.c["a"])
    assert response.status_code == 200 and "chỉ làm được ở giai đoạn “Tự chấm điểm”" in text(response)
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    # a file that is not what its name says: refused with the form, nothing written
    response = upload(client, u.ca, y, y.c["a"], name="gia.pdf", content=b"<html></html>")
    assert response.status_code == 200 and "không phải tệp .pdf thật" in text(response)
    # no file chosen
    response = post(client, u.ca, sheet_url(y), {"action": "evidence", "criterion": y.c["a"].pk})
    assert response.status_code == 200 and "Chưa chọn tệp minh chứng." in text(response)
    # a criterion that does not apply to VKSND
    sheets.get_sheet(y.period, y.units["vks"])
    response = upload(client, u.vks, y, y.c["d"], key="vks")
    assert response.status_code == 200 and "Tiêu chí này không áp dụng cho Viện kiểm sát" in text(response)
    # another unit's officer, the head unit, a leader: not theirs to attach
    for user in (u.vks, u.head, u.ca_leader, u.outsider):
        assert upload(client, user, y, y.c["a"]).status_code == 403
    # a criterion of another year's table: not found
    other = create_period(y.period.cluster, 2027)
    foreign = sheets.add_criterion(sheets.ensure_criteria_set(other), "1", "Khác", T.PASS_FAIL, 10)
    assert upload(client, u.ca, y, foreign).status_code == 404
    assert not ScoreEntry.objects.exists() and not Evidence.objects.exists()


def test_the_domain_checks_before_it_makes_the_entry(year):
    y, u = year, year.users
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(y.period, y.units["ca"])
    with pytest.raises(PermissionDenied):
        attach_to_criterion(sheet, y.c["a"].pk, SimpleUploadedFile("a.pdf", PDF), actor=u.head)
    with pytest.raises(ValidationError):
        attach_to_criterion(sheet, y.c["a"].pk, SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), actor=u.ca)
    with pytest.raises(ValidationError, match="không có trong bảng tiêu chí"):
        attach_to_criterion(sheet, 999999, SimpleUploadedFile("a.pdf", PDF), actor=u.ca)
    assert not ScoreEntry.objects.exists()
    evidence = attach_to_criterion(sheet, y.c["b"].pk, SimpleUploadedFile("sang-kien.pdf", PDF), actor=u.ca)
    again = attach_to_criterion(sheet, y.c["b"].pk, SimpleUploadedFile("sang-kien-2.pdf", PDF), actor=u.ca)
    assert evidence.entry_id == again.entry_id and ScoreEntry.objects.count() == 1
