"""No lost update (issue 11 item 3) on the last edit forms of existing records: a criterion, a year's scale (the
criteria page's settings), a ballot session's rules in preparation and its meeting day on the results page. Two
people open the same page; the first saves; the second's save, made from the page loaded before, is refused with
who changed what, what the second typed stays on the page, and the first's values stay stored. Saved again from the
refused page (which now carries the current version), it goes through (core.versions)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.core.test_versions import assert_refused, loaded_version, page, two_clients
from tests.voting.test_past_year import CONFERENCE_DAY, _elect_by_paper_totals, year2019  # noqa: F401 (fixture)
from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType
from thidua.scoring.models import CriteriaSet, Criterion, PeerScore
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import BallotSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(s1):
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    return period


# -- a criterion ------------------------------------------------------------------------------------------------

CRITERION = {"code": "1", "name": "Báo cáo đúng hạn", "type": CriterionType.PASS_FAIL.value, "max_points": "20",
             "guidance": ""}


def test_a_criterion_edited_by_two_people_keeps_the_first_maximum(s1, make_user, period):
    criterion = sheets.add_criterion(sheets.ensure_criteria_set(period), "1", "Báo cáo đúng hạn",
                                     CriterionType.PASS_FAIL, 20)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("scoring:criterion_edit", args=[criterion.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {**CRITERION, "max_points": "25", "version": version_a}).status_code == 302
    b_typed = {**CRITERION, "name": "Báo cáo đầy đủ, đúng hạn", "guidance": "Chấm theo sổ công văn đi"}
    refused = b.post(url, {**b_typed, "version": version_b})
    assert_refused(refused, "Điểm tối đa", "→ 25", 'value="Báo cáo đầy đủ, đúng hạn"', "Chấm theo sổ công văn đi")
    criterion.refresh_from_db()
    assert (criterion.name, criterion.max_points, criterion.guidance) == ("Báo cáo đúng hạn", Decimal(25), "")
    again = b.post(url, {**b_typed, "max_points": "25", "version": loaded_version(refused)})
    assert again.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.name, criterion.max_points) == ("Báo cáo đầy đủ, đúng hạn", Decimal(25))


def test_a_criterion_changed_elsewhere_refuses_the_older_page_and_one_without_version_saves(s1, make_user, period):
    criterion = sheets.add_criterion(sheets.ensure_criteria_set(period), "1", "Báo cáo đúng hạn",
                                     CriterionType.PASS_FAIL, 20)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("scoring:criterion_edit", args=[criterion.pk])
    version_b = loaded_version(b.get(url))
    Criterion.objects.filter(pk=criterion.pk).update(guidance="Sửa thẳng, không ghi nhật ký")  # no log entry
    refused = b.post(url, {**CRITERION, "name": "Tên của B", "version": version_b})
    assert refused.status_code == 200 and "Kiểm tra lại rồi lưu" in page(refused)
    assert Criterion.objects.get(pk=criterion.pk).name == "Báo cáo đúng hạn"
    # another criterion of the year changed: not this one's version
    other = sheets.add_criterion(criterion.criteria_set, "2", "Sáng kiến", CriterionType.PER_OCCURRENCE, 40,
                                 points_per_occurrence=10)
    version = loaded_version(b.get(url))
    assert a.post(reverse("scoring:criterion_edit", args=[other.pk]), {
        "code": "2", "name": "Sáng kiến được công nhận", "type": CriterionType.PER_OCCURRENCE.value,
        "max_points": "40", "points_per_occurrence": "10", "guidance": "",
        "version": loaded_version(a.get(reverse("scoring:criterion_edit", args=[other.pk])))}).status_code == 302
    assert b.post(url, {**CRITERION, "name": "Tên của B", "version": version}).status_code == 302
    assert Criterion.objects.get(pk=criterion.pk).name == "Tên của B"


# -- a year's scale: the criteria page's settings ----------------------------------------------------------------

SCALE = {"action": "scale", "regulation_ref": "Quy chế 2026", "peer_rule": "trimmed_mean", "trim_count": "1",
         "peer_weight": "0", "outlier_gap": "15", "max_evidence_mb": "10",
         "bands_text": "Xuất sắc: 90\nTốt: 80\nKhá: 65\nTrung bình: 50\nYếu: 0",
         "tie_1": "peer", "tie_2": "bonus", "tie_3": "penalty", "tie_4": "name"}


@pytest.mark.parametrize("made", [True, False], ids=["scale-stored", "no-scale-yet"])
def test_a_years_scale_saved_by_two_people_keeps_the_first_weight(s1, make_user, period, made):
    if made:
        sheets.ensure_criteria_set(period)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("scoring:criteria", args=[period.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {**SCALE, "peer_weight": "20", "version": version_a}).status_code == 302
    b_typed = {**SCALE, "max_evidence_mb": "25", "regulation_ref": "Quy chế sửa đổi của B"}
    refused = b.post(url, {**b_typed, "version": version_b})
    assert_refused(refused, "Tỷ trọng điểm chấm chéo (%)", "0 → 20", 'value="Quy chế sửa đổi của B"',
                   'value="25"')
    stored = CriteriaSet.objects.get(period=period)
    assert (stored.peer_weight, stored.max_evidence_mb, stored.regulation_ref) == (20, 10, "Quy chế 2026")
    again = b.post(url, {**b_typed, "peer_weight": "20", "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.peer_weight, stored.max_evidence_mb, stored.regulation_ref) == (20, 25, "Quy chế sửa đổi của B")


def test_a_criterion_added_does_not_move_the_scales_version(s1, make_user, period):
    """The first criterion makes the year's scale with its defaults: the scale the page showed, unchanged."""
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("scoring:criteria", args=[period.pk])
    version_b = loaded_version(b.get(url))
    assert a.post(url, {"action": "add", **CRITERION}).status_code == 302
    assert b.post(url, {**SCALE, "max_evidence_mb": "25", "version": version_b}).status_code == 302
    assert CriteriaSet.objects.get(period=period).max_evidence_mb == 25


# -- a ballot session's rules, in preparation ------------------------------------------------------------------

RULES = {"title": "Suy tôn năm 2026", "regulation_ref": "Quy chế hoạt động của Cụm", "held_on": "",
         "threshold_numerator": "1", "threshold_denominator": "2", "threshold_basis": "all",
         "quorum_numerator": "2", "quorum_denominator": "3", "max_rounds": "2"}


def test_a_sessions_rules_saved_by_two_people_keep_the_first_share(s1, make_user, period):
    session = voting.create_session("Suy tôn năm 2026", SessionKind.NOMINATION, period=period,
                                    regulation_ref="Quy chế hoạt động của Cụm")
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url, action = reverse("voting:session_detail", args=[session.pk]), reverse("voting:session_rules",
                                                                               args=[session.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(action, {**RULES, "threshold_numerator": "2", "threshold_denominator": "3",
                           "version": version_a}).status_code == 302
    b_typed = {**RULES, "title": "Bình xét, suy tôn năm 2026 (B)", "max_rounds": "3"}
    refused = b.post(action, {**b_typed, "version": version_b})
    assert_refused(refused, "1 → 2", 'value="Bình xét, suy tôn năm 2026 (B)"')
    stored = BallotSession.objects.get(pk=session.pk)
    assert (stored.title, stored.threshold_numerator, stored.threshold_denominator, stored.max_rounds) == (
        "Suy tôn năm 2026", 2, 3, 2)
    again = b.post(action, {**b_typed, "threshold_numerator": "2", "threshold_denominator": "3",
                            "version": loaded_version(refused)})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.threshold_numerator, stored.max_rounds) == ("Bình xét, suy tôn năm 2026 (B)", 2, 3)


def test_a_sessions_rules_form_refused_for_another_reason_still_redirects_with_the_message(s1, make_user, period):
    session = voting.create_session("Suy tôn năm 2026", SessionKind.NOMINATION, period=period)
    a, _b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url = reverse("voting:session_detail", args=[session.pk])
    response = a.post(reverse("voting:session_rules", args=[session.pk]), {
        **RULES, "threshold_numerator": "3", "version": loaded_version(a.get(url))}, follow=True)
    assert "Tỷ lệ đạt phải là một phân số" in page(response)
    assert BallotSession.objects.get(pk=session.pk).threshold_numerator == 1


# -- a counted session's meeting day -----------------------------------------------------------------------------

def test_a_meeting_day_entered_by_two_people_keeps_the_first(year2019, make_user):  # noqa: F811
    session = _elect_by_paper_totals(year2019)  # counted without its meeting day
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, year2019["organiser"]))
    url, action = reverse("voting:results", args=[session.pk]), reverse("voting:session_meeting_day",
                                                                        args=[session.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(action, {"held_on": "10/01/2020", "version": version_a}).status_code == 302
    refused = b.post(action, {"held_on": "09/01/2020", "version": version_b})
    assert_refused(refused, "Ngày họp, biểu quyết: (trống) → 10/01/2020", 'value="09/01/2020"')
    assert BallotSession.objects.get(pk=session.pk).held_on == CONFERENCE_DAY
    again = b.post(action, {"held_on": "09/01/2020", "version": loaded_version(refused)})
    assert again.status_code == 302
    assert BallotSession.objects.get(pk=session.pk).held_on == dt.date(2020, 1, 9)


# -- a question's own share, in preparation -----------------------------------------------------------------------

def test_a_questions_own_share_set_by_two_people_keeps_the_first(s1, make_user, period):
    session = voting.create_session("Suy tôn năm 2026", SessionKind.NOMINATION, period=period)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu", "Cờ thi đua")
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url, action = reverse("voting:session_detail", args=[session.pk]), reverse("voting:question_threshold",
                                                                               args=[session.pk, question.pk])
    name = f"t{question.pk}-version"
    version_a, version_b = loaded_version(a.get(url), name), loaded_version(b.get(url), name)
    assert version_a == version_b

    def share(numerator, denominator, reason, version):
        p = f"t{question.pk}-"
        return {f"{p}numerator": numerator, f"{p}denominator": denominator, f"{p}basis": "all",
                f"{p}reason": reason, name: version}

    assert a.post(action, share("2", "3", "Hội nghị thống nhất", version_a)).status_code == 302
    refused = b.post(action, share("3", "4", "Theo đề xuất của Thường trực", version_b))
    assert_refused(refused, "Hội nghị thống nhất", "Theo đề xuất của Thường trực</textarea>")
    question.refresh_from_db()
    assert (question.threshold_numerator, question.threshold_denominator) == (2, 3)
    # the older page's "back to the law's share" is refused too
    cleared = b.post(action, {**share("2", "3", "Hội nghị thống nhất", version_b), "clear": "1"})
    assert_refused(cleared)
    question.refresh_from_db()
    assert question.threshold_reason == "Hội nghị thống nhất"
    again = b.post(action, share("3", "4", "Theo đề xuất của Thường trực", loaded_version(refused, name)))
    assert again.status_code == 302
    question.refresh_from_db()
    assert (question.threshold_numerator, question.threshold_denominator, question.threshold_reason) == (
        3, 4, "Theo đề xuất của Thường trực")


def exclusion_version(response) -> str:
    """The version of the exclusions' form, the second form of the criterion's page."""
    return loaded_version(SimpleNamespace(status_code=response.status_code,
                                          content=page(response).split('id="exclusion-form"')[1].encode()))


def test_a_criterions_exclusions_set_by_two_people_keep_the_first(s1, make_user, period):
    units = s1["units"]
    criterion = sheets.add_criterion(sheets.ensure_criteria_set(period), "1", "Báo cáo đúng hạn",
                                     CriterionType.PASS_FAIL, 20)
    a, b = two_clients(make_user, (Role.ORGANISER_STAFF, s1["organiser"]))
    url, action = reverse("scoring:criterion_edit", args=[criterion.pk]), reverse("scoring:criterion_exclusions",
                                                                                  args=[criterion.pk])
    version_a, version_b = exclusion_version(a.get(url)), exclusion_version(b.get(url))
    assert version_a == version_b
    assert a.post(action, {"units": [units["ca"].pk], "reason": "Không có nhiệm vụ xét xử",
                           "version": version_a}).status_code == 302
    refused = b.post(action, {"units": [units["vks"].pk], "reason": "Lý do B nhập", "version": version_b})
    assert_refused(refused, "Tiêu chí 1 không áp dụng cho", 'value="Lý do B nhập"')
    assert list(criterion.exclusions.values_list("unit_id", flat=True)) == [units["ca"].pk]
    again = b.post(action, {"units": [units["vks"].pk], "reason": "Lý do B nhập",
                            "version": exclusion_version(refused)})
    assert again.status_code == 302
    assert list(criterion.exclusions.values_list("unit_id", "reason")) == [(units["vks"].pk, "Lý do B nhập")]


# -- the peer matrix ----------------------------------------------------------------------------------------------

def in_peer_review(period):
    """The year at its peer review (its steps before are other tests' subject)."""
    EmulationPeriod.objects.filter(pk=period.pk).update(phase=Phase.PEER_REVIEW)

def test_a_units_peer_scores_saved_by_two_of_its_officers_keep_the_first(s1, make_user, period):
    units = s1["units"]
    tand, ca, vks = units["tand"], units["ca"], units["vks"]
    in_peer_review(period)
    a, b = two_clients(make_user, (Role.UNIT_OFFICER, ca))
    url = reverse("scoring:peer", args=[period.pk])
    version_a, version_b = loaded_version(a.get(url)), loaded_version(b.get(url))
    assert version_a == version_b
    assert a.post(url, {f"p_{ca.pk}_{tand.pk}": "85", f"p_{ca.pk}_{vks.pk}": "90",
                        "version": version_a}).status_code == 302
    refused = b.post(url, {f"p_{ca.pk}_{tand.pk}": "70", f"p_{ca.pk}_{vks.pk}": "72,5", "version": version_b})
    assert_refused(refused, f"{ca.name} chấm {tand.name}: (trống) → 85", 'value="72,5"')
    assert sorted(PeerScore.objects.values_list("points", flat=True)) == [85, 90]
    # the older page's second try carries the current version: it goes through
    again = b.post(url, {f"p_{ca.pk}_{tand.pk}": "70", f"p_{ca.pk}_{vks.pk}": "72,5",
                         "version": loaded_version(refused)})
    assert again.status_code == 302
    assert sorted(PeerScore.objects.values_list("points", flat=True)) == [Decimal("70"), Decimal("72.5")]


def test_another_units_peer_row_does_not_move_a_units_version(s1, make_user, period):
    units = s1["units"]
    in_peer_review(period)
    ca_officer, _other = two_clients(make_user, (Role.UNIT_OFFICER, units["ca"]))
    url = reverse("scoring:peer", args=[period.pk])
    version = loaded_version(ca_officer.get(url))
    sheets.save_peer_scores(period, {(units["vks"].pk, units["tand"].pk): 60})
    assert ca_officer.post(url, {f"p_{units['ca'].pk}_{units['tand'].pk}": "75",
                                 "version": version}).status_code == 302
