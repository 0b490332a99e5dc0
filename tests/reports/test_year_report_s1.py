"""The year-end report (báo cáo tổng kết) of S1's 2023, built from the records: the page, the .docx read back with
python-docx and the PDF read back with pdftotext — the ranking, the nominations with their votes, the award
figures (1.003 / 3.427 / 89,4%), the conference and next year's head and deputy."""

import io
import re
import subprocess

import docx
import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.reports.domain.year_report import gather

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def docx_tables(content: bytes) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(content))
    tables = [[[cell.text.strip() for cell in row.cells] for row in table.rows] for table in document.tables]
    parts = [p.text for p in document.paragraphs] + [c for t in tables for r in t for c in r]
    text = " ".join(" ".join(parts).split())
    assert "{{" not in text and "{%" not in text, "a tag was left in the document"
    return text, tables


def _table(tables, first_header: str) -> list[list[str]]:
    return next(t for t in tables if t and t[0] and t[0][0] == first_header)


@pytest.fixture
def s1_2023(s1_year):
    return s1_year["cluster"].periods.get(year=2023)


def test_s1_2023_gathered_from_the_records(s1_2023):
    data = gather(s1_2023)
    assert data.head.label == "Khối trưởng" and data.head.unit == "Tòa án nhân dân tỉnh Lạng Sơn"
    assert data.deputy.label == "Khối phó"
    assert data.members == 7 and data.covenant_signed == 7 and data.registered == 7
    assert [r.unit for r in data.ranking][:2] == ["Tòa án nhân dân tỉnh Lạng Sơn", "Tiểu đoàn Cảnh sát cơ động số 2"]
    assert data.ranking[0].final == "99,45"
    assert [(n.nominee, n.votes_text) for n in data.nominations][0] == ("Tòa án nhân dân tỉnh Lạng Sơn", "7/7")
    assert data.figure_rows[0].total == "1.003" and data.figure_rows[1].total == "3.427"
    assert data.direct_share == "89,4%"
    assert data.next_head.unit == "Cục Thi hành án dân sự tỉnh Lạng Sơn"
    assert data.next_deputy.unit == "Tiểu đoàn Cảnh sát cơ động số 2"
    assert data.illustrative_notes  # the ballot's regulation is the demo's, marked so


def test_s1_2023_docx_and_pdf_read_back(client, s1_year, s1_2023, make_user):
    client.force_login(make_user("tand", (Role.UNIT_OFFICER, s1_year["units"]["tand"])))
    response = client.get(reverse("reports:year_report_docx", args=[s1_2023.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, tables = docx_tables(response.content)
    ranking = _table(tables, "Hạng")
    assert ranking[1][:2] == ["1", "Tòa án nhân dân tỉnh Lạng Sơn"] and ranking[1][5] == "99,45"
    assert [r[1] for r in ranking[1:]][-1] == "Viện kiểm sát nhân dân tỉnh Lạng Sơn"
    nominations = _table(tables, "STT")
    assert nominations[1][1:] == ["Tòa án nhân dân tỉnh Lạng Sơn", "Cờ thi đua của UBND tỉnh", "7/7", "100%"]
    assert nominations[3][1] == "Tiểu đoàn Cảnh sát cơ động số 2" and nominations[3][3] == "5/7"
    figures = _table(tables, "Khen thưởng (lượt)")
    assert figures[1][0] == "Tập thể" and figures[1][-1] == "1.003"
    assert figures[2][0] == "Cá nhân" and figures[2][-1] == "3.427"
    assert "chiếm 89,4% số lượt khen thưởng cá nhân" in text
    assert "BÁO CÁO" in text and "Tổng kết công tác thi đua, khen thưởng năm 2023" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: /BC-KTĐ" in text
    assert "Lạng Sơn, ngày 09 tháng 01 năm 2024" in text
    assert "Khối trưởng năm 2024: Cục Thi hành án dân sự tỉnh Lạng Sơn" in text
    assert "Khối phó năm 2024: Tiểu đoàn Cảnh sát cơ động số 2" in text
    assert "Tổng kết năm: Hội nghị tổng kết phong trào thi đua" in text
    assert "7/7 đơn vị thành viên đã ký" in text
    # the demo's illustrative note: the paper's mark and its footer, never in the body
    assert "MINH HỌA" in text and "Dữ liệu minh họa của bản trình diễn" in text
    assert "Minh họa: báo cáo không nêu" not in text.split("Dữ liệu minh họa của bản trình diễn")[0]
    assert "ĐƠN VỊ KHỐI TRƯỞNG" in text and "TÒA ÁN NHÂN DÂN TỈNH LẠNG SƠN" in text

    response = client.get(reverse("reports:year_report_pdf", args=[s1_2023.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pdf_text(response.content)
    assert "1 Tòa án nhân dân tỉnh Lạng Sơn" in pdf and "99,45" in pdf
    # a row may fall across a page break (the page's footer note then reads in between)
    assert re.search(r"Tòa án nhân dân tỉnh Lạng Sơn.{0,200}?Cờ thi đua của UBND tỉnh.{0,300}?7/7.{0,40}?100%", pdf)
    assert re.search(r"Tiểu đoàn Cảnh sát cơ động số 2 Bằng khen của Chủ tịch UBND tỉnh.{0,300}?5/7", pdf)
    assert "1.003" in pdf and "3.427" in pdf and "89,4%" in pdf
    assert "Khối trưởng năm 2024: Cục Thi hành án dân sự tỉnh Lạng Sơn" in pdf
    assert "MINH HỌA" in pdf and "Dữ liệu minh họa của bản trình diễn" in pdf


def test_s1_2023_page_shows_what_the_document_prints(client, s1_year, s1_2023, make_user):
    client.force_login(make_user("ubnd", (Role.ORGANISER_STAFF, s1_year["organiser"])))
    page = client.get(reverse("reports:year_report", args=[s1_2023.pk])).content.decode()
    assert ">1.003<" in page and ">3.427<" in page and "89,4%" in page
    assert "Khối trưởng năm 2024: Cục Thi hành án dân sự tỉnh Lạng Sơn" in page
    assert 'id="narrative-form"' in page
    assert reverse("reports:year_report_docx", args=[s1_2023.pk]) in page
    year_page = client.get(reverse("clusters:period_detail", args=[s1_2023.pk])).content.decode()
    assert reverse("reports:year_report", args=[s1_2023.pk]) in year_page
