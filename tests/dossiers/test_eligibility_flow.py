"""Eligibility in a proposal's life: the documents follow the ground eligibility found, a collective is counted on
its members at the year's end, the Government flag goes to a cluster's vote or a council's choice among the
cluster leaders, and its quota is a dated parameter with its source."""

import datetime as dt
from decimal import ROUND_HALF_UP

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.models import AnnualRating, Award, AwardRecord
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import DocumentKind
from thidua.orgs.models import Person
from thidua.voting.domain import sessions as voting
from thidua.voting.domain.quotas import government_flag_quota, government_flag_rule
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import Nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(s1_year):
    units = s1_year["units"]
    return {"units": units, "organiser": s1_year["organiser"],
            "proposal": workflow.create_proposal(units["tand"], s1_year["organiser"], "Đề nghị khen thưởng năm 2023",
                                                 2023, period=s1_year["cluster"].periods.get(year=2023))}


def kinds(nominee):
    return [kind for kind, _article in workflow.required_documents(nominee)]


def test_the_initiative_certificate_is_asked_for_only_on_the_initiative_ground(flow):
    person = Person.objects.filter(unit=flow["units"]["tand"]).order_by("pk").first()
    AnnualRating.objects.create(person=person, year=2023, rating="excellent")
    nominee = workflow.add_nominee(flow["proposal"], Award.objects.get(code="cstd-cs"), person=person)
    assert nominee.eligibility == "eligible" and nominee.eligibility_reasons[-1]["ground"] == "excellent-year"
    assert kinds(nominee) == [DocumentKind.ACHIEVEMENT_REPORT]
    AnnualRating.objects.filter(person=person).update(rating="good")  # the rating corrected: the initiative's way
    workflow.recheck(flow["proposal"])
    nominee.refresh_from_db()
    assert nominee.eligibility == "review" and nominee.eligibility_reasons[-1]["ground"] == "initiative"
    assert kinds(nominee) == [DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.INITIATIVE]


def test_a_collective_is_counted_on_its_members_at_the_years_end(flow):
    tand = flow["units"]["tand"]
    staff = Person.objects.filter(unit=tand, status="working").count()
    nominee = workflow.add_nominee(flow["proposal"], Award.objects.get(code="ttldxs"), unit=tand)

    def members():
        workflow.recheck(flow["proposal"])
        nominee.refresh_from_db()
        return [r["text"] for r in nominee.eligibility_reasons]

    texts = members()
    awarded = AwardRecord.objects.filter(unit=tand, year=2023, subject="individual").values("person").distinct().count()
    assert texts[0].startswith(f"Tập thể có {staff} thành viên tại 31/12/2023 ({awarded} theo khen thưởng năm 2023; "
                               f"{staff - awarded} theo danh sách cán bộ hiện nay)")
    assert "Hồ sơ không lưu quá trình công tác theo ngày" in texts[0]  # 2023 ended long before today
    assert f"{staff} người chưa có xếp loại năm 2023" in texts[1]  # none rated: none counted as complete
    moved = Person.objects.filter(unit=tand, status="working").exclude(awards__year=2023).order_by("pk").first()
    moved.unit = flow["units"]["vks"]
    moved.save()  # moved since; nothing dated says where they were on 31/12/2023
    assert members()[0].startswith(f"Tập thể có {staff - 1} thành viên")
    AnnualRating.objects.create(person=moved, unit=tand, year=2023, rating="good")  # rated by the court for 2023
    texts = members()
    assert texts[0].startswith(f"Tập thể có {staff} thành viên tại 31/12/2023 (1 theo xếp loại năm 2023 của đơn vị; "
                               f"{awarded} theo khen thưởng năm 2023")
    assert f"1/{staff} thành viên hoàn thành nhiệm vụ trở lên" in texts[1]


def council_choice(flow, *keys, day=dt.date(2024, 1, 10)):
    """The provincial council's own session choosing units for the Government flag, tallied and applied."""
    session = voting.create_session("Hội đồng xét đề nghị Cờ thi đua của Chính phủ", SessionKind.COUNCIL,
                                    electorate_kind="persons", council_name="Hội đồng Thi đua - Khen thưởng tỉnh "
                                    "Lạng Sơn", threshold_numerator=4, threshold_denominator=5,
                                    threshold_strict=False, quorum_numerator=2, quorum_denominator=3)
    question = voting.add_question(session, QuestionKind.APPROVE, "Đề nghị Cờ thi đua của Chính phủ",
                                   award=Award.objects.get(code="co-cp"), max_choices=len(keys), seats=len(keys))
    candidates = [voting.add_candidate(question, unit=flow["units"][key]) for key in keys]
    voting.set_council(session, list(Person.objects.filter(unit=flow["units"]["snv"]).order_by("pk")[:5]))
    session = voting.open_session(session)
    for voter in session.voters.all():
        voting.cast_ballot(session, voter, {question.pk: [c.pk for c in candidates]})
    voting.close_session(session)
    voting.tally_session(session)
    return voting.apply_results(session, decided_on=day)


def test_the_government_flag_by_a_councils_choice_among_the_cluster_leaders(flow):
    tand, vks = flow["units"]["tand"], flow["units"]["vks"]
    before = workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-cp"), unit=tand)
    assert before.eligibility == "not_eligible"
    applied = council_choice(flow, "tand", "vks")
    assert [n.unit for n in applied["nominations"]] == [tand] and applied["skipped"] == [vks.name]
    nomination = Nomination.objects.get(unit=tand, award__code="co-cp")
    assert nomination.period.year == 2023 and nomination.period.cluster == flow["proposal"].period.cluster
    workflow.recheck(flow["proposal"])
    before.refresh_from_db()
    assert before.eligibility == "eligible" and before.eligibility_reasons[0]["article"].endswith("Điều 25")
    assert before.eligibility_reasons[0]["text"].startswith("Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn chọn trong "
                                                            "các đơn vị dẫn đầu cụm, khối")
    other = workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-cp"), unit=vks)
    assert other.eligibility == "not_eligible"  # chosen, but it leads no cluster: no nomination was made
    assert council_choice(flow, "tand", day=dt.date(2026, 1, 10))["skipped"] == [tand.name]  # it led in 2023 only


def test_the_government_flag_quota_is_dated_with_its_sources(flow):
    workflow.add_nominee(flow["proposal"], Award.objects.get(code="co-cp"), unit=flow["units"]["tand"])
    issue = workflow.government_flag_quota_issues(flow["proposal"])[0]
    assert ("vượt chỉ tiêu 0 (20% của 1 đơn vị dẫn đầu cụm, khối năm 2023, làm tròn xuống) — Công văn "
            "5007/BNV-TĐKT ngày 05/9/2023") in issue
    assert issue.endswith("cách làm tròn: chưa tìm thấy nguồn.")
    assert government_flag_quota(4) == 0 and government_flag_quota(4, rounding=ROUND_HALF_UP) == 1
    assert government_flag_quota(54, on=dt.date(2023, 6, 1)) == 10
    assert government_flag_rule(dt.date(2023, 6, 1)).source == "Nghị định 91/2017/NĐ-CP, Điều 11"
    assert government_flag_rule(dt.date(2024, 1, 1)).source.startswith("Công văn 5007/BNV-TĐKT")


def test_evaluation_reads_a_fixed_number_of_queries(flow):
    """Histories, members at the year's end and the votes: as many queries for three nominees as for fifteen."""
    people = list(Person.objects.filter(unit__in=flow["units"].values()).order_by("pk")[:12])
    nominees = [workflow.add_nominee(flow["proposal"], Award.objects.get(code="ldtt"), person=p) for p in people]
    nominees += [workflow.add_nominee(flow["proposal"], Award.objects.get(code=code), unit=flow["units"][key])
                 for code, key in (("ttldxs", "tand"), ("ttldtt", "vks"), ("co-cp", "ca"))]
    for nominee in nominees:
        nominee.proposal = flow["proposal"]

    def queries(batch):
        with CaptureQueriesContext(connection) as captured:
            workflow.evaluate(batch)
        return len(captured.captured_queries)

    assert queries(nominees[:1] + nominees[-2:]) == queries(nominees) == 14
