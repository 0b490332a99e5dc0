"""The rule set a proposal is judged under is the one in force on the day it was submitted (Decree 152/2025 art 60;
awards.domain.money.rule_set_for_submission), recorded on the proposal when it is submitted; its cash uses that
set's multiples on the base salary in force on the decision date (issue 9 item 4). A Bằng khen of the province's
chair for a person tells the sets apart: 1,0 × the base salary under Decree 91/2017, 1,5 × under Decrees 98/2023
and 152/2025."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.dossiers.test_documents import pdf_text
from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import Action, DocumentKind
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

CASES = [  # submitted, decided, rule set, cash
    (dt.date(2023, 12, 20), dt.date(2024, 1, 15), "nd91-2017", 1_800_000),  # 1,0 × 1.800.000 (Decree 24/2023)
    (dt.date(2024, 1, 5), dt.date(2024, 2, 15), "nd98-2023", 2_700_000),  # 1,5 × 1.800.000
    (dt.date(2025, 6, 25), dt.date(2025, 7, 10), "nd98-2023", 3_510_000),  # 1,5 × 2.340.000 (Decree 73/2024)
    (dt.date(2025, 7, 2), dt.date(2025, 7, 20), "nd152-2025", 3_510_000),
]
DECREES = {"nd91-2017": "Nghị định 91/2017/NĐ-CP", "nd98-2023": "Nghị định 98/2023/NĐ-CP",
           "nd152-2025": "Nghị định 152/2025/NĐ-CP"}


@pytest.mark.parametrize(("submitted", "decided", "rule_set", "cash"), CASES,
                         ids=[f"{c[0]:%d-%m-%Y}-{c[2]}" for c in CASES])
def test_the_rule_set_of_the_submission_date_with_the_salary_of_the_decision_date(
        s1, make_user, settings, tmp_path, monkeypatch, client, submitted, decided, rule_set, cash):
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    sender = make_user("tand", (Role.UNIT_OFFICER, units["tand"]))
    receiver = make_user("ubnd", (Role.ORGANISER_STAFF, s1["organiser"]))
    proposal = workflow.create_proposal(units["tand"], s1["organiser"], "Đề nghị tặng Bằng khen", submitted.year)
    person = Person.objects.get(full_name="Chu Lệ Hường")
    nominee = workflow.add_nominee(proposal, Award.objects.get(code="bk-tinh"), person=person)
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
                             nominee=nominee)
    at = dt.datetime.combine(submitted, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: at)
        workflow.transition(proposal, Action.SUBMIT, sender)
    proposal.refresh_from_db()
    assert proposal.rule_set.code == rule_set  # recorded when it was submitted
    for action in (Action.RECEIVE, Action.APPRAISE):
        workflow.transition(proposal, action, receiver)
    workflow.transition(proposal, Action.REVIEW, receiver, council_result="Nhất trí.")
    workflow.transition(proposal, Action.DECIDE, receiver, decision_number="12/QĐ-UBND", decision_date=decided,
                        decision_signer="Chủ tịch UBND tỉnh Lạng Sơn")
    proposal.refresh_from_db()
    assert proposal.rule_set.code == rule_set  # the decision keeps it
    record = AwardRecord.objects.get(decision_number="12/QĐ-UBND")
    assert record.rule_set.code == rule_set and record.cash_amount == cash
    client.force_login(receiver)
    text = pdf_text(client.get(reverse("dossiers:decision_pdf", args=[proposal.pk])).content)
    assert f"Căn cứ {DECREES[rule_set]} quy định chi tiết" in text
    assert f"Tiền thưởng theo quy định tại {DECREES[rule_set]}" in text
    assert f"{cash:,}".replace(",", ".") + " đồng" in text


def test_a_draft_paper_follows_the_set_it_would_be_submitted_under(s1, make_user, client):
    """Not yet submitted: the papers follow today's rule set; once submitted, the recorded one."""
    units = s1["units"]
    officer = make_user("tand", (Role.UNIT_OFFICER, units["tand"]))
    proposal = workflow.create_proposal(units["tand"], s1["organiser"], "Đề nghị", 2025)
    client.force_login(officer)
    text = pdf_text(client.get(reverse("dossiers:proposal_pdf", args=[proposal.pk])).content)
    assert "Căn cứ Nghị định 152/2025/NĐ-CP" in text
