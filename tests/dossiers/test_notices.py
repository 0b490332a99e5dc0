"""Public notice of candidates before the council reviews them (dossiers.domain.notices; Decree 98/2023 art 46):
the period counted in working days with the holidays, the public page without log-in showing only the posted
candidates, comments attached, the review refused before the end and allowed with a recorded reason, the files
for a web portal."""

import datetime as dt
import io
import unicodedata
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.core.models import Activity, WorkdayOverride
from thidua.dossiers.domain import notices, workflow
from thidua.dossiers.enums import Action, DocumentKind, State
from thidua.dossiers.models import NoticeComment, NoticeRule
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 noi dung", "application/pdf")


@contextmanager
def on(day: dt.date, hour: int = 9):
    """Run as if it were `day` (local time)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real


@pytest.fixture
def world(s1_year, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    units = s1_year["units"]
    tand = units["tand"]
    people = list(Person.objects.filter(unit=tand).order_by("pk")[:2])
    proposal = workflow.create_proposal(tand, s1_year["organiser"], "Đề nghị khen thưởng cấp nhà nước năm 2024",
                                        2024)
    national = workflow.add_nominee(proposal, Award.objects.get(code="cstd-tq"), person=people[0],
                                    achievement="Sáng kiến áp dụng toàn ngành Tòa án.")
    order = workflow.add_nominee(proposal, Award.objects.get(code="hcld-3"), unit=tand,
                                 achievement="Hoàn thành xuất sắc nhiệm vụ 5 năm liền.")
    local = workflow.add_nominee(proposal, Award.objects.get(code="cstd-cs"), person=people[1])
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    for nominee in (national, order, local):
        for kind, _article in workflow.required_documents(nominee):
            workflow.attach_document(proposal, kind, pdf(), nominee=nominee)
    return {
        "proposal": proposal, "people": people, "units": units,
        "sender": make_user("tand", (Role.HEAD_STAFF, tand)),
        "receiver": make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"])),
    }


def receive(world, day=None):
    proposal = world["proposal"]
    with on(day or timezone.localdate()):
        workflow.transition(proposal, Action.SUBMIT, world["sender"])
        workflow.transition(proposal, Action.RECEIVE, world["receiver"])
    proposal.refresh_from_db()
    return proposal


def test_the_default_rule_is_dated_data_citing_decree_98_article_46():
    rules = list(NoticeRule.objects.order_by("valid_from"))
    assert [(r.valid_from, r.valid_to, r.working_days) for r in rules] == [
        (dt.date(2024, 1, 1), dt.date(2025, 6, 30), 10), (dt.date(2025, 7, 1), None, 10)]
    assert rules[0].source == "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 1, 2"
    assert "Nghị định 152/2025/NĐ-CP" in rules[1].source
    for rule in rules:
        assert set(rule.awards.values_list("code", flat=True)) == {"hcld-1", "hcld-2", "hcld-3", "cstd-tq"}


def test_the_period_counts_working_days_across_30_april_and_the_swap(world):
    proposal = receive(world, dt.date(2025, 4, 21))
    with on(dt.date(2025, 4, 25)):
        notice = notices.publish(proposal, world["receiver"])
    # Friday 25/4/2025: Saturday 26/4 was a working day (swapped for Friday 2/5), 30/4–2/5 off → Tuesday 13/5
    assert notice.published_on == dt.date(2025, 4, 25) and notice.working_days == 10
    assert notices.last_day(notice) == dt.date(2025, 5, 13)
    assert notice.source == "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 1, 2"
    # a swap entered later moves the end: Saturday 10/5 declared a working day
    WorkdayOverride.objects.create(day=dt.date(2025, 5, 10), is_working_day=True, reason="Minh họa", source="x")
    assert notices.last_day(notice) == dt.date(2025, 5, 12)
    log = Activity.objects.filter(target_id=proposal.pk, summary__startswith="Công khai danh sách").get()
    assert "từ 25/04/2025 đến hết 13/05/2025 (10 ngày làm việc" in log.summary


def test_only_the_covered_candidates_are_posted(world):
    proposal = receive(world)
    notice = notices.publish(proposal, world["receiver"])
    entries = list(notice.entries.all())
    assert [(e.order, e.name, e.award_name) for e in entries] == [
        (1, world["people"][0].full_name, "Chiến sĩ thi đua toàn quốc"),
        (2, "Tòa án nhân dân tỉnh Lạng Sơn", "Huân chương Lao động hạng Ba")]
    assert entries[0].achievement == "Sáng kiến áp dụng toàn ngành Tòa án."
    assert entries[0].unit_name == "Tòa án nhân dân tỉnh Lạng Sơn"
    with pytest.raises(ValidationError, match="đã được công khai"):
        notices.publish(proposal, world["receiver"])


def test_publishing_is_the_receivers_and_only_after_reception(world):
    proposal = world["proposal"]
    with pytest.raises(ValidationError, match="đã tiếp nhận"):
        notices.publish(proposal, world["receiver"])
    proposal = receive(world)
    with pytest.raises(PermissionError):
        notices.publish(proposal, world["sender"])
    with pytest.raises(ValidationError, match="ở tương lai"):
        notices.publish(proposal, world["receiver"], timezone.localdate() + dt.timedelta(days=1))


def test_the_review_waits_for_the_end_of_the_notice_or_a_recorded_reason(world):
    proposal = receive(world, dt.date(2025, 4, 21))
    receiver = world["receiver"]
    with on(dt.date(2025, 4, 22)):
        workflow.transition(proposal, Action.APPRAISE, receiver)
        with pytest.raises(ValidationError, match="chưa công khai"):
            workflow.transition(proposal, Action.REVIEW, receiver, council_result="Nhất trí.")
    with on(dt.date(2025, 4, 25)):
        notices.publish(proposal, receiver)
    with on(dt.date(2025, 5, 13)):  # the last day of the notice
        with pytest.raises(ValidationError, match="đến hết ngày 13/05/2025"):
            workflow.transition(proposal, Action.REVIEW, receiver, council_result="Nhất trí.")
        proposal.refresh_from_db()
        assert proposal.state == State.APPRAISED
        with pytest.raises(ValidationError, match="Cần ghi lý do"):
            notices.record_early_review(proposal, "  \x07 ", receiver)
        with pytest.raises(PermissionError):
            notices.record_early_review(proposal, "Họp đột xuất", world["sender"])
        notices.record_early_review(proposal, "Hội đồng họp đột xuất theo chỉ đạo của Chủ tịch UBND tỉnh.", receiver)
        workflow.transition(proposal, Action.REVIEW, receiver, council_result="Nhất trí.")
    proposal.refresh_from_db()
    assert proposal.state == State.REVIEWED
    summaries = list(workflow.history(proposal).values_list("summary", flat=True))
    assert any(s.startswith("Hội đồng xét trước khi hết thời gian công khai (đến hết 13/05/2025) — lý do: Hội đồng "
                            "họp đột xuất") for s in summaries)


def test_the_review_is_allowed_the_day_after_the_notice_ends(world):
    proposal = receive(world, dt.date(2025, 4, 21))
    receiver = world["receiver"]
    with on(dt.date(2025, 4, 25)):
        notices.publish(proposal, receiver)
    with on(dt.date(2025, 5, 14)):
        assert notices.issues_before_review(proposal) == []
        workflow.transition(proposal, Action.APPRAISE, receiver)
        workflow.transition(proposal, Action.REVIEW, receiver, council_result="Nhất trí.")


def test_a_proposal_without_covered_awards_needs_no_notice(world):
    proposal = world["proposal"]
    proposal.nominees.exclude(award__code="cstd-cs").delete()
    assert notices.rule_for(proposal, dt.date(2025, 4, 25)) is None
    assert notices.issues_before_review(proposal) == []


# ---- comments --------------------------------------------------------------------------------------------------

def test_a_comment_is_cleaned_bounded_and_attached(world):
    notice = notices.publish(receive(world), world["receiver"])
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Hưng")
    comment = notices.submit_comment(notice, name=f" {decomposed}\x00\u202e ", contact="0912 345 678\r\n",
                                     text="Ông A\x1b[31m chưa hoàn thành\r\nnhiệm vụ năm 2023.", entry_order=1,
                                     address="203.0.113.5")
    assert comment.name == "Nguyễn Văn Hưng" and unicodedata.is_normalized("NFC", comment.name)
    assert comment.contact == "0912 345 678"
    assert comment.text == "Ông A[31m chưa hoàn thành\nnhiệm vụ năm 2023."
    assert comment.entry.order == 1 and comment.notice == notice and "203.0.113.5" not in comment.client_key
    with pytest.raises(ValidationError) as error:
        notices.submit_comment(notice, name="", contact="", text="ngắn", address="203.0.113.5")
    assert len(error.value.messages) == 3
    with pytest.raises(ValidationError, match="dài quá"):
        notices.submit_comment(notice, name="A", contact="B", text="x" * 4001, address="203.0.113.5")
    with pytest.raises(ValidationError, match="số 9"):
        notices.submit_comment(notice, name="A", contact="B", text="Ý kiến đủ dài.", entry_order=9)


def test_one_sender_is_limited_and_a_closed_notice_takes_no_comment(world):
    notice = notices.publish(receive(world), world["receiver"])
    for i in range(notices.PER_CLIENT_PER_HOUR):
        notices.submit_comment(notice, name="A", contact="B", text=f"Ý kiến số {i} đủ dài.", address="198.51.100.1")
    with pytest.raises(ValidationError, match="sau một giờ"):
        notices.submit_comment(notice, name="A", contact="B", text="Ý kiến thêm đủ dài.", address="198.51.100.1")
    notices.submit_comment(notice, name="C", contact="D", text="Người khác gửi được.", address="198.51.100.2")
    with on(notices.last_day(notice) + dt.timedelta(days=1)), pytest.raises(ValidationError, match="không còn"):
        notices.submit_comment(notice, name="C", contact="D", text="Gửi sau khi hết hạn.", address="198.51.100.3")


# ---- pages -----------------------------------------------------------------------------------------------------

def test_the_public_page_needs_no_log_in_and_shows_only_the_posted_candidates(client, world):
    proposal = receive(world)
    notice = notices.publish(proposal, world["receiver"])
    url = notice.get_absolute_url()
    assert url == f"/cong-khai/{notice.slug}/" and len(notice.slug) == 16  # 96 random bits, not the proposal's id
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert world["people"][0].full_name in html and "Huân chương Lao động hạng Ba" in html
    assert world["people"][1].full_name not in html  # the CSTĐCS nominee is not posted
    assert "Sáng kiến áp dụng toàn ngành Tòa án." in html and "Thời gian lấy ý kiến: từ ngày" in html
    assert "/ho-so/" not in html and "<style" not in html and " style=" not in html and "<script>" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/cong-khai/khong-co-trang-nay/").status_code == 404
    index = client.get("/cong-khai/").content.decode()
    assert url in index and proposal.title in index

    entry = notice.entries.get(name="Tòa án nhân dân tỉnh Lạng Sơn")  # the form names a candidate by its order
    response = client.post(url, {"name": "Trần Thị Mai", "contact": "mai@example.vn", "entry": str(entry.order),
                                 "text": "Đề nghị làm rõ thành tích năm 2022 của đơn vị."}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302 and response["Location"].endswith("#gop-y")
    comment = NoticeComment.objects.get()
    assert comment.notice == notice and comment.entry.name == "Tòa án nhân dân tỉnh Lạng Sơn"
    response = client.post(url, {"name": "", "contact": "", "text": ""})
    assert response.status_code == 200 and NoticeComment.objects.count() == 1


def test_the_secretariat_page_lists_comments_for_the_receiver_only(client, world):
    proposal = receive(world)
    page = reverse("dossiers:notice", args=[proposal.pk])
    assert client.get(page).status_code == 302  # to log in
    client.force_login(world["sender"])
    assert client.get(page).status_code == 403
    assert client.post(reverse("dossiers:notice_publish", args=[proposal.pk]),
                       {"published_on": timezone.localdate().strftime("%d/%m/%Y")}).status_code == 403
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="notice-box"' in html and "phải công khai, lấy ý kiến 10 ngày làm việc" in html
    client.force_login(world["receiver"])
    html = client.get(page).content.decode()
    assert 'id="publish-form"' in html and world["people"][1].full_name not in html  # only the covered ones
    response = client.post(reverse("dossiers:notice_publish", args=[proposal.pk]),
                           {"published_on": timezone.localdate().strftime("%d/%m/%Y")})
    assert response.status_code == 302
    notice = proposal.public_notice
    notices.submit_comment(notice, name="Lê Văn Ba", contact="0987", text="Ý kiến về cá nhân số 1.", entry_order=1)
    html = client.get(page).content.decode()
    assert "Lê Văn Ba" in html and "Ý kiến về cá nhân số 1." in html and notice.slug in html
    assert 'id="early-review-form"' in html
    response = client.post(reverse("dossiers:notice_early_review", args=[proposal.pk]), {"reason": ""})
    assert response.status_code == 200 and "Cần ghi lý do." in response.content.decode()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert notice.get_absolute_url() in html and "Ý kiến nhận được: 1" in html


def test_the_list_exports_as_an_html_page_and_an_excel_file(client, world):
    proposal = receive(world)
    notice = notices.publish(proposal, world["receiver"])
    client.force_login(world["receiver"])
    response = client.get(reverse("dossiers:notice_html", args=[proposal.pk]))
    html = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert world["people"][0].full_name in html and world["people"][1].full_name not in html
    assert "<script" not in html and "<style" not in html and notice.source in html
    response = client.get(reverse("dossiers:notice_xlsx", args=[proposal.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("TT", "Cá nhân, tập thể", "Chức vụ, đơn vị", "Hình thức đề nghị", "Tóm tắt thành tích")
    assert [r[1] for r in rows[1:]] == [world["people"][0].full_name, "Tòa án nhân dân tỉnh Lạng Sơn"]
    assert rows[2][2] == "Tòa án nhân dân tỉnh Lạng Sơn" and rows[2][3] == "Huân chương Lao động hạng Ba"


def test_the_public_and_secretariat_pages_do_not_query_per_row(client, world):
    proposal = receive(world)
    notice = notices.publish(proposal, world["receiver"])
    client.force_login(world["receiver"])
    counts = []
    for n in (1, 3):
        while notice.comments.count() < n:
            notices.submit_comment(notice, name="A", contact="B", text="Ý kiến đủ dài.", entry_order=1,
                                   address=str(notice.comments.count()))
        for url in (notice.get_absolute_url(), reverse("dossiers:notice", args=[proposal.pk])):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts
