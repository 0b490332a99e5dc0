"""The year-end report of a cluster invented here (not the demo's): a few members, a ranking, a vote, award
records, a mid-year conference and next year's head and deputy. The documents are read back (python-docx,
pdftotext); the narrative is saved, shown and printed; a stale save is refused with nothing written; bad input
changes nothing; who may read and who may write; the queries do not grow with the members."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.dossiers.test_from_ballot import invented_ballot
from tests.reports.test_year_report_s1 import _table, docx_tables, pdf_text
from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import Conference
from thidua.reports.documents import year_report_docx_bytes, year_report_pdf_bytes
from thidua.reports.domain.year_report import gather, narrative_version, save_narrative
from thidua.reports.models import YearReport
from thidua.scoring.models import CriteriaSet, Criterion, ScoreEntry, ScoreSheet

pytestmark = pytest.mark.django_db


def _ranking(period, points: dict) -> None:
    """One criterion of 100 points; each member's sheet locked with its points (unit → points)."""
    criteria_set = CriteriaSet.objects.get_or_create(period=period)[0]
    criterion = Criterion.objects.create(criteria_set=criteria_set, order=1, code="1", name="Thực hiện nhiệm vụ",
                                         type="pass_fail", max_points=100)
    now = timezone.now()
    for unit, value in points.items():
        sheet = ScoreSheet.objects.create(period=period, unit=unit, state="locked", locked_at=now)
        ScoreEntry.objects.create(sheet=sheet, criterion=criterion, self_points=value, final_points=value)


def _records(period, unit, person, collective: int, individual: int, direct: int) -> None:
    award = Award.objects.get(code="bk-tinh")
    rows = [AwardRecord(award=award, subject="collective", unit=unit, recipient_name=f"Phòng {i}", year=period.year,
                        level="local", decision_number=f"{i}/QĐ", decision_date=dt.date(period.year, 12, 1),
                        signed_by="Chủ tịch") for i in range(collective)]
    rows += [AwardRecord(award=award, subject="individual", unit=person.unit, person=person,
                         recipient_name=person.full_name, year=period.year, level="local",
                         decision_number=f"{100 + i}/QĐ", decision_date=dt.date(period.year, 12, 1),
                         signed_by="Chủ tịch", direct_worker=i < direct) for i in range(individual)]
    AwardRecord.objects.bulk_create(rows)


@pytest.fixture
def year(db):
    ballot = invented_ballot("r", merit=2)
    period, head, flag_unit = ballot["period"], ballot["head"], ballot["flag_unit"]
    m1, m2 = ballot["merit_units"]
    _ranking(period, {head: Decimal("91.5"), flag_unit: Decimal("97.25"), ballot["person_unit"]: Decimal(80),
                      m1: Decimal(88), m2: Decimal(70)})
    _records(period, head, ballot["person"], collective=1_203, individual=40, direct=30)
    Conference.objects.create(period=period, kind=ConferenceKind.MID_YEAR, title="Hội nghị sơ kết 6 tháng đầu năm 2024",
                              held_on=dt.date(2024, 7, 12), place="Hội trường Sở Y tế r")
    following = create_period(ballot["cluster"], 2025)
    add_members(following, [head, flag_unit, m1])
    set_leader(following, "head", m1)
    set_leader(following, "deputy", head)
    return {**ballot, "following": following}


def test_the_documents_read_back_the_records(year):
    period = year["period"]
    _name, content = year_report_docx_bytes(period)
    text, tables = docx_tables(content)
    ranking = _table(tables, "Hạng")
    assert [row[1] for row in ranking[1:]] == [
        "Sở Giáo dục và Đào tạo r", "Sở Y tế r", "Bệnh viện số 0 r", "Sở Văn hóa r", "Bệnh viện số 1 r"]
    assert ranking[1][5] == "97,25" and ranking[2][5] == "91,50"
    nominations = _table(tables, "STT")
    assert nominations[1][1:4] == ["Sở Giáo dục và Đào tạo r", "Cờ thi đua của bộ, ban, ngành, tỉnh", f"{year['voters']}/5"]
    assert any(row[1].startswith("Nguyễn Thị Thử r (Sở Văn hóa r)") and row[3] == "4/5" for row in nominations)
    figures = _table(tables, "Khen thưởng (lượt)")
    assert figures[1][-1] == "1.203" and figures[2][-1] == "40" and figures[3][-1] == "1.243"
    assert "chiếm 75,0% số lượt khen thưởng cá nhân" in text
    assert "Sơ kết 6 tháng: Hội nghị sơ kết 6 tháng đầu năm 2024, ngày 12/07/2024" in text
    assert "Khối trưởng năm 2025: Bệnh viện số 0 r" in text and "Khối phó năm 2025: Sở Y tế r" in text
    assert "Khối trưởng năm 2024: Sở Y tế r" in text
    assert "DỰ THẢO" in text and "MINH HỌA" not in text  # nothing here is the demo's
    pdf = pdf_text(year_report_pdf_bytes(period)[1])
    assert "1 Sở Giáo dục và Đào tạo r" in pdf and "97,25" in pdf
    assert "1.203" in pdf and "1.243" in pdf and "75,0%" in pdf
    assert "Khối trưởng năm 2025: Bệnh viện số 0 r" in pdf


def test_no_head_elected_for_next_year_says_so(year):
    year["following"].leadership_terms.all().delete()
    data = gather(year["period"])
    assert data.next_head is None and data.next_leaders_line == "Chưa bầu, chưa phân công khối trưởng, khối phó năm 2025."
    text, _tables = docx_tables(year_report_docx_bytes(year["period"])[1])
    assert "Chưa bầu, chưa phân công khối trưởng, khối phó năm 2025." in text


def test_narrative_saved_shown_and_printed(client, year, make_user):
    period = year["period"]
    staff = make_user("truong-khoi", (Role.HEAD_STAFF, year["head"]))
    client.force_login(staff)
    url = reverse("reports:year_report", args=[period.pk])
    page = client.get(url)
    version = page.context["form"]["version"].value()
    assert version == versions.NOTHING_YET
    posted = {"version": version, "situation": "Năm 2024 nhiều khó khăn.\r\nCác đơn vị vượt qua.",
              "results": "Dẫn đầu: Sở Giáo dục và Đào tạo r.", "limitations": "Còn chậm gửi hồ sơ.",
              "lessons": "Phối hợp sớm.", "directions": "Phát động thi đua năm 2025.", "proposals": "Không."}
    response = client.post(url, posted)
    assert response.status_code == 302
    report = YearReport.objects.get(period=period)
    assert report.sections["situation"] == "Năm 2024 nhiều khó khăn.\nCác đơn vị vượt qua."
    assert report.updated_by == staff
    entry = Activity.objects.filter(scope=period.cluster.scope, target_id=report.pk,
                                    target_type=ContentType.objects.get_for_model(YearReport)).get()
    assert {c["field"] for c in entry.changes} >= {"Đặc điểm tình hình", "Phương hướng, nhiệm vụ năm 2025"}
    page = client.get(url).content.decode()
    assert "Các đơn vị vượt qua." in page and 'id="unfinished"' not in page
    text, _tables = docx_tables(year_report_docx_bytes(period)[1])
    assert "Năm 2024 nhiều khó khăn. Các đơn vị vượt qua." in text and "Phối hợp sớm." in text
    assert "DỰ THẢO" not in text
    pdf = pdf_text(year_report_pdf_bytes(period)[1])
    assert "Dẫn đầu: Sở Giáo dục và Đào tạo r." in pdf and "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025" in pdf
    # a member's staff reads it and has no box
    client.force_login(make_user("can-bo-sgd", (Role.UNIT_OFFICER, year["flag_unit"])))
    page = client.get(url)
    assert page.context["form"] is None and "Còn chậm gửi hồ sơ." in page.content.decode()


def test_a_stale_save_is_refused_with_nothing_written(client, year, make_user):
    period = year["period"]
    client.force_login(make_user("so-noi-vu", (Role.ORGANISER_STAFF, year["organiser"])))
    url = reverse("reports:year_report", args=[period.pk])
    loaded = client.get(url).context["form"]["version"].value()
    save_narrative(period, {"situation": "Bản của người khác."}, loaded_version=None)
    response = client.post(url, {"version": loaded, "situation": "Bản của tôi.", "results": "Kết quả."})
    assert response.status_code == 200
    assert "Bản ghi đã được" in response.content.decode()
    report = YearReport.objects.get(period=period)
    assert report.sections["situation"] == "Bản của người khác." and report.sections["results"] == ""
    # after reading what changed, saving again with the version the page now carries goes through
    current = response.context["form"].data["version"]
    assert current == narrative_version(period)
    assert client.post(url, {"version": current, "situation": "Bản của tôi."}).status_code == 302
    assert YearReport.objects.get(period=period).sections["situation"] == "Bản của tôi."
    with pytest.raises(versions.StaleVersion):
        save_narrative(period, {"situation": "Lần nữa."}, loaded_version=loaded)


def test_bad_input_changes_nothing(client, year, make_user):
    period = year["period"]
    client.force_login(make_user("so-noi-vu", (Role.ORGANISER_STAFF, year["organiser"])))
    url = reverse("reports:year_report", args=[period.pk])
    version = client.get(url).context["form"]["version"].value()
    response = client.post(url, {"version": version, "situation": "x" * 20_001})
    assert response.status_code == 200 and not YearReport.objects.filter(period=period).exists()
    assert "20000" in response.content.decode().replace(".", "") or "20.000" in response.content.decode()
    with pytest.raises(ValidationError):
        save_narrative(period, {"nothing": "Phần không có."})
    with pytest.raises(ValidationError):
        save_narrative(period, {"situation": ["không phải văn bản"]})
    assert not YearReport.objects.filter(period=period).exists()
    # control characters are cleaned, line breaks kept
    save_narrative(period, {"lessons": "Dòng một\u0007\u202e\r\nDòng hai"})
    assert YearReport.objects.get(period=period).sections["lessons"] == "Dòng một\nDòng hai"


def test_who_may_read_and_who_may_write(client, year, make_user):
    period = year["period"]
    urls = [reverse(name, args=[period.pk]) for name in
            ("reports:year_report", "reports:year_report_docx", "reports:year_report_pdf")]
    other = b.organiser("ubnd-khac-r", "Ủy ban nhân dân tỉnh Khác r", "province", area_code="lang-son")
    outsider_unit = b.unit("r-ngoai", "Sở Ngoài r", area_code="cao-bang")
    cases = [
        (make_user("truong-khoi", (Role.HEAD_STAFF, year["head"])), 200, True),
        (make_user("so-noi-vu", (Role.ORGANISER_STAFF, year["organiser"])), 200, True),
        (make_user("quan-tri", (Role.ADMIN, None)), 200, True),
        (make_user("can-bo-sgd", (Role.UNIT_OFFICER, year["flag_unit"])), 200, False),
        (make_user("truong-khac", (Role.HEAD_STAFF, year["flag_unit"])), 200, False),
        (make_user("tinh-khac", (Role.ORGANISER_STAFF, other)), 403, False),
        (make_user("ngoai", (Role.UNIT_OFFICER, outsider_unit)), 403, False),
    ]
    for user, status, writes in cases:
        client.force_login(user)
        assert [client.get(u).status_code for u in urls] == [status] * 3, user
        response = client.post(urls[0], {"situation": f"Viết bởi {user.username}"})
        assert response.status_code == (302 if writes else 403), user
    client.logout()
    assert client.get(urls[0]).status_code == 302
    report = YearReport.objects.get(period=period)
    assert report.sections["situation"] == "Viết bởi quan-tri"


def test_a_members_staff_reads_the_ranking_only_once_it_is_published(client, year, make_user):
    """The ranking is private until the year reaches "Tổng hợp, xếp hạng" (scoring.view_ranking): before, the
    page and both documents say it is not published, to a member's officer; who manages the year sees it."""
    period = year["period"]
    EmulationPeriod.objects.filter(pk=period.pk).update(phase=Phase.SCORING)
    urls = {name: reverse(name, args=[period.pk]) for name in
            ("reports:year_report", "reports:year_report_docx", "reports:year_report_pdf")}
    client.force_login(make_user("can-bo-sgd", (Role.UNIT_OFFICER, year["flag_unit"])))
    page = client.get(urls["reports:year_report"]).content.decode()
    assert "Kết quả chấm điểm, xếp hạng chưa được công bố." in page and "97,25" not in page
    text, _tables = docx_tables(client.get(urls["reports:year_report_docx"]).content)
    assert "chưa được công bố" in text and "97,25" not in text
    pdf = pdf_text(client.get(urls["reports:year_report_pdf"]).content)
    assert "chưa được công bố" in pdf and "97,25" not in pdf
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, year["head"])))
    assert "97,25" in client.get(urls["reports:year_report"]).content.decode()
    EmulationPeriod.objects.filter(pk=period.pk).update(phase=Phase.RANKING)
    client.force_login(make_user("can-bo-sgd-2", (Role.UNIT_OFFICER, year["flag_unit"])))
    assert "97,25" in client.get(urls["reports:year_report"]).content.decode()


def test_queries_do_not_grow_with_the_members(client, year, make_user):
    period = year["period"]
    client.force_login(make_user("so-noi-vu", (Role.ORGANISER_STAFF, year["organiser"])))
    urls = [reverse(name, args=[period.pk]) for name in ("reports:year_report", "reports:year_report_docx")]

    def count() -> list[int]:
        counts = []
        with CaptureQueriesContext(connection) as ctx:
            gather(period)
        counts.append(len(ctx.captured_queries))
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    save_narrative(period, {"situation": "Đặc điểm của năm."})
    before = count()
    units = [b.unit(f"r-them-{i}", f"Đơn vị thêm {i} r", area_code="cao-bang") for i in range(4)]
    add_members(period, units)
    _ranking_more(period, units)
    assert count() == before
    assert before[0] <= 25, before


def _ranking_more(period, units) -> None:
    criterion = Criterion.objects.get(criteria_set__period=period)
    for unit in units:
        sheet = ScoreSheet.objects.create(period=period, unit=unit, state="locked", locked_at=timezone.now())
        ScoreEntry.objects.create(sheet=sheet, criterion=criterion, final_points=Decimal(60))


def test_a_year_with_nothing_yet_prints_what_is_missing(db):
    organiser = b.organiser("ubnd-trong", "Ủy ban nhân dân tỉnh Trống", "province", area_code="cao-bang")
    cluster = b.cluster("cum-trong", "Cụm thi đua Trống", organiser, kind="cum", area_code="cao-bang")
    period = create_period(cluster, 2025)
    add_members(period, [b.unit(f"trong-{i}", f"Đơn vị trống {i}", area_code="cao-bang") for i in range(2)])
    data = gather(period)
    assert data.head is None and data.ranking == [] and data.nominations == [] and data.direct_share == "—"
    text, tables = docx_tables(year_report_docx_bytes(period)[1])
    for sentence in ("Năm thi đua chưa có giao ước.", "0/2 đơn vị thành viên đã gửi đăng ký thi đua",
                     "Năm thi đua chưa có kết quả chấm điểm, xếp hạng.", "Chưa có kết quả bình xét, suy tôn của năm.",
                     "Chưa ghi nhận hội nghị sơ kết, tổng kết năm 2025.", "Chưa ghi nhận Trưởng cụm năm 2025.",
                     "Chưa bầu, chưa phân công trưởng, phó cụm năm 2026.", "DỰ THẢO", "Số: /BC-CTĐ",
                     "Chưa có lượt khen thưởng cá nhân nào trong năm.", "ngày tháng năm"):
        assert sentence in text, sentence
    # No year-end conference recorded: the date is left for the clerk, never the year's last day
    assert "tháng 12 năm 2025" not in text and "chiếm —" not in text
    assert _table(tables, "Khen thưởng (lượt)")[3][-1] == "0"
    assert not any(t and t[0] and t[0][0] in ("Hạng", "STT") for t in tables)
    assert "Chưa ghi nhận Trưởng cụm năm 2025." in pdf_text(year_report_pdf_bytes(period)[1])
