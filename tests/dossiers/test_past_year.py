"""A past year's proposal judged by its own dates (issue 10 item 3): a 2019 proposal of a block of an invented
province, recorded in 2026, is judged under the rule set in force when it was sent (Decree 91/2017), its cash
is the 2019 base salary's, and its deadline is its own province's — never another province's (the national
row loaded for the cluster case cites Bắc Ninh's decision), and when the province has none the page says so."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.clusters.domain.periods import add_members, create_period
from thidua.demo import builders as b
from thidua.dossiers.documents import nominee_groups
from thidua.dossiers.domain import law, workflow
from thidua.dossiers.enums import Action, DocumentKind, State
from thidua.dossiers.models import DeadlineRule
from thidua.orgs.models import Area

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 noi dung", "application/pdf")


@pytest.fixture
def p2019(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Area.objects.create(code="tinh-thu-nghiem", name="Tỉnh Thử Nghiệm", kind="province")
    organiser = b.organiser("ubnd-thu-nghiem", "Ủy ban nhân dân Tỉnh Thử Nghiệm", "province",
                            short_name="UBND Tỉnh Thử Nghiệm", area_code="tinh-thu-nghiem")
    cluster = b.cluster("khoi-thu-nghiem", "Khối thi đua các sở Tỉnh Thử Nghiệm", organiser, kind="khoi",
                        area_code="tinh-thu-nghiem")
    units = [b.unit(f"tn-{i}", f"Sở Thử Nghiệm số {i}", area_code="tinh-thu-nghiem") for i in range(1, 4)]
    period = create_period(cluster, 2019)
    add_members(period, units)
    proposal = workflow.create_proposal(units[0], organiser, "Đề nghị tặng Cờ thi đua năm 2019", 2019, period=period)
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="co-tinh"), unit=units[0])
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf(), nominee=nominee)
    other = b.organiser("ubnd-tinh-khac", "Ủy ban nhân dân tỉnh Khác", "province")
    DeadlineRule.objects.create(organiser=other, case="cluster", label="Hồ sơ của cụm gửi Sở Nội vụ tỉnh Khác",
                                month=11, day=20, source="Quyết định 1/2018/QĐ-UBND tỉnh Khác",
                                valid_from=dt.date(2018, 1, 1))
    return {"organiser": organiser, "units": units, "period": period, "proposal": proposal, "other": other,
            "sender": make_user("so-1", (Role.UNIT_OFFICER, units[0])),
            "receiver": make_user("snv-tn", (Role.ORGANISER_STAFF, organiser))}


def test_a_2019_proposal_is_judged_under_decree_91_with_the_2019_base_salary(p2019):
    proposal = p2019["proposal"]
    workflow.transition(proposal, Action.SUBMIT, p2019["sender"], submitted_on=dt.date(2019, 12, 5))
    proposal.refresh_from_db()
    assert proposal.rule_set.code == "nd91-2017"  # in force on 5/12/2019, not Decree 152/2025 of today
    assert proposal.submitted_at.astimezone().date() == dt.date(2019, 12, 5)
    for action in (Action.RECEIVE, Action.APPRAISE):
        workflow.transition(proposal, action, p2019["receiver"])
    workflow.transition(proposal, Action.REVIEW, p2019["receiver"], council_result="Hội đồng nhất trí.")
    workflow.transition(proposal, Action.DECIDE, p2019["receiver"], decision_number="3012/QĐ-UBND",
                        decision_date=dt.date(2019, 12, 25), decision_signer="Chủ tịch UBND Tỉnh Thử Nghiệm")
    record = AwardRecord.objects.get(decision_number="3012/QĐ-UBND")
    assert record.rule_set.code == "nd91-2017" and record.year == 2019
    # Decree 91/2017 art 69: a provincial flag is 8 × the base salary, 1.490.000 đ from 1/7/2019 (Decree 38/2019)
    assert record.cash_amount == 8 * 1_490_000
    proposal.refresh_from_db()
    [group] = nominee_groups(proposal)
    assert group["rows"][0]["amount"] == 8 * 1_490_000  # the papers print the same, not today's salary


def test_the_submission_day_is_checked(p2019):
    proposal = p2019["proposal"]
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    for day, message in ((tomorrow, "ở tương lai"), (dt.date(2018, 12, 31), "trước năm thành tích 2019")):
        with pytest.raises(ValidationError, match=message):
            workflow.transition(proposal, Action.SUBMIT, p2019["sender"], submitted_on=day)
        proposal.refresh_from_db()
        assert proposal.state == State.DRAFT and proposal.rule_set is None


def test_a_recorded_sending_day_is_logged_and_only_for_a_year_that_is_over(p2019):
    """The day a past year's dossier was sent is written into the log beside the state; a proposal of a year not
    over may not claim another day (it would choose an older rule set), nor may a dossier sent again claim a day
    before its first sending."""
    proposal = p2019["proposal"]
    workflow.transition(proposal, Action.SUBMIT, p2019["sender"], submitted_on=dt.date(2019, 12, 5))
    entry = workflow.history(proposal).last()
    assert {"field": "Ngày gửi (ghi nhận sau)", "old": "", "new": "05/12/2019"} in entry.changes
    workflow.transition(proposal, Action.RECEIVE, p2019["receiver"])
    workflow.transition(proposal, Action.RETURN, p2019["receiver"], reason="Thiếu báo cáo thành tích.")
    with pytest.raises(ValidationError, match="trước lần gửi"):
        workflow.transition(proposal, Action.RESUBMIT, p2019["sender"], submitted_on=dt.date(2019, 12, 1))
    workflow.transition(proposal, Action.RESUBMIT, p2019["sender"], submitted_on=dt.date(2019, 12, 9))
    proposal.refresh_from_db()
    assert proposal.submitted_at.astimezone().date() == dt.date(2019, 12, 9)

    this_year = dt.date.today().year
    current = workflow.create_proposal(p2019["units"][0], p2019["organiser"], "Đề nghị năm nay", this_year,
                                       period=p2019["period"])
    with pytest.raises(ValidationError, match="năm thi đua đã qua"):
        workflow.transition(current, Action.SUBMIT, p2019["sender"], submitted_on=dt.date(this_year, 1, 2))
    current.refresh_from_db()
    assert current.state == State.DRAFT and current.submitted_at is None


def test_a_cluster_deadline_is_never_another_provinces(p2019):
    proposal = p2019["proposal"]
    # A national row as 0002 once loaded it (one province's decision for every province) applies to nobody.
    DeadlineRule.objects.create(case="cluster", label="Hồ sơ tổng kết của cụm, khối gửi Sở Nội vụ", month=12, day=10,
                                source="Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh")
    assert law.deadline_rule("cluster", p2019["organiser"].pk, 2019) is None
    assert workflow.deadline_for(proposal) is None
    assert workflow.missing_deadline(proposal) == (
        "UBND Tỉnh Thử Nghiệm chưa ghi thời hạn nộp hồ sơ tổng kết của cụm, khối cho năm 2019 (trang Quy định › "
        "Thời hạn nộp hồ sơ); không áp dụng thời hạn của tỉnh khác.")
    # the other province keeps its own
    assert law.deadline_rule("cluster", p2019["other"].pk, 2019)[0] == dt.date(2019, 11, 20)
    # once the province records its own rule in force in 2019, that one applies; a rule of 2020 does not
    DeadlineRule.objects.create(organiser=p2019["organiser"], case="cluster", label="Hồ sơ gửi Sở Nội vụ",
                                month=12, day=15, source="Quyết định 5/2020/QĐ-UBND", valid_from=dt.date(2020, 6, 1))
    assert workflow.deadline_for(proposal) is None
    DeadlineRule.objects.create(organiser=p2019["organiser"], case="cluster", label="Hồ sơ gửi Sở Nội vụ",
                                month=12, day=10, source="Quyết định 7/2018/QĐ-UBND", valid_from=dt.date(2018, 3, 1),
                                valid_to=dt.date(2020, 5, 31))
    day, label = workflow.deadline_for(proposal)
    assert day == dt.date(2019, 12, 10) and "Quyết định 7/2018/QĐ-UBND" in label
    assert workflow.missing_deadline(proposal) == ""


def test_a_national_cluster_deadline_is_refused(p2019):
    rule = DeadlineRule(case="cluster", label="Chung", month=12, day=10, source="Thử", valid_from=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        law.check_deadline(rule)
    assert "organiser" in refused.value.message_dict


def test_the_page_says_there_is_no_deadline_and_takes_the_day_it_was_sent(p2019, client_for):
    proposal = p2019["proposal"]
    client = client_for(p2019["sender"])
    page = client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).content.decode()
    assert 'id="deadline-missing"' in page and "không áp dụng thời hạn của tỉnh khác" in page
    assert 'id="deadline"' not in page and 'name="submitted_on"' in page
    url = reverse("dossiers:proposal_action", args=[proposal.pk, "submit"])
    response = client.post(url, {"action": "submit", "submitted_on": "31/02/2020"})
    assert response.status_code == 200 and 'value="31/02/2020"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.DRAFT
    response = client.post(url, {"action": "submit", "submitted_on": "05/12/2019"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == State.SUBMITTED and proposal.rule_set.code == "nd91-2017"


@pytest.mark.parametrize("with_bac_ninh", [True, False])
def test_the_national_cluster_row_goes_to_bac_ninh_or_away(with_bac_ninh):
    """dossiers 0009: the row 0002 loaded (Bắc Ninh's Decision 86/2025) becomes Bắc Ninh's own, or is removed."""
    import importlib

    from django.apps import apps as global_apps

    migration = importlib.import_module("thidua.dossiers.migrations.0009_cluster_deadline_to_its_province")
    row = DeadlineRule.objects.create(case="cluster", label="Hồ sơ tổng kết của cụm, khối gửi Sở Nội vụ", month=12,
                                      day=10, source="Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh")
    bac_ninh = b.organiser("ubnd-bn", "Ủy ban nhân dân tỉnh Bắc Ninh", "province",
                           area_code="bac-ninh-2025") if with_bac_ninh else None
    migration.move(global_apps, None)
    if with_bac_ninh:
        row.refresh_from_db()
        assert row.organiser == bac_ninh
        assert law.deadline_rule("cluster", bac_ninh.pk, 2025)[0] == dt.date(2025, 12, 10)
    else:
        assert not DeadlineRule.objects.filter(pk=row.pk).exists()
