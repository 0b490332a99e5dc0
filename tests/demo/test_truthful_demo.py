"""A demo that tells the truth (issue 12, item 6): every event on the scenario's day, "0 đồng" only for cash of
zero, a figure the same on a page and in its Excel, an action offered only when it can be done, the illustrative
note shown on pages and outside a paper's body, and S1's year in progress at the phase of a fixed day."""

import datetime as dt
import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import AwardRecord
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.core.models import Activity
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant, Registration
from thidua.scoring.enums import SheetState
from thidua.voting.domain.dates import meeting_day
from thidua.voting.domain.sessions import pending_results
from thidua.voting.models import Nomination

pytestmark = pytest.mark.django_db

D = dt.date


def local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def test_the_2023_year_carries_the_days_it_happened(s1_year):
    year = s1_year["year_2023"]
    period = year["period"]
    # every sheet submitted in November and locked in December 2023, not on the day the demo loaded
    for sheet in period.score_sheets.all():
        assert sheet.state == SheetState.LOCKED
        assert local_day(sheet.locked_at) == D(2023, 12, 27)
        assert local_day(sheet.submitted_at) == D(2023, 11, 24)
    # the covenant opened before its signatures, and signed by all on the day of the last one
    covenant = Covenant.objects.get(pk=year["covenant"].pk)
    first_signature = min(covenant.signatures.values_list("signed_on", flat=True))
    assert local_day(covenant.opened_at) <= first_signature == D(2023, 2, 15)
    assert local_day(covenant.signed_at) == D(2023, 2, 15)
    assert {local_day(r.submitted_at) for r in Registration.objects.filter(period=period)} == {D(2023, 2, 10)}
    # the ballot: counted at the conference, its minutes dated on the session's (the conference's) day
    session = year["vote"]["session"]
    session.refresh_from_db()
    assert meeting_day(session) == year["conference"].held_on == D(2024, 1, 9)
    assert local_day(session.opened_at) == local_day(session.tallied_at) == D(2024, 1, 9)
    # the 2024 covenant of the conference: opened and signed on 09/01/2024
    covenant_2024 = Covenant.objects.get(pk=year["covenant_2024"].pk)
    assert local_day(covenant_2024.opened_at) == local_day(covenant_2024.signed_at) == D(2024, 1, 9)
    # the log says the same: the locks and the count are entries of their day
    locks = Activity.objects.filter(summary__icontains="khóa", at__year=2023)
    assert locks.exists() and not Activity.objects.filter(summary__icontains="khóa phiếu",
                                                          at__year=timezone.localdate().year).exists()
    assert Activity.objects.filter(summary__startswith="Kiểm phiếu vòng 1", at__date=D(2024, 1, 9)).exists()
    # and nothing of S1's timeline is dated after the conference: not the phases, the members, the leaders, the
    # movement, the covenant, the ballot's questions, the conference or the results applied
    timeline = Activity.objects.filter(scope=period.cluster.scope)
    assert timeline.count() > 50
    assert not timeline.filter(at__date__gt=D(2024, 1, 9)).exists()
    assert timeline.filter(summary="Năm 2023: Chấm chéo → Tổng hợp, xếp hạng", at__date=D(2023, 12, 28)).exists()


def test_s2_and_s3_covenants_open_before_their_signatures(db):
    from thidua.demo.scenarios import load_s2, load_s3

    s2, s3 = load_s2(), load_s3()
    # their timelines end with the reported conferences (5/3/2024, 14/10/2022), not on the day of loading
    for cluster, last in ((s2["cluster"], D(2024, 12, 31)), (s3["cluster"], D(2022, 10, 14))):
        dates = Activity.objects.filter(scope=cluster.scope).values_list("at", flat=True)
        assert dates and max(local_day(d) for d in dates) <= last
    for covenant in Covenant.objects.all():
        days = list(covenant.signatures.values_list("signed_on", flat=True))
        assert days and local_day(covenant.opened_at) <= min(days)
        assert covenant.state == CovenantState.SIGNED and local_day(covenant.signed_at) == max(days)


def test_cash_not_recorded_is_not_zero(s1_year, make_user, client):
    person_id = AwardRecord.objects.filter(person__isnull=False).values_list("person_id", flat=True).first()
    records = AwardRecord.objects.filter(person_id=person_id)
    assert not records.exclude(cash_amount=None).exists()  # the demo's records carry no amount
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    url = reverse("awards:person_history", args=[person_id])
    cash = re.search(r'id="cash-total">(.*?)</div>', client.get(url).content.decode(), re.S).group(1)
    assert "chưa ghi số tiền" in cash and "0 đồng" not in cash
    # a recorded 0 is "0 đồng"; the records without an amount are counted apart
    first = records.order_by("pk").first()
    AwardRecord.objects.filter(pk=first.pk).update(cash_amount=0)
    cash = re.search(r'id="cash-total">(.*?)</div>', client.get(url).content.decode(), re.S).group(1)
    assert cash.startswith("0 đồng")
    assert ("chưa ghi số tiền" in cash) == (records.count() > 1)


def test_a_proposal_without_amounts_says_so_not_zero():
    from thidua.dossiers.documents import _money_total

    assert _money_total(0, known=0) == "chưa ghi số tiền"
    assert _money_total(0, known=2) == "0"
    assert _money_total(4_680_000, known=2) == "4.680.000"


def test_the_ranking_excel_shows_a_penalty_as_the_page_does(s1_year, make_user, client):
    period, units = s1_year["year_2023"]["period"], s1_year["units"]
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])))
    html = client.get(reverse("scoring:ranking", args=[period.pk])).content.decode()
    row = re.search(rf'<tr data-unit="{units["ca"].pk}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    page_penalty = cells[4]  # Hạng, Đơn vị, Điểm tiêu chí, Thưởng, Trừ
    assert page_penalty == "1"  # Công an tỉnh deducted 1 point (criterion 5)
    response = client.get(reverse("scoring:ranking_xlsx", args=[period.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Hạng")
    col = {h: i for i, h in enumerate(rows[header_at])}
    ca_row = next(r for r in rows[header_at + 1:] if r[1] == units["ca"].name)
    assert ca_row[col["Điểm trừ"]] == 1
    assert ca_row[col["Tổng điểm"]] == ca_row[col["Điểm các tiêu chí"]] + ca_row[col["Điểm thưởng"]] - 1


def test_apply_results_is_not_offered_once_applied(s1_year, make_user, client):
    year = s1_year["year_2023"]
    session = year["vote"]["session"]
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, s1_year["units"]["tand"])))
    url = reverse("voting:results", args=[session.pk])
    html = client.get(url).content.decode()
    assert pending_results(session) == []
    assert 'id="apply-results"' not in html and 'id="results-applied"' in html
    assert 'id="proposal-from-ballot"' in html
    # a POST anyway writes nothing and says why
    before = Nomination.objects.count(), Activity.objects.count()
    response = client.post(reverse("voting:apply", args=[session.pk]), follow=True)
    assert "Kết quả đã được áp dụng" in response.content.decode()
    assert (Nomination.objects.count(), Activity.objects.count()) == before
    # a nomination removed: the result is pending again and the action is offered
    Nomination.objects.filter(period=year["period"], unit=s1_year["units"]["tand"]).delete()
    assert pending_results(session) == ["Suy tôn đơn vị dẫn đầu đề nghị tặng Cờ thi đua: Tòa án nhân dân tỉnh Lạng Sơn"]
    html = client.get(url).content.decode()
    assert 'id="apply-results"' in html
    # and the proposal from the ballot waits for it, rather than refusing after the click
    assert 'id="proposal-waits"' in html and 'id="proposal-from-ballot"' not in html


def test_the_illustrative_note_on_a_page_and_outside_the_papers_body(s1_year, make_user, client, tmp_path):
    period, units = s1_year["year_2023"]["period"], s1_year["units"]
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])))
    html = client.get(reverse("movements:covenant", args=[period.pk])).content.decode()
    assert 'id="illustrative-note"' in html and "Minh họa: báo cáo không nêu chi tiết này." in html
    text = " ".join(pdf_text(client.get(reverse("movements:covenant_pdf", args=[period.pk])).content,
                             tmp_path).split())
    body = text[:text.index("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC")]
    assert "MINH HỌA" in text  # the paper's mark
    assert "Dữ liệu minh họa của bản trình diễn, không phải văn bản thật" in text  # its footer note
    assert "Minh họa: báo cáo không nêu" not in body.split("MINH HỌA", 1)[-1].split("Dữ liệu minh họa")[0]
    # the award records the report gives only as totals: the person's history says they are illustrative
    person_id = AwardRecord.objects.filter(person__isnull=False).values_list("person_id", flat=True).first()
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    html = client.get(reverse("awards:person_history", args=[person_id])).content.decode()
    assert 'id="illustrative-note"' in html and "báo cáo chỉ nêu tổng số lượt khen thưởng" in html


def test_the_scale_and_the_ballot_papers_cite_their_regulation_without_the_note(s1_year, make_user, client,
                                                                                 tmp_path):
    year, units = s1_year["year_2023"], s1_year["units"]
    period, session = year["period"], year["vote"]["session"]
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])))
    for url in (reverse("scoring:criteria", args=[period.pk]), reverse("voting:results", args=[session.pk]),
                reverse("screens:period_year", args=[period.pk])):
        assert 'id="illustrative-note"' in client.get(url).content.decode(), url
    for url, cited in ((reverse("scoring:ranking_pdf", args=[period.pk]), "Căn cứ: Thang điểm 100."),
                       (reverse("voting:minutes_count_pdf", args=[session.pk]),
                        "Căn cứ: Tỷ lệ > 50% tổng số đơn vị thành viên.")):
        text = " ".join(pdf_text(client.get(url).content, tmp_path).split())
        assert cited in text and "MINH HỌA" in text, url
        assert "Dữ liệu minh họa của bản trình diễn, không phải văn bản thật: Minh họa: báo cáo không nêu" in text
        assert "— Minh họa" not in text, url  # never after the citation in the body


def test_illustrative_marks_are_read_from_the_records_text():
    from thidua.core import illustrative

    assert illustrative.split_text("Thang điểm 100 — Minh họa: báo cáo không nêu chi tiết này.") == (
        "Thang điểm 100", ["Minh họa: báo cáo không nêu chi tiết này."])
    assert illustrative.split_text("Quy chế số 01/QC") == ("Quy chế số 01/QC", [])
    assert illustrative.paper_mark("DỰ THẢO", True) == "DỰ THẢO · MINH HỌA"
    assert illustrative.paper_mark("", False) == "" and illustrative.footer_note([]) == ""
    assert illustrative.notes(["", None, "Dữ liệu minh họa (tỉnh tổng hợp)", "Quy chế", "Dữ liệu minh họa (tỉnh tổng hợp)"]) \
        == ["Dữ liệu minh họa (tỉnh tổng hợp)"]


def test_no_illustrative_note_for_a_real_record(s1, make_user, client):
    from thidua.movements.domain import covenants

    period = s1["cluster"].periods.get(year=2023)
    covenants.draft_covenant(period, "Giao ước thi đua năm 2023", ["Nội dung"], preamble="Căn cứ Quy chế.")
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    html = client.get(reverse("movements:covenant", args=[period.pk])).content.decode()
    assert 'id="illustrative-note"' not in html


@pytest.mark.parametrize(("today", "phase"), [
    (D(2026, 12, 7), Phase.SCORING), (D(2026, 12, 20), Phase.APPRAISAL), (D(2026, 1, 20), Phase.REGISTRATION),
    (D(2026, 6, 1), Phase.IN_PROGRESS)])
def test_the_year_in_progress_at_the_phase_of_the_day(s1_year, today, phase):
    from thidua.demo import s1_current

    period = s1_current.load(s1_year, today)
    assert period.year == today.year and period.phase == phase
    assert s1_current.load(s1_year, today).pk == period.pk  # loaded once
    assert period.leadership_terms.get(role=LeadershipRole.HEAD).unit == s1_year["units"]["tand"]
    assert period.cluster.periods.get(year=2025).phase == Phase.CLOSED
    covenant = Covenant.objects.get(period=period)
    assert "Minh họa" in covenant.preamble
    # no step dated after the day
    assert local_day(covenant.opened_at) <= today
    assert all(local_day(r.submitted_at) <= today for r in Registration.objects.filter(period=period))
    assert all(local_day(s.submitted_at) <= today for s in period.score_sheets.exclude(submitted_at=None))
    assert not Activity.objects.filter(scope=period.cluster.scope, at__date__gt=today).exists()
    signed = covenant.signatures.count()
    if phase == Phase.REGISTRATION:  # work left: three members to register and sign
        assert covenant.state == CovenantState.OPEN and signed == 4
        assert Registration.objects.filter(period=period).count() == 4
        return
    assert covenant.state == CovenantState.SIGNED and signed == 7
    states = dict(period.score_sheets.values_list("unit__code", "state"))
    if phase == Phase.SCORING:  # Công an has a draft, VKSND has not started, the others have sent theirs
        assert states.pop("ls-ca") == SheetState.DRAFT and "ls-vks" not in states
        assert set(states.values()) == {SheetState.SUBMITTED}
    if phase == Phase.APPRAISAL:  # Công an tỉnh is asked to explain an appraisal
        assert states["ls-ca"] == SheetState.APPRAISED and states["ls-tand"] == SheetState.SUBMITTED


def test_loading_the_synthetic_province_again_adds_nobody_twice(db):
    from thidua.demo import synthetic
    from thidua.orgs.models import Person

    # 22 people over 4 units: 5 each, 20 in all — fewer than asked, which made a second load add them again with
    # the same staff codes (as 20.000 over 300 units did on a second `make run`)
    first = synthetic.load(clusters=2, units_per_cluster=2, people=22)
    count = Person.objects.filter(unit__in=first["units"]).count()
    assert count == 20
    synthetic.load(clusters=2, units_per_cluster=2, people=22)
    assert Person.objects.filter(unit__in=first["units"]).count() == count
