"""Council thresholds per question (issue 9 item 1): each question of a council's session is judged on its own
share of ALL members — the law's share for its award under the rule set in force on the meeting's day (Decree
98/2023 art 30(7) until 30/6/2025; Decree 152/2025 from 1/7/2025, carried over and not verified), the council's
regulation for anything else, or the council's own share with a written reason — with absent members' written
votes counted and the quorum on the members present; the minutes print each question's share and its ground.
Cluster votes keep their regulation's share."""

import datetime as dt
import io
import re
import subprocess
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.orgs.models import Person
from thidua.voting.domain import sessions as voting
from thidua.voting.domain import setup
from thidua.voting.domain.tally import CountRules, count_question
from thidua.voting.domain.thresholds import is_council, question_thresholds
from thidua.voting.enums import Channel, Outcome, QuestionKind, SessionKind, ThresholdSource
from thidua.voting.interfaces.forms import QuestionForm
from thidua.voting.models import BallotSession, Question, VoteThreshold

pytestmark = pytest.mark.django_db

ND98 = "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7"
REGULATION = "Quy chế làm việc của Hội đồng Thi đua - Khen thưởng tỉnh (thử nghiệm)"


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
                          ).stdout.decode()
    return re.sub(r"\s+", " ", text)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return re.sub(r"\s+", " ", "\n".join(parts))


@pytest.fixture
def people(s1):
    """Council members and the people they vote on."""
    persons = list(Person.objects.order_by("pk")[:14])
    assert len(persons) == 14
    return {"members": persons[:10], "nominees": persons[10:], "s1": s1}


def council_session(people, members=10, held_on=dt.date(2025, 3, 10), awards=("cstd-cs", "cstd-tinh"), **rules):
    """A council session, the members voting, with one question per award and one nominee each."""
    rules = {"threshold_numerator": 1, "threshold_denominator": 2, "threshold_strict": True,
             "quorum_numerator": 2, "quorum_denominator": 3, "regulation_ref": REGULATION, **rules}
    session = voting.create_session("Hội đồng xét danh hiệu thi đua", SessionKind.COUNCIL, electorate_kind="persons",
                                    council_name="Hội đồng Thi đua - Khen thưởng tỉnh", held_on=held_on,
                                    organiser=people["s1"]["organiser"], **rules)
    questions = {}
    for i, code in enumerate(awards):
        award = Award.objects.get(code=code) if code else None
        question = voting.add_question(session, QuestionKind.APPROVE, f"Biểu quyết {award or 'Bằng khen'}",
                                       award=award, max_choices=1, seats=1)
        voting.add_candidate(question, person=people["nominees"][i])
        questions[code] = question
    voting.set_council(session, people["members"][:members])
    return session, questions


def vote(session, yes: int, written: int = 0, paper: int = 0):
    """`yes` members approve every question: the first in person (electronic, then `paper` of them on paper), the
    last `written` of them absent, in writing; the others present vote against (an empty ballot)."""
    session = voting.open_session(session) if session.state == "draft" else session
    questions = list(session.questions.prefetch_related("candidates"))
    approve = {q.pk: [q.candidates.all()[0].pk] for q in questions}
    voters = list(session.voters.order_by("pk"))
    for i, voter in enumerate(voters[:yes]):
        if i >= yes - written:
            voting.cast_ballot(session, voter, approve, channel=Channel.WRITTEN)
        elif i >= yes - written - paper:
            voting.mark_paper_voters(session, [voter])
            voting.enter_paper_ballot(session, approve)
        else:
            voting.cast_ballot(session, voter, approve)
    for voter in voters[yes:]:
        voting.cast_ballot(session, voter, {q.pk: [] for q in questions})
    voting.close_session(session)
    return voting.tally_session(session)


def outcome(tallies, question):
    return tallies[question.pk].rows[0].outcome


# -- the seeded law --------------------------------------------------------------------------------------------

def test_the_law_is_seeded_as_dated_data_decree_152_carried_over_not_verified(db):
    rows = {(r.award.code, r.rule_set.code): r for r in VoteThreshold.objects.select_related("award", "rule_set")}
    shares = {"cstd-tq": (9, 10), "cstd-tinh": (9, 10), "cstd-cs": (4, 5), "co-tinh": (4, 5), "co-cp": (4, 5)}
    assert set(rows) == {(code, rule_set) for code in shares for rule_set in ("nd98-2023", "nd152-2025")}
    for (code, rule_set), row in rows.items():
        assert (row.numerator, row.denominator, row.strict, row.basis) == (*shares[code], False, "all")
        if rule_set == "nd98-2023":
            assert row.article == ND98 and not row.carried_over
        else:
            assert row.carried_over and row.article.startswith("Nghị định 152/2025/NĐ-CP")
            assert "chưa xác minh" in row.source_note.lower() or "chưa đối chiếu" in row.source_note


# -- one council session, each question on its own share -----------------------------------------------------

def test_eight_of_ten_passes_cstdcs_and_fails_cstd_tinh_in_one_session(people):
    session, q = council_session(people)
    tallies = vote(session, yes=8)
    assert outcome(tallies, q["cstd-cs"]) == Outcome.PASSED
    assert "8 phiếu (80%), đạt ≥ 80% tổng số thành viên" in tallies[q["cstd-cs"].pk].rows[0].reason
    # the session's own "more than half" would have passed it: the law's 90% decides
    assert outcome(tallies, q["cstd-tinh"]) == Outcome.NOT_PASSED
    assert "chưa đạt ≥ 90% tổng số thành viên" in tallies[q["cstd-tinh"].pk].rows[0].reason
    fixed = Question.objects.get(pk=q["cstd-tinh"].pk)
    assert (fixed.threshold_source, fixed.threshold_numerator, fixed.threshold_denominator, fixed.threshold_ref) \
        == (ThresholdSource.LAW, 9, 10, ND98)


def test_nine_of_ten_passes_both(people):
    session, q = council_session(people)
    tallies = vote(session, yes=9)
    assert outcome(tallies, q["cstd-cs"]) == outcome(tallies, q["cstd-tinh"]) == Outcome.PASSED


def test_seven_of_nine_fails_cstdcs(people):
    session, q = council_session(people, members=9, awards=("cstd-cs",))
    tallies = vote(session, yes=7)
    row = tallies[q["cstd-cs"].pk].rows[0]
    assert row.outcome == Outcome.NOT_PASSED and str(row.percent) == "77.78"
    assert "7 phiếu (77,78%), chưa đạt ≥ 80% tổng số thành viên" in row.reason


def test_absent_members_written_votes_count_toward_the_share(people):
    # 8 present approve (6 electronic, 2 on paper), 1 present against, 1 absent approves in writing: 9/10 of ALL
    # members, CSTĐ tỉnh passes; 9 present of 10 ≥ 4/5
    session, q = council_session(people, quorum_numerator=4, quorum_denominator=5)
    tallies = vote(session, yes=9, written=1, paper=2)
    assert outcome(tallies, q["cstd-tinh"]) == Outcome.PASSED
    assert tallies[q["cstd-tinh"].pk].present == 9
    assert "9 phiếu (90%), đạt ≥ 90% tổng số thành viên" in tallies[q["cstd-tinh"].pk].rows[0].reason


@pytest.mark.parametrize(("quorum", "expected"), [((4, 5), Outcome.NO_QUORUM), ((2, 3), Outcome.PASSED)])
def test_the_quorum_counts_the_members_present_not_the_written_votes(people, quorum, expected):
    """Award reviews need ≥ 80% of members present, other meetings 2/3 (rules.md §6.2): 7 present + 3 in writing."""
    session, q = council_session(people, awards=("cstd-cs",), quorum_numerator=quorum[0],
                                 quorum_denominator=quorum[1])
    tallies = vote(session, yes=10, written=3)
    assert outcome(tallies, q["cstd-cs"]) == expected
    if expected == Outcome.NO_QUORUM:
        assert "Chỉ 7/10 thành viên có mặt, chưa đủ túc số 80%" in tallies[q["cstd-cs"].pk].rows[0].reason


def test_a_question_without_a_legal_threshold_takes_the_councils_regulation(people):
    session, q = council_session(people, awards=("cstd-cs", "bk-tinh", None), threshold_numerator=2,
                                 threshold_denominator=3, threshold_strict=False)
    tallies = vote(session, yes=7)  # 7/10: ≥ 2/3 passes, < 80% fails
    assert outcome(tallies, q["cstd-cs"]) == Outcome.NOT_PASSED
    for code in ("bk-tinh", None):
        assert outcome(tallies, q[code]) == Outcome.PASSED
        assert "đạt ≥ 2/3 tổng số thành viên" in tallies[q[code].pk].rows[0].reason
        fixed = Question.objects.get(pk=q[code].pk)
        assert (fixed.threshold_source, fixed.threshold_ref) == (ThresholdSource.REGULATION, REGULATION)


# -- the council's own share, with its reason ------------------------------------------------------------------

def test_an_override_needs_a_reason_is_counted_and_printed(people, client, make_user):
    session, q = council_session(people)
    question = q["cstd-tinh"]
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        setup.set_question_threshold(question, 2, 3, reason="  ")
    with pytest.raises(ValidationError, match="Tỷ lệ đạt phải là"):
        setup.set_question_threshold(question, 4, 3, reason="Vì sao")
    reason = "Hội đồng thống nhất áp dụng tỷ lệ của quy chế năm trước cho trường hợp đặc biệt"
    setup.set_question_threshold(question, 2, 3, reason=reason)
    # in preparation the page shows what it replaces; going back to the law and again
    setup.clear_question_threshold(question)
    assert question_thresholds(session)[question.pk].source == ThresholdSource.LAW
    setup.set_question_threshold(question, 2, 3, reason=reason)
    tallies = vote(session, yes=7)
    assert outcome(tallies, question) == Outcome.PASSED  # 7/10 ≥ 2/3, though < 90%
    assert outcome(tallies, q["cstd-cs"]) == Outcome.NOT_PASSED  # the other question keeps the law's 80%
    fixed = Question.objects.get(pk=question.pk)
    assert fixed.threshold_source == ThresholdSource.OVERRIDE and fixed.threshold_reason == reason
    assert fixed.threshold_replaced == f"≥ 90% tổng số thành viên theo {ND98}"
    with pytest.raises(ValidationError):  # no change once the session opened
        setup.set_question_threshold(question, 1, 2, reason=reason)
    client.force_login(make_user("so-noi-vu-hd", (Role.ORGANISER_STAFF, people["s1"]["organiser"])))
    printed = (f"Tỷ lệ đạt: ≥ 2/3 tổng số thành viên hội đồng, do hội đồng quyết định riêng cho nội dung này "
               f"(thay cho ≥ 90% tổng số thành viên theo {ND98}). Lý do: {reason}.")
    law = f"Tỷ lệ đạt: ≥ 80% tổng số thành viên hội đồng — {ND98}."
    for name in ("minutes_count", "minutes_review"):
        pdf = pdf_text(client.get(reverse(f"voting:{name}_pdf", args=[session.pk])).content)
        docx = docx_text(client.get(reverse(f"voting:{name}_docx", args=[session.pk])).content)
        for text in (pdf, docx):
            assert printed in text and law in text, name
            assert "ngày 10 tháng 3 năm 2025" in text  # the meeting's day
    rows = list(load_workbook(io.BytesIO(client.get(reverse("voting:results", args=[session.pk]),
                                                    {"export": "xlsx"}).content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Tỷ lệ đạt, căn cứ" and any(r[-1] == law for r in rows[1:])


# -- the rule set of the meeting's day -------------------------------------------------------------------------

@pytest.mark.parametrize(("held_on", "decree", "carried"), [
    (dt.date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP", False), (dt.date(2025, 7, 1), "Nghị định 152/2025/NĐ-CP", True)])
def test_the_rule_set_is_chosen_by_the_meetings_day(people, held_on, decree, carried):
    session, q = council_session(people, held_on=held_on)
    share = question_thresholds(session)[q["cstd-tinh"].pk]
    assert (share.source, share.fraction) == (ThresholdSource.LAW, Fraction(9, 10))
    assert share.citation.startswith(decree) and ("chưa xác minh" in share.citation) == carried
    form = QuestionForm(session=session)
    labels = {award.code: form.fields["award"].label_from_instance(award) for award in Award.objects.all()}
    assert labels["cstd-tinh"].startswith("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh — ≥ 90% tổng số thành viên (")
    assert decree in labels["cstd-cs"] and labels["bk-tinh"] == "Bằng khen của bộ, ban, ngành, tỉnh"
    tallies = vote(session, yes=9)
    assert Question.objects.get(pk=q["cstd-tinh"].pk).threshold_ref.startswith(decree)
    assert outcome(tallies, q["cstd-tinh"]) == Outcome.PASSED


def test_without_a_day_the_opening_day_chooses_and_before_any_rule_set_the_regulation_applies(people):
    session, q = council_session(people, held_on=None)
    voting.open_session(session)
    assert Question.objects.get(pk=q["cstd-tinh"].pk).threshold_ref.startswith("Nghị định 152/2025/NĐ-CP")
    old, q_old = council_session(people, held_on=dt.date(2017, 1, 1))  # before the catalogue's first rule set
    assert question_thresholds(old)[q_old["cstd-tinh"].pk].source == ThresholdSource.REGULATION


# -- cluster votes keep their regulation ----------------------------------------------------------------------

def test_cluster_votes_keep_the_cluster_regulations_share(s1_year):
    vote_2023 = s1_year["year_2023"]["vote"]
    session, flag = vote_2023["session"], vote_2023["questions"]["flag"]
    assert not is_council(session) and flag.award.code == "co-tinh"  # the law's council share would be 80%
    fixed = Question.objects.get(pk=flag.pk)
    assert (fixed.threshold_source, fixed.threshold_numerator, fixed.threshold_denominator,
            fixed.threshold_strict) == (ThresholdSource.REGULATION, 1, 2, True)


def test_a_cluster_question_naming_the_flag_passes_on_more_than_half(s1):
    from thidua.clusters.domain.periods import advance_to
    from thidua.clusters.enums import Phase

    period, units = s1["cluster"].periods.get(year=2023), s1["units"]
    session = voting.create_session("Suy tôn 2023", SessionKind.NOMINATION, period=period)
    flag = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu",
                               award=Award.objects.get(code="co-tinh"))
    keys = ["tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2"]
    for key in keys:
        voting.add_candidate(flag, unit=units[key])
    advance_to(period, Phase.VOTING, reason="kiểm thử")
    session = voting.open_session(session)
    tand = flag.candidates.get(unit=units["tand"]).pk
    for i, voter in enumerate(session.voters.order_by("pk")):
        voting.cast_ballot(session, voter, {flag.pk: [tand] if i < 4 else [flag.candidates.get(
            unit=units["ca"]).pk]})
    voting.close_session(session)
    row = voting.tally_session(session)[flag.pk].rows[0]
    assert row.outcome == Outcome.PASSED and row.votes == 4  # 4/7 = 57%: > 50% of the members, not 80%
    assert "đạt > 50% tổng số thành viên" in row.reason


def test_a_session_opened_before_questions_kept_their_share_counts_on_its_regulation(people):
    session, q = council_session(people)
    session = voting.open_session(session)
    Question.objects.filter(session=session).update(threshold_source="", threshold_numerator=None,
                                                    threshold_denominator=None, threshold_ref="")
    tallies = vote(BallotSession.objects.get(pk=session.pk), yes=6)
    assert outcome(tallies, q["cstd-tinh"]) == Outcome.PASSED  # > 1/2 of the session, as before


def test_the_tally_quorum_on_members_present():
    rules = CountRules(Fraction(4, 5), False, "all", Fraction(4, 5), 1, quorum_on_present=True)
    assert count_question({1: 8}, {1: "A"}, 10, 10, 10, rules, present=8).winners
    short = count_question({1: 10}, {1: "A"}, 10, 10, 10, rules, present=7)
    assert not short.quorum and short.rows[0].outcome == Outcome.NO_QUORUM
    on_ballots = CountRules(Fraction(4, 5), False, "all", Fraction(4, 5), 1)
    assert count_question({1: 10}, {1: "A"}, 10, 10, 10, on_ballots, present=7).winners  # clusters: ballots


# -- the pages ----------------------------------------------------------------------------------------------

def test_the_session_page_shows_each_questions_share_and_sets_an_override(people, client, make_user):
    session, q = council_session(people, awards=("cstd-cs", "cstd-tinh", "bk-tinh"))
    client.force_login(make_user("so-noi-vu-hd", (Role.ORGANISER_STAFF, people["s1"]["organiser"])))
    url = reverse("voting:session_detail", args=[session.pk])
    html = client.get(url).content.decode()
    assert f"≥ 80% trên tổng số thành viên</strong> — {ND98}" in html
    assert f"≥ 90% trên tổng số thành viên</strong> — {ND98}" in html
    assert f"&gt; 50% trên tổng số thành viên</strong> — theo quy chế: {REGULATION}" in html
    assert 'id="question-thresholds"' in html and "Chiến sĩ thi đua cơ sở — ≥ 80% tổng số thành viên (" in html
    target = reverse("voting:question_threshold", args=[session.pk, q["cstd-tinh"].pk])
    prefix = f"t{q['cstd-tinh'].pk}"
    response = client.post(target, {f"{prefix}-numerator": "2", f"{prefix}-denominator": "3",
                                    f"{prefix}-basis": "all", f"{prefix}-reason": ""}, follow=True)
    assert "Cần ghi lý do khi quyết định tỷ lệ đạt riêng" in response.content.decode()
    assert Question.objects.get(pk=q["cstd-tinh"].pk).threshold_source == ""
    response = client.post(target, {f"{prefix}-numerator": "2", f"{prefix}-denominator": "3",
                                    f"{prefix}-basis": "all", f"{prefix}-reason": "Trường hợp đặc biệt"}, follow=True)
    html = response.content.decode()
    assert "quyết định riêng cho nội dung này (thay cho ≥ 90% tổng số thành viên theo" in html
    assert "Lý do: Trường hợp đặc biệt" in html
    client.post(target, {"clear": "1"})
    assert Question.objects.get(pk=q["cstd-tinh"].pk).threshold_source == ""
    # the rules form shows the council's help and the meeting's day
    assert 'name="held_on"' in html and "Túc số tính trên số thành viên có mặt" in html


def test_council_creation_defaults_to_the_award_review_quorum(client, people, make_user):
    client.force_login(make_user("so-noi-vu-hd", (Role.ORGANISER_STAFF, people["s1"]["organiser"])))
    html = client.get(reverse("voting:council_create")).content.decode()
    assert re.search(r'name="quorum_numerator"[^>]*value="4"', html)
    assert re.search(r'name="quorum_denominator"[^>]*value="5"', html)


# -- the law's table on the "Quy định" pages ----------------------------------------------------------------------

def posted(form) -> dict:
    """An edit form's values as the browser sends them back."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return data


def test_the_administrator_verifies_decree_152_on_the_law_page_and_sessions_keep_their_share(people, client,
                                                                                             make_user):
    from thidua.core.models import Activity

    opened, q_opened = council_session(people, held_on=dt.date(2025, 9, 1))
    voting.open_session(opened)
    row = VoteThreshold.objects.get(award__code="cstd-tinh", rule_set__code="nd152-2025")
    client.force_login(make_user("quan-tri-hd", (Role.ADMIN, None)))
    html = client.get(reverse("law:vote_thresholds")).content.decode()
    assert "Tỷ lệ biểu quyết của hội đồng" in html and "≥ 90%" in html and "Nghị định 152/2025/NĐ-CP" in html
    url = reverse("law:vote_thresholds_edit", args=[row.pk])
    form = client.get(url).context["form"]
    assert form.fields["award"].disabled and form.fields["rule_set"].disabled
    verified = "Nghị định 152/2025/NĐ-CP, Điều 30 khoản 7 (đã đối chiếu, thử nghiệm)"
    data = {**posted(form), "article": verified}
    data.pop("carried_over", None)
    assert client.post(url, {**data, "numerator": "5", "denominator": "4"}).status_code == 200  # refused
    assert client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.article == verified and not row.carried_over
    entry = Activity.objects.filter(scope="law", target_id=row.pk).latest("at")
    assert {c["field"] for c in entry.changes} >= {"căn cứ", "chuyển tiếp, chưa xác minh"}
    # the opened session keeps the share it opened with; a new one takes the verified article
    assert "chưa xác minh" in Question.objects.get(pk=q_opened["cstd-tinh"].pk).threshold_ref
    later, q_later = council_session(people, held_on=dt.date(2025, 9, 2))
    assert question_thresholds(later)[q_later["cstd-tinh"].pk].citation == verified
    # a row a session used keeps its award and rule set and is not deleted
    response = client.post(reverse("law:vote_thresholds_delete", args=[row.pk]))
    assert response.status_code == 200 and VoteThreshold.objects.filter(pk=row.pk).exists()
    assert "Không xóa được" in response.content.decode()
