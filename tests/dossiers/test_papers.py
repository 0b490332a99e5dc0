"""Proposal papers that can be sent (issue 9 item 7): addressed to the authority that decides, signed by the sender's
leader with the position kept as of signing, numbered with the issuer's abbreviation (Decree 30/2020/NĐ-CP). The
papers are opened and read back."""

import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.dossiers.test_documents import docx_text, pdf_text
from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.core.models import Activity
from thidua.dossiers.domain import workflow
from thidua.dossiers.domain.papers import number_line, signature, signers_for, signing_title
from thidua.dossiers.enums import Action, DocumentKind
from thidua.dossiers.models import Proposal
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db

ADDRESS = "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"


@pytest.fixture
def papers(s1, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    return {"s1": s1, "units": units, "officer": make_user("tand", (Role.UNIT_OFFICER, units["tand"])),
            "staff": make_user("ubnd", (Role.ORGANISER_STAFF, s1["organiser"])),
            "chanh_an": Person.objects.get(full_name="Chu Lệ Hường"),
            "pho_cuc_truong": Person.objects.get(full_name="Lê Văn Cường")}


def _proposal(papers, unit_key="tand", award="bk-tinh", **kwargs) -> Proposal:
    unit = papers["units"][unit_key]
    proposal = workflow.create_proposal(unit, papers["s1"]["organiser"], "Đề nghị tặng Bằng khen của Chủ tịch UBND "
                                        "tỉnh", 2024, **kwargs)
    nominee = workflow.add_nominee(proposal, Award.objects.get(code=award), unit=unit)
    workflow.attach_document(proposal, DocumentKind.ACHIEVEMENT_REPORT, SimpleUploadedFile("b.pdf", b"%PDF-1.4"),
                             nominee=nominee)
    workflow.attach_document(proposal, DocumentKind.REVIEW_MINUTES, SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    return proposal


def _read(client, name, proposal, as_pdf=True) -> str:
    response = client.get(reverse(f"dossiers:{name}_{'pdf' if as_pdf else 'docx'}", args=[proposal.pk]))
    assert response.status_code == 200
    return pdf_text(response.content) if as_pdf else docx_text(response.content)


def _number(client, name, proposal, as_pdf=True) -> str:
    """The number line as printed: from the PDF's layout (the blank before the symbol is kept as spaces, so the
    plain reading puts the symbol elsewhere), or from the .docx; spaces collapsed."""
    response = client.get(reverse(f"dossiers:{name}_{'pdf' if as_pdf else 'docx'}", args=[proposal.pk]))
    if as_pdf:
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True,
                             check=True).stdout.decode()
    else:
        out = docx_text(response.content)
    found = re.search(r"Số:\s*[^\s]*", " ".join(out.split()))
    return found.group(0) if found else ""


def test_the_proposal_is_addressed_to_the_chair_and_signed_by_the_chief_judge(client, papers):
    proposal = _proposal(papers, signer=papers["chanh_an"])
    assert proposal.signer_position == "Chánh án"  # from "Chánh án TAND tỉnh, Trưởng Cụm thi đua"
    client.force_login(papers["officer"])
    for as_pdf in (True, False):
        # no number yet: the space for it, then the symbol with the unit's abbreviation
        assert _number(client, "proposal", proposal, as_pdf) == "Số: /TTr-TA"
        text = _read(client, "proposal", proposal, as_pdf)
        assert f"{ADDRESS} (qua Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn)" in text
        assert ("Tòa án nhân dân tỉnh Lạng Sơn kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn xem xét, khen thưởng "
                "cho 1 tập thể") in text
        assert "Kính đề nghị Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn xem xét, quyết định./." in text
        assert "CHÁNH ÁN Chu Lệ Hường" in text and "THỦ TRƯỞNG ĐƠN VỊ" not in text and not re.search(r"(^|\s)KT\.", text)
        assert "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn xem xét" not in text  # one addressee throughout
    text = _read(client, "nominees", proposal)
    assert "(Kèm theo Tờ trình số /TTr-TA của Tòa án nhân dân tỉnh Lạng Sơn)" in text
    assert "CHÁNH ÁN Chu Lệ Hường" in text


def test_a_number_typed_alone_gets_its_symbol(client, papers):
    proposal = _proposal(papers, number="12", signer=papers["chanh_an"])
    client.force_login(papers["officer"])
    assert _number(client, "proposal", proposal) == "Số: 12/TTr-TA"
    assert _number(client, "proposal", proposal, as_pdf=False) == "Số: 12/TTr-TA"
    assert number_line("5", "TTr", "TA") == "Số: 05/TTr-TA"  # a leading zero below 10 (Decree 30/2020)
    assert number_line("15/TTr-TA", "TTr", "") == "Số: 15/TTr-TA"  # typed with its symbol: printed as typed


def test_a_deputy_signs_on_behalf_of_the_head(client, papers, make_user):
    officer = make_user("thads", (Role.UNIT_OFFICER, papers["units"]["thads"]))
    proposal = _proposal(papers, unit_key="thads", signer=papers["pho_cuc_truong"])
    assert proposal.signer_position == "Phó Cục trưởng"  # "Phó Cục trưởng Cục THADS tỉnh, Phó Trưởng Cụm thi đua"
    client.force_login(officer)
    for as_pdf in (True, False):
        text = _read(client, "proposal", proposal, as_pdf)
        assert "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG Lê Văn Cường" in text  # Decree 30/2020 art 13: "KT."
        assert _number(client, "proposal", proposal, as_pdf) == "Số: /TTr-CTHADS"


def test_without_a_signer_the_block_is_left_to_sign_by_hand(client, papers):
    proposal = _proposal(papers)
    client.force_login(papers["officer"])
    text = _read(client, "proposal", proposal)
    assert text.endswith("THỦ TRƯỞNG ĐƠN VỊ")
    assert "Chu Lệ Hường" not in text


def test_a_unit_without_abbreviation_prints_the_bare_symbol_and_its_page_warns(client, papers):
    tand = papers["units"]["tand"]
    Unit.objects.filter(pk=tand.pk).update(doc_abbreviation="")
    proposal = _proposal(papers)
    client.force_login(papers["officer"])
    assert _number(client, "proposal", proposal) == "Số: /TTr"
    assert _number(client, "proposal", proposal, as_pdf=False) == "Số: /TTr"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="abbreviation-missing"' in page and "chưa có chữ viết tắt tên cơ quan trên văn bản" in page
    Unit.objects.filter(pk=tand.pk).update(doc_abbreviation="TA")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="abbreviation-missing"' not in page


def test_the_decision_is_numbered_with_the_province_abbreviation(client, papers):
    proposal = _proposal(papers)
    workflow.transition(proposal, Action.SUBMIT, papers["officer"])
    for action in (Action.RECEIVE, Action.APPRAISE):
        workflow.transition(proposal, action, papers["staff"])
    client.force_login(papers["staff"])
    assert _number(client, "decision", proposal) == "Số: /QĐ-UBND"
    assert _number(client, "decision", proposal, as_pdf=False) == "Số: /QĐ-UBND"
    organiser = papers["s1"]["organiser"]
    organiser.doc_abbreviation = ""
    organiser.save()
    assert _number(client, "decision", proposal) == "Số: /QĐ"


def test_the_signer_is_a_person_of_the_sender(papers):
    outsider = Person.objects.filter(unit=papers["units"]["ca"]).first()
    with pytest.raises(ValidationError, match="phải là cán bộ của Tòa án nhân dân tỉnh Lạng Sơn"):
        workflow.create_proposal(papers["units"]["tand"], papers["s1"]["organiser"], "Đề nghị", 2024, signer=outsider)
    proposal = _proposal(papers)
    with pytest.raises(ValidationError):
        workflow.set_signer(proposal, outsider)
    workflow.set_signer(proposal, papers["chanh_an"], "Chánh án", actor=papers["officer"])
    proposal.refresh_from_db()
    assert (proposal.signer, proposal.signer_position) == (papers["chanh_an"], "Chánh án")
    entry = Activity.objects.filter(summary="Đổi người ký tờ trình").latest("at")
    assert entry.changes == [{"field": "Người ký", "old": "", "new": "Chánh án Chu Lệ Hường"}]
    workflow.transition(proposal, Action.SUBMIT, papers["officer"])
    with pytest.raises(ValidationError, match="chỉ sửa khi đang soạn"):
        workflow.set_signer(proposal, None)


def test_signers_leaders_first_and_the_title_from_the_record(papers):
    people = list(signers_for([papers["units"]["tand"].pk]))
    categories = [p.category for p in people]
    assert categories == sorted(categories, key=lambda c: c != "leader") and "direct" in categories
    assert papers["chanh_an"] in people
    assert signing_title(papers["chanh_an"]) == "Chánh án"
    assert signature("Chánh án") == ("", "CHÁNH ÁN")
    assert signature("Phó Chánh án") == ("KT. CHÁNH ÁN", "PHÓ CHÁNH ÁN")


def test_the_signer_is_chosen_in_the_proposal_form_and_on_its_page(client, papers):
    client.force_login(papers["officer"])
    page = client.get(reverse("dossiers:proposal_create")).content.decode()
    assert page.index("Chu Lệ Hường") < page.index("Chuyên viên")  # leaders first
    response = client.post(reverse("dossiers:proposal_create"), {
        "sender": papers["units"]["tand"].pk, "channel": "province", "recipient": papers["s1"]["organiser"].pk,
        "title": "Đề nghị khen thưởng", "year": "2024", "award_type": "merit",
        "signer": papers["chanh_an"].pk, "signer_position": ""})
    assert response.status_code == 302
    proposal = Proposal.objects.latest("pk")
    assert (proposal.signer, proposal.signer_position) == (papers["chanh_an"], "Chánh án")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'id="signer-form"' in page and "Chu Lệ Hường</strong> — Chánh án" in page
    response = client.post(reverse("dossiers:proposal_signer", args=[proposal.pk]),
                           {"signer": papers["chanh_an"].pk, "signer_position": "Chánh án Tòa án nhân dân tỉnh"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.signer_position == "Chánh án Tòa án nhân dân tỉnh"
    outsider = Person.objects.filter(unit=papers["units"]["ca"]).first()
    response = client.post(reverse("dossiers:proposal_signer", args=[proposal.pk]), {"signer": outsider.pk})
    assert response.status_code == 200  # refused: not among the sender's people
    proposal.refresh_from_db()
    assert proposal.signer == papers["chanh_an"]


def test_the_abbreviation_is_edited_on_the_unit_form(client, papers, make_user):
    tand = papers["units"]["tand"]
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("orgs:unit_edit", args=[tand.pk])).content.decode()
    assert 'name="doc_abbreviation"' in page and "chữ viết tắt tên cơ quan trên văn bản" in page.lower()
    data = {"name": tand.name, "short_name": tand.short_name, "doc_abbreviation": "TAT", "kind": tand.kind,
            "sector": tand.sector_id, "area": tand.area_id, "parent_outside": "", "address": "", "phone": "",
            "email": ""}
    assert client.post(reverse("orgs:unit_edit", args=[tand.pk]), data).status_code == 302
    tand.refresh_from_db()
    assert tand.doc_abbreviation == "TAT"
    entry = Activity.objects.filter(summary="Sửa thông tin đơn vị").latest("at")
    assert {"field": "chữ viết tắt tên cơ quan trên văn bản", "old": "TA", "new": "TAT"} in entry.changes
