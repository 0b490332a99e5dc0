"""Issue 9's example through the workflow: a proposal submitted on 05/01/2024 and decided on 15/02/2024 pays its
LĐTT on the base salary in force on the decision date, 0,3 × 1.800.000 = 540.000 đồng (rules.md §3.1)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import Action, DocumentKind
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 noi dung", "application/pdf")


def test_ldtt_submitted_5_january_decided_15_february_2024_is_540_000(s1_year, make_user, settings, tmp_path,
                                                                       monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    units = s1_year["units"]
    sender = make_user("tand", (Role.HEAD_STAFF, units["tand"]))
    receiver = make_user("snv", (Role.ORGANISER_STAFF, s1_year["organiser"]))
    proposal = workflow.create_proposal(units["tand"], s1_year["organiser"], "Đề nghị công nhận danh hiệu năm 2023",
                                        2023, period=s1_year["cluster"].periods.get(year=2023))
    person = Person.objects.get(full_name="Chu Lệ Hường")
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="ldtt"), person=person)
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, pdf())
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, pdf(), nominee=nominee)
    submitted = dt.datetime(2024, 1, 5, 9, 0, tzinfo=dt.UTC)
    with monkeypatch.context() as patched:  # the submission happens on 05/01/2024
        patched.setattr(timezone, "now", lambda: submitted)
        workflow.transition(proposal, Action.SUBMIT, sender)
    proposal.refresh_from_db()
    assert timezone.localdate(proposal.submitted_at) == dt.date(2024, 1, 5)
    workflow.transition(proposal, Action.RECEIVE, receiver)
    workflow.transition(proposal, Action.APPRAISE, receiver)
    workflow.transition(proposal, Action.REVIEW, receiver, council_result="Hội đồng nhất trí.")
    workflow.transition(proposal, Action.DECIDE, receiver, decision_number="12/QĐ-TA",
                        decision_date=dt.date(2024, 2, 15), decision_signer="Chánh án TAND tỉnh Lạng Sơn")
    record = AwardRecord.objects.get(decision_number="12/QĐ-TA")
    assert record.person == person and record.award.code == "ldtt"
    assert record.cash_amount == 540_000  # 0,3 × 1.800.000 (Decree 24/2023/NĐ-CP, in force from 1/7/2023)
