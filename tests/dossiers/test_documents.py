"""A proposal's papers read back: PDF through pdftotext, .docx through python-docx; cash and its words."""

import datetime as dt
import io
import re
import subprocess

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.domain.money import amount_in_words, number_in_words
from thidua.awards.models import Award
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import Action, DocumentKind
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = " ".join(" ".join(parts).split())
    assert "{{" not in text and "{%" not in text, "a tag was left in the document"
    return text


@pytest.mark.parametrize("amount, words", [
    (8_190_000, "Tám triệu một trăm chín mươi nghìn đồng"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (16_380_000, "Mười sáu triệu ba trăm tám mươi nghìn đồng"),
    (8_010_000, "Tám triệu không trăm mười nghìn đồng"),
    (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
    (1_210_000_000, "Một tỷ hai trăm mười triệu đồng"),
])
def test_amounts_in_words(amount, words):
    assert amount_in_words(amount) == words
    assert number_in_words(0) == "không"


@pytest.fixture
def decided(s1, make_user, settings, tmp_path):
    """A Bằng khen of the Prime Minister for one person and one collective, decided on 01/08/2025."""
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    officer = make_user("tand", (Role.UNIT_OFFICER, units["tand"]))
    staff = make_user("ubnd", (Role.ORGANISER_STAFF, s1["organiser"]))
    proposal = workflow.create_proposal(units["tand"], s1["organiser"], "Đề nghị tặng Bằng khen của Thủ tướng "
                                        "Chính phủ", 2024, number="15/TTr-TA")
    person = Person.objects.get(full_name="Chu Lệ Hường")
    award = Award.objects.get(code="bk-ttg")
    for nominee in (workflow.add_nominee(proposal, award, person=person, achievement="Hoàn thành xuất sắc nhiệm vụ"),
                    workflow.add_nominee(proposal, award, unit=units["tand"])):
        workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
                                 nominee=nominee)
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    return {"proposal": proposal, "officer": officer, "staff": staff}


def get(client, name, proposal) -> bytes:
    response = client.get(reverse(f"dossiers:{name}", args=[proposal.pk]))
    assert response.status_code == 200, name
    return response


def test_the_decision_with_its_list_as_pdf_and_docx(client, decided):
    proposal, staff = decided["proposal"], decided["staff"]
    workflow.transition(proposal, Action.SUBMIT, decided["officer"])
    for action in (Action.RECEIVE, Action.APPRAISE):
        workflow.transition(proposal, action, staff)
    workflow.transition(proposal, Action.REVIEW, staff, council_result="Nhất trí 100%.")
    client.force_login(staff)
    draft = pdf_text(get(client, "decision_pdf", proposal).content)
    assert "DỰ THẢO" in draft
    workflow.transition(proposal, Action.DECIDE, staff, decision_number="1234/QĐ-TTg",
                        decision_date=dt.date(2025, 8, 1), decision_signer="Thủ tướng Chính phủ")
    response = get(client, "decision_pdf", proposal)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 1234/QĐ-TTg" in text and "Lạng Sơn, ngày 01 tháng 8 năm 2025" in text
    assert "QUYẾT ĐỊNH" in text and "DỰ THẢO" not in text
    assert "Nghị định 152/2025/NĐ-CP" in text
    assert "cá nhân: 8.190.000 đồng (Tám triệu một trăm chín mươi nghìn đồng)" in text
    assert "tập thể: 16.380.000 đồng (Mười sáu triệu ba trăm tám mươi nghìn đồng)" in text
    assert "Tổng số tiền thưởng: 24.570.000 đồng (Hai mươi bốn triệu năm trăm bảy mươi nghìn đồng)" in text
    assert "(Kèm theo Quyết định số 1234/QĐ-TTg ngày 01 tháng 8 năm 2025 của Thủ tướng Chính phủ)" in text
    assert re.search(r"Chu Lệ Hường .*8\.190\.000", text)
    assert "tám triệu một trăm chín mươi nghìn đồng" in text.lower()

    response = get(client, "decision_docx", proposal)
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text and "Số: 1234/QĐ-TTg" in text
    assert "Lạng Sơn, ngày 01 tháng 8 năm 2025" in text
    assert "cá nhân: 8.190.000 đồng (Tám triệu một trăm chín mươi nghìn đồng)" in text
    assert "Chu Lệ Hường" in text and "24.570.000" in text
    # the sender reads the decision once it is decided
    client.force_login(decided["officer"])
    assert get(client, "decision_pdf", proposal)["Content-Type"] == "application/pdf"


def test_the_proposal_and_its_list(client, decided):
    proposal = decided["proposal"]
    client.force_login(decided["officer"])
    text = pdf_text(get(client, "proposal_pdf", proposal).content)
    assert "TÒA ÁN NHÂN DÂN TỈNH LẠNG SƠN" in text and "Số: 15/TTr-TA" in text and "TỜ TRÌNH" in text
    assert "Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ" in text and "DỰ THẢO" in text
    # addressed to the authority that decides, through its council, the same in the address, intro and closing
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn (qua Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn)" in text
    assert ("kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn xem xét, trình cấp có thẩm quyền khen thưởng cho 1 "
            "tập thể và 1 cá nhân") in text
    assert "Kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn xem xét, trình cấp có thẩm quyền quyết định./." in text
    # cash at today's base salary (2.340.000 đồng while no newer one is entered): 3,5 × and 7 ×
    assert "cá nhân: 8.190.000 đồng (Tám triệu một trăm chín mươi nghìn đồng)" in text
    text = docx_text(get(client, "proposal_docx", proposal).content)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn" in text and "24.570.000" in text
    assert "(qua Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn)" in text

    text = pdf_text(get(client, "nominees_pdf", proposal).content)
    assert "DANH SÁCH" in text and "(Kèm theo Tờ trình số 15/TTr-TA" in text
    assert "Chu Lệ Hường" in text and "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ (1 tập thể và 1 cá nhân)" in text
    text = docx_text(get(client, "nominees_docx", proposal).content)
    assert "Chu Lệ Hường" in text and "Tòa án nhân dân tỉnh Lạng Sơn" in text and "8.190.000" in text


def test_a_document_is_judged_by_its_content_not_its_name(s1, settings, tmp_path):
    """Issue 11 item 8: an executable renamed .pdf, or a web page renamed .docx, is refused with the file's name."""
    from django.core.exceptions import ValidationError

    from thidua.dossiers.models import Document

    settings.MEDIA_ROOT = tmp_path
    proposal = workflow.create_proposal(s1["units"]["tand"], s1["organiser"], "Đề nghị", 2024)
    for name, content in (("to-trinh.pdf", b"MZ\x90\x00 executable"), ("bien-ban.docx", b"<html></html>")):
        with pytest.raises(ValidationError, match=f"Nội dung tệp “{name}” không phải"):
            workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, SimpleUploadedFile(name, content))
    assert not Document.objects.filter(proposal=proposal).exists()
