"""The covenant as an official document: downloaded as .docx and PDF, opened and read back (python-docx;
poppler's pdftotext), every fact checked against the records of S1's 2023 year."""

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from thidua.accounts.models import Role
from thidua.core.documents import ascii_filename, content_disposition, vn_date, vn_place_date
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path, layout: bool = False) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def pdf_info(content: bytes, tmp_path, tool: str = "pdfinfo") -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    return subprocess.run([tool, str(path)], check=True, capture_output=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace collapsed, so a name wrapped over two lines reads as one."""
    return " ".join(text.split())


def docx_texts(content: bytes) -> tuple[list[str], list[str], list[str], Document]:
    """Paragraphs, the header cells, and one text per signature block (each block spans two table rows: unit
    and title, then the name and date), in reading order."""
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    header, signatures = document.tables
    header_cells = [cell.text for row in header.rows for cell in row.cells]
    blocks = []
    rows = signatures.rows
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        for upper, lower in zip(top.cells, bottom.cells, strict=True):
            blocks.append(f"{upper.text}\n{lower.text}")
    return paragraphs, header_cells, blocks, document


@pytest.fixture
def year(s1_year):
    year = s1_year["year_2023"]
    covenant = Covenant.objects.get(pk=year["covenant"].pk)
    signatures = list(covenant.signatures.select_related("unit"))
    return {"period": year["period"], "covenant": covenant, "signatures": signatures, "units": s1_year["units"]}


def expected_place_date(signatures) -> str:
    return vn_place_date("Lạng Sơn", max(s.signed_on for s in signatures))


def test_vietnamese_dates_as_decree_30_writes_them():
    assert vn_date(dt.date(2024, 1, 9)) == "ngày 09 tháng 01 năm 2024"
    assert vn_date(dt.date(2023, 11, 20)) == "ngày 20 tháng 11 năm 2023"
    assert vn_date(dt.date(2024, 3, 5)) == "ngày 05 tháng 3 năm 2024"
    assert vn_place_date("Lạng Sơn", dt.date(2024, 1, 9)) == "Lạng Sơn, ngày 09 tháng 01 năm 2024"
    assert ascii_filename("Giao ước thi đua năm 2023 - Khối Nội chính.docx") == \
        "giao-uoc-thi-dua-nam-2023-khoi-noi-chinh.docx"
    header = content_disposition("Đà Nẵng.pdf", inline=True)
    assert header.startswith('inline; filename="da-nang.pdf"; filename*=UTF-8\'\'')
    assert "%C4%90%C3%A0%20N%E1%BA%B5ng.pdf" in header


def test_covenant_docx_names_every_member_and_signer(year, make_user, client):
    period, covenant, signatures = year["period"], year["covenant"], year["signatures"]
    assert covenant.state == CovenantState.SIGNED and len(signatures) == 7
    client.force_login(make_user("can-bo-ca", (Role.UNIT_OFFICER, year["units"]["ca"])))
    response = client.get(reverse("movements:covenant_docx", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'attachment; filename="giao-uoc-thi-dua-nam-2023-' in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]

    paragraphs, cells, blocks, document = docx_texts(response.content)
    header = " ".join(cells)
    assert "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH LẠNG SƠN" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Độc lập - Tự do - Hạnh phúc" in header
    assert expected_place_date(signatures) in cells
    assert "Lạng Sơn, ngày 15 tháng 02 năm 2023" in cells  # the signing date the demo records
    assert "GIAO ƯỚC THI ĐUA NĂM 2023" in paragraphs
    assert "của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn" in paragraphs
    for item in covenant.items.all():
        assert f"{item.order}. {item.text}" in paragraphs
    assert any("7 đơn vị thành viên" in p for p in paragraphs)
    assert any("08 bản" in p for p in paragraphs)  # one copy per member and one for the council
    assert len([b for b in blocks if b.strip()]) == 7
    for signature in signatures:
        block = next(b for b in blocks if signature.signer_name in b)
        assert signature.unit.name.upper() in block
        assert signature.signer_title.upper() in block
        assert f"Ký ngày {signature.signed_on:%d/%m/%Y}" in block
    # the head unit signs first, then the deputy
    assert blocks[0].startswith("TÒA ÁN NHÂN DÂN TỈNH LẠNG SƠN")
    assert blocks[1].startswith("CỤC THI HÀNH ÁN DÂN SỰ TỈNH LẠNG SƠN")
    assert "DỰ THẢO" not in " ".join(paragraphs)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_covenant_pdf_reads_back_in_the_layout_of_decree_30(year, make_user, client, tmp_path):
    period, covenant, signatures = year["period"], year["covenant"], year["signatures"]
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, year["units"]["tand"])))
    response = client.get(reverse("movements:covenant_pdf", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('inline; filename="giao-uoc-thi-dua-nam-2023-')

    layout = pdf_text(response.content, tmp_path, layout=True)
    lines = [line.strip() for line in layout.splitlines()]
    first = next(i for i, line in enumerate(lines) if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line)
    assert lines[first].startswith("KHỐI THI ĐUA CÁC CƠ QUAN")  # issuing body at the left, motto at the right
    assert "Độc lập - Tự do - Hạnh phúc" in lines[first + 1]
    assert expected_place_date(signatures) in layout
    assert "GIAO ƯỚC THI ĐUA NĂM 2023" in lines

    text = flat(pdf_text(response.content, tmp_path))
    assert "KHỐI THI ĐUA CÁC CƠ QUAN NỘI CHÍNH TỈNH LẠNG SƠN" in text
    for item in covenant.items.all():
        assert flat(f"{item.order}. {item.text}") in text
    for signature in signatures:
        assert signature.unit.name.upper() in text
        assert signature.signer_name in text
        assert flat(signature.signer_title.upper()) in text
    assert "Nơi nhận:" in text

    info = pdf_info(response.content, tmp_path)
    assert "A4" in info
    fonts = pdf_info(response.content, tmp_path, tool="pdffonts")
    assert "Liberation-Serif" in fonts or "LiberationSerif" in fonts


def test_a_covenant_not_yet_signed_by_all_is_a_draft(year, make_user, client):
    period, covenant = year["period"], year["covenant"]
    missing = next(s for s in year["signatures"] if s.unit == year["units"]["vks"])
    missing.delete()
    Covenant.objects.filter(pk=covenant.pk).update(state=CovenantState.OPEN)
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, year["units"]["tand"])))
    paragraphs, _cells, blocks, _document = docx_texts(
        client.get(reverse("movements:covenant_docx", args=[period.pk])).content)
    assert "DỰ THẢO · MINH HỌA" in paragraphs  # the draft's mark, and the demo's illustrative covenant says so
    block = next(b for b in blocks if "VIỆN KIỂM SÁT NHÂN DÂN TỈNH LẠNG SƠN" in b)
    assert "(Chưa ký)" in block


def test_covenant_documents_need_the_right_to_see_the_year(year, make_user, client):
    period = year["period"]
    urls = [reverse(f"movements:covenant_{kind}", args=[period.pk]) for kind in ("docx", "pdf")]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    outsider = make_user("so-noi-vu", (Role.UNIT_OFFICER, year["units"]["snv"]))  # not a member of the cluster
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(make_user("thanh-vien", (Role.UNIT_OFFICER, year["units"]["vks"])))
    assert client.get(reverse("movements:covenant_docx", args=[999999])).status_code == 404
    Covenant.objects.filter(period=period).delete()
    for url in urls:
        assert client.get(url).status_code == 404
