"""An organiser's own names for its awards on its papers (issue 10 item 1): the catalogue keeps the legal kind ("Cờ
thi đua của bộ, ban, ngành, tỉnh"); an invented province's decision names it "Cờ thi đua của UBND tỉnh" from
5/12/2019. Its proposals' papers (list of nominees, decision: .docx and PDF), the proposal page and its ballots'
questions print that name on and after the day; before it, and for another province, the catalogue's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dossiers.test_documents import docx_text, pdf_text
from thidua.accounts.models import Role
from thidua.awards.domain.names import printed_name, printed_names
from thidua.awards.models import Award, AwardLocalName, AwardRecord
from thidua.clusters.domain.periods import add_members, create_period, record_past_phase
from thidua.clusters.enums import Phase
from thidua.demo import builders as b
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import Action, DocumentKind
from thidua.meetings.domain.conferences import record_conference
from thidua.meetings.enums import ConferenceKind
from thidua.orgs.models import Area
from thidua.voting.documents import minutes_count_context
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind

pytestmark = pytest.mark.django_db

LOCAL = "Cờ thi đua của UBND tỉnh"
FROM = dt.date(2019, 12, 5)


def pdf():
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 noi dung", "application/pdf")


@pytest.fixture
def province(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Area.objects.create(code="tinh-thu-nghiem", name="Tỉnh Thử Nghiệm", kind="province")
    organiser = b.organiser("ubnd-thu-nghiem", "Ủy ban nhân dân Tỉnh Thử Nghiệm", "province",
                            short_name="UBND Tỉnh Thử Nghiệm", area_code="tinh-thu-nghiem")
    Area.objects.create(code="tinh-khac", name="Tỉnh Khác", kind="province")
    other = b.organiser("ubnd-tinh-khac", "Ủy ban nhân dân tỉnh Khác", "province", area_code="tinh-khac")
    other_unit = b.unit("khac-1", "Sở Khác số 1", area_code="tinh-khac")
    cluster = b.cluster("khoi-thu-nghiem", "Khối thi đua các sở Tỉnh Thử Nghiệm", organiser, kind="khoi",
                        area_code="tinh-thu-nghiem")
    units = [b.unit(f"tn-{i}", f"Sở Thử Nghiệm số {i}", area_code="tinh-thu-nghiem") for i in range(1, 6)]
    period = create_period(cluster, 2019)
    add_members(period, units)
    flag = Award.objects.get(code="co-tinh")
    AwardLocalName.objects.create(organiser=organiser, award=flag, name=LOCAL, valid_from=FROM,
                                  decision_ref="Quyết định 1/2019/QĐ-UBND Tỉnh Thử Nghiệm")
    return {"organiser": organiser, "other": other, "units": units, "period": period, "flag": flag,
            "sender": make_user("so-1", (Role.UNIT_OFFICER, units[0])),
            "receiver": make_user("snv-tn", (Role.ORGANISER_STAFF, organiser)),
            "other_unit": other_unit, "other_sender": make_user("khac-1", (Role.UNIT_OFFICER, other_unit))}


def _proposal(ctx, nominees=1, other=False):
    units = [ctx["other_unit"]] if other else ctx["units"]
    proposal = workflow.create_proposal(units[0], ctx["other" if other else "organiser"],
                                        "Đề nghị tặng Cờ thi đua năm 2019", 2019, period=None if other else ctx["period"])
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    for unit in units[:nominees]:
        nominee = workflow.add_nominee(proposal, ctx["flag"], unit=unit)
        workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf(), nominee=nominee)
    return proposal


def _decide(ctx, proposal, sent_on, decided_on, number):
    workflow.transition(proposal, Action.SUBMIT, ctx["sender"], submitted_on=sent_on)
    for action in (Action.RECEIVE, Action.APPRAISE):
        workflow.transition(proposal, action, ctx["receiver"])
    workflow.transition(proposal, Action.REVIEW, ctx["receiver"], council_result="Hội đồng nhất trí.")
    workflow.transition(proposal, Action.DECIDE, ctx["receiver"], decision_number=number, decision_date=decided_on,
                        decision_signer="Chủ tịch UBND Tỉnh Thử Nghiệm")
    proposal.refresh_from_db()
    return proposal


def _papers(client, name, proposal) -> list[str]:
    texts = []
    for kind, read in (("pdf", pdf_text), ("docx", docx_text)):
        response = client.get(reverse(f"dossiers:{name}_{kind}", args=[proposal.pk]))
        assert response.status_code == 200
        texts.append(read(response.content))
    return texts


def test_the_rule_dated_and_by_organiser(province):
    flag, organiser = province["flag"], province["organiser"]
    catalogue = flag.name
    assert catalogue != LOCAL
    assert printed_name(flag, organiser.pk, FROM) == LOCAL
    assert printed_name(flag, organiser.pk, FROM - dt.timedelta(days=1)) == catalogue
    assert printed_name(flag, province["other"].pk, FROM) == catalogue
    assert printed_name(flag, None, FROM) == catalogue
    AwardLocalName.objects.filter(award=flag).update(valid_to=dt.date(2020, 12, 31))
    assert printed_name(flag, organiser.pk, dt.date(2021, 1, 1)) == catalogue
    merit = Award.objects.get(code="bk-tinh")
    assert printed_names([flag, merit], organiser.pk, FROM) == {flag.pk: LOCAL, merit.pk: merit.name}


def test_a_proposal_to_the_province_prints_its_name_on_the_list_and_the_decision(client, province):
    proposal = _decide(province, _proposal(province), FROM, dt.date(2019, 12, 25), "3012/QĐ-UBND")
    client.force_login(province["receiver"])
    for text in _papers(client, "nominees", proposal):
        assert LOCAL.upper() in text and province["flag"].name.upper() not in text
    for text in _papers(client, "decision", proposal):
        assert f"Tặng {LOCAL} cho 1 tập thể" in text and province["flag"].name not in text
    for text in _papers(client, "proposal", proposal):
        assert LOCAL in text
    page = client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).content.decode()
    assert f'<td class="award">{LOCAL}</td>' in page
    # the registry keeps the award it gave (AwardRecord has no field for the name as printed)
    assert AwardRecord.objects.get(decision_number="3012/QĐ-UBND").award == province["flag"]


def test_a_day_before_the_name_starts_the_catalogue_name_is_printed(client, province):
    before = FROM - dt.timedelta(days=1)
    proposal = _decide(province, _proposal(province), before, before, "3011/QĐ-UBND")
    catalogue = province["flag"].name
    client.force_login(province["receiver"])
    for text in _papers(client, "nominees", proposal):
        assert catalogue.upper() in text and LOCAL.upper() not in text
    for text in _papers(client, "decision", proposal):
        assert f"Tặng {catalogue} cho 1 tập thể" in text and LOCAL not in text
    page = client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).content.decode()
    assert f'<td class="award">{catalogue}</td>' in page


def test_another_province_prints_the_catalogue_name(client, province):
    proposal = _proposal(province, other=True)  # a draft, read today: the name is in force, but not this province's
    catalogue = province["flag"].name
    client.force_login(province["other_sender"])
    for text in _papers(client, "nominees", proposal) + _papers(client, "proposal", proposal):
        assert catalogue.upper() in text.upper() and LOCAL.upper() not in text.upper()
    mine = _proposal(province)  # the same draft to the province that names it prints its name
    client.force_login(province["sender"])
    for text in _papers(client, "nominees", mine):
        assert LOCAL.upper() in text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_names_take_one_query_whatever_the_number_of_nominees(client, province):
    one, five = _proposal(province, nominees=1), _proposal(province, nominees=5)
    client.force_login(province["sender"])
    for name in ("nominees_pdf", "nominees_docx", "proposal_detail"):
        assert _count(client, reverse(f"dossiers:{name}", args=[five.pk])) == \
            _count(client, reverse(f"dossiers:{name}", args=[one.pk])), name


def test_a_ballot_question_on_the_flag_prints_the_province_name(client, province):
    units, period = province["units"], province["period"]
    day = dt.date(2020, 1, 10)
    record_conference(period, ConferenceKind.YEAR_END, "Hội nghị tổng kết năm 2019", day, attending_units=units,
                      actor=province["receiver"])
    record_past_phase(period, Phase.VOTING, "Ghi nhận năm 2019 theo biên bản hội nghị", province["receiver"])
    session = voting.create_session("Bình xét năm 2019", SessionKind.NOMINATION, period=period, held_on=day)
    question = voting.add_question(session, QuestionKind.NOMINATE, "Đề nghị tặng cờ", award=province["flag"])
    typed = voting.add_question(session, QuestionKind.NOMINATE, "Đề nghị khác", award=province["flag"],
                                award_label="Cờ thi đua (tên ghi tay)")
    votes = {voting.add_candidate(question, unit=units[1]).pk: 5, voting.add_candidate(question, unit=units[2]).pk: 0}
    typed_votes = {voting.add_candidate(typed, unit=units[3]).pk: 5}
    session = voting.open_session(session)
    voting.mark_paper_voters(session, list(session.voters.all()))
    voting.enter_paper_counts(session, question, 5, 0, votes)
    voting.enter_paper_counts(session, typed, 5, 0, typed_votes)
    voting.close_session(session)
    voting.tally_session(session)
    session.refresh_from_db()
    assert question.award_label == province["flag"].name  # what was stored is kept
    client.force_login(province["receiver"])
    for url in ("voting:results", "voting:session_detail"):
        page = client.get(reverse(url, args=[session.pk])).content.decode()
        assert LOCAL in page and province["flag"].name not in page, url
        assert "Cờ thi đua (tên ghi tay)" in page  # a label typed by hand is the organiser's own: kept
    minutes = minutes_count_context(session)
    labels = [q["award_label"] for r in minutes["rounds"] for q in r["questions"]]
    assert labels == [LOCAL, "Cờ thi đua (tên ghi tay)"]
