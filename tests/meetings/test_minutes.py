"""The minutes of a conference (biên bản hội nghị) as .docx and PDF: downloaded, opened and read back
(python-docx; poppler's pdftotext), every fact checked against the records of an invented block's 2019 year-end
conference — attending units with their representatives (rank and position as of the conference date), the
members absent, the decisions with next year's head and deputy from the records, the signatures; who may
download them; a block's words."""

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from thidua.accounts.models import Role, User
from thidua.demo import builders as b
from thidua.meetings.domain.conferences import record_conference, update_conference
from thidua.meetings.enums import ConferenceKind, DecisionKind
from thidua.orgs.domain.people import save_person_changes

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2019, 12, 15)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "bien-ban.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def docx_parts(content: bytes) -> tuple[list[str], list[list[str]], list[str], str]:
    """Paragraphs; the attendance table's rows; the signature cells; everything as one text."""
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    header, attendance, signatures = document.tables
    rows = [[cell.text for cell in row.cells] for row in attendance.rows]
    cells = [cell.text for row in signatures.rows for cell in row.cells]
    header_text = [cell.text for row in header.rows for cell in row.cells]
    everything = " ".join([*header_text, *paragraphs, *(" ".join(r) for r in rows), *cells])
    return paragraphs, rows, cells, " ".join(everything.split())


def record(block, **changes):
    units, people = block["units"], block["people"]
    facts = {
        "time_of_day": "8 giờ 00 phút", "place": "Hội trường Công an tỉnh Hà Tĩnh", "host": units["ca"],
        "ends_at": "11 giờ 30 phút",
        "agenda": "Tổng kết công tác thi đua năm 2019.\nBình xét, suy tôn; bầu Khối trưởng, Khối phó năm 2020.",
        "minutes": "Đồng chí Khối trưởng trình bày báo cáo tổng kết.",
        "secretary": {"name": "Nguyễn Thị Hoa", "rank": "Thiếu tá", "title": "Phó Trưởng phòng Tham mưu"},
        "chairs": [{"person": people["giam_doc"], "name": "", "title": "", "unit": None, "cluster_role": ""}],
        "attending_units": [units[k] for k in ("ca", "bchqs", "vks", "tand")],
        "representatives": {
            units["ca"].pk: {"person": people["pho_giam_doc"]},
            units["bchqs"].pk: {"person": people["chi_huy"]},
            units["vks"].pk: {"name": "Võ Văn Kiệt", "rank": "", "position": "Phó Viện trưởng"},
        },
        "guests": [{"name": "Nguyễn Văn Bình", "title": "Phó Giám đốc", "organisation": "Sở Nội vụ tỉnh Hà Tĩnh"}],
        "decisions": [
            {"kind": DecisionKind.NOMINATION, "text": "Suy tôn Công an tỉnh Hà Tĩnh dẫn đầu Khối năm 2019."},
            {"kind": DecisionKind.NEXT_LEADERS, "text": "Bầu Khối trưởng, Khối phó năm 2020 bằng phiếu kín."},
        ],
    }
    facts.update(changes)
    return record_conference(block["period"], ConferenceKind.YEAR_END,
                             "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2019", HELD_ON, **facts)


def test_docx_reads_back_every_fact_from_the_records(block, client):
    conference = record(block)
    client.force_login(User.objects.create_superuser("quan-tri", password="x"))
    response = client.get(reverse("meetings:minutes_docx", args=[conference.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    paragraphs, rows, signatures, text = docx_parts(response.content)
    assert "KHỐI THI ĐUA NỘI CHÍNH TỈNH HÀ TĨNH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text and "Số: /BB-KTĐ" in text
    assert "BIÊN BẢN" in paragraphs and "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2019" in paragraphs
    assert "Thời gian bắt đầu: 8 giờ 00 phút, ngày 15 tháng 12 năm 2019." in paragraphs
    assert "Địa điểm: Hội trường Công an tỉnh Hà Tĩnh." in paragraphs
    # the chair picked from the records: rank, name and position; the head unit's role in the block's words
    assert "- Đại tá Trần Văn Hùng, Giám đốc Công an tỉnh (Công an tỉnh Hà Tĩnh) — Khối trưởng." in paragraphs
    assert "Thư ký (người ghi biên bản): Thiếu tá Nguyễn Thị Hoa, Phó Trưởng phòng Tham mưu." in paragraphs
    assert "- Nguyễn Văn Bình, Phó Giám đốc, Sở Nội vụ tỉnh Hà Tĩnh." in paragraphs
    assert "Có mặt 4/5 đơn vị thành viên của Khối thi đua Nội chính tỉnh Hà Tĩnh:" in paragraphs
    assert rows[1:] == [
        ["1", "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh", "Thượng tá Phan Đình Sơn", "Chỉ huy trưởng"],
        ["2", "Công an tỉnh Hà Tĩnh", "Lê Thị Minh", "Phó Giám đốc Công an tỉnh"],
        ["3", "Tòa án nhân dân tỉnh Hà Tĩnh", "", ""],
        ["4", "Viện kiểm sát nhân dân tỉnh Hà Tĩnh", "Võ Văn Kiệt", "Phó Viện trưởng"],
    ]
    assert "Vắng mặt: Sở Tư pháp tỉnh Hà Tĩnh." in paragraphs
    assert "1. Bình xét, suy tôn, đề nghị khen thưởng: Suy tôn Công an tỉnh Hà Tĩnh dẫn đầu Khối năm 2019." \
        in paragraphs
    assert ("2. Bầu Khối trưởng, Khối phó năm sau: Bầu Khối trưởng, Khối phó năm 2020 bằng phiếu kín. Kết quả: "
            "Khối trưởng năm 2020: Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh; Khối phó năm 2020: Tòa án nhân dân tỉnh Hà "
            "Tĩnh.") in paragraphs
    assert any(p.startswith("Hội nghị kết thúc vào 11 giờ 30 phút, ngày 15 tháng 12 năm 2019.") for p in paragraphs)
    assert [" ".join(c.split()) for c in signatures] == [
        "THƯ KÝ (Ký, ghi rõ họ tên) Thiếu tá Nguyễn Thị Hoa",
        "CHỦ TRÌ (Ký, ghi rõ họ tên, đóng dấu nếu có) Đại tá Trần Văn Hùng"]
    assert "- Hội đồng Thi đua - Khen thưởng tỉnh Hà Tĩnh (để báo cáo);" in paragraphs
    # a block's words throughout, never a cluster's
    assert "Trưởng cụm" not in text and "phó cụm" not in text
    assert "{{" not in text and "{%" not in text


def test_pdf_reads_back_the_same_facts(block, client, make_user, tmp_path):
    conference = record(block)
    client.force_login(make_user("so-noi-vu-ht", (Role.ORGANISER_STAFF, block["organiser"])))
    response = client.get(reverse("meetings:minutes_pdf", args=[conference.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in ("KHỐI THI ĐUA NỘI CHÍNH TỈNH HÀ TĨNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "BIÊN BẢN",
                     "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2019",
                     "Thời gian bắt đầu: 8 giờ 00 phút, ngày 15 tháng 12 năm 2019",
                     "Đại tá Trần Văn Hùng, Giám đốc Công an tỉnh (Công an tỉnh Hà Tĩnh) — Khối trưởng",
                     "Thiếu tá Nguyễn Thị Hoa", "Có mặt 4/5 đơn vị thành viên",
                     "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh Thượng tá Phan Đình Sơn Chỉ huy trưởng",
                     "Công an tỉnh Hà Tĩnh Lê Thị Minh Phó Giám đốc Công an tỉnh",
                     "Viện kiểm sát nhân dân tỉnh Hà Tĩnh Võ Văn Kiệt Phó Viện trưởng",
                     "Vắng mặt: Sở Tư pháp tỉnh Hà Tĩnh",
                     "Khối trưởng năm 2020: Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh; Khối phó năm 2020: Tòa án nhân dân",
                     "Hội nghị kết thúc vào 11 giờ 30 phút, ngày 15 tháng 12 năm 2019",
                     "THƯ KÝ", "CHỦ TRÌ", "Nơi nhận:"):
        assert expected in text, expected
    assert "Trưởng cụm" not in text


def test_rank_and_position_are_those_of_the_conference_date(block, client):
    """A person changed in the app after the conference (the log says so) is printed as they were that day; a
    change after the minutes were recorded does not rewrite them; a corrected minutes keeps what was copied."""
    people = block["people"]
    officer = people["chi_huy"]
    # promoted on the app's records after 15/12/2019 (the log is dated today): the 2019 rank is Thượng tá
    officer.rank, officer.position = "Đại tá", "Chính ủy"
    save_person_changes(officer, ["rank", "position"])
    conference = record(block)
    row = conference.attendances.get(unit=block["units"]["bchqs"])
    assert (row.person, row.represented_by, row.rank, row.position) == (
        officer, "Phan Đình Sơn", "Thượng tá", "Chỉ huy trưởng")
    # the person changes again: the minutes keep what was copied
    officer.rank = "Thiếu tướng"
    save_person_changes(officer, ["rank"])
    client.force_login(User.objects.create_superuser("quan-tri", password="x"))
    _paragraphs, rows, _signatures, text = docx_parts(
        client.get(reverse("meetings:minutes_docx", args=[conference.pk])).content)
    assert ["1", "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh", "Thượng tá Phan Đình Sơn", "Chỉ huy trưởng"] in rows
    assert "Thiếu tướng" not in text and "Chính ủy" not in text
    # a correction of the conference that keeps the copied values keeps them
    units = block["units"]
    update_conference(conference, ConferenceKind.YEAR_END, conference.title, HELD_ON,
                      attending_units=[units["bchqs"]],
                      representatives={units["bchqs"].pk: {"person": officer, "rank": "Thượng tá",
                                                           "position": "Chỉ huy trưởng"}})
    row = conference.attendances.get()
    assert (row.rank, row.position) == ("Thượng tá", "Chỉ huy trưởng")
    # a person never changed in the log is copied as the records hold them
    assert conference.secretary_name == "" and record(block).chairs.get().rank == "Đại tá"


def test_a_representative_must_work_in_the_unit_represented(block):
    from django.core.exceptions import ValidationError

    units, people = block["units"], block["people"]
    with pytest.raises(ValidationError, match="không thuộc Sở Tư pháp tỉnh Hà Tĩnh"):
        record(block, attending_units=[units["stp"]], representatives={units["stp"].pk: {"person": people["chi_huy"]}})
    assert not block["period"].conferences.exists()


def test_who_may_download_the_minutes(block, client, make_user, s1):
    conference = record(block)
    units = block["units"]
    other_organiser = b.organiser("ubnd-nghe-an-thu", "Ủy ban nhân dân tỉnh Nghệ An", "province",
                                  area_code="nghe-an")
    outsider_unit = b.unit("ht-so-y-te", "Sở Y tế tỉnh Hà Tĩnh", area_code="ha-tinh")
    allowed = {
        "admin": User.objects.create_superuser("quan-tri", password="x"),
        "organiser": make_user("snv-ht", (Role.ORGANISER_STAFF, block["organiser"])),
        "member officer": make_user("can-bo-stp", (Role.UNIT_OFFICER, units["stp"])),  # absent, still a member
        "member leader": make_user("lanh-dao-ca", (Role.LEADER, units["ca"])),
        "head staff": make_user("thuong-truc-ca", (Role.HEAD_STAFF, units["ca"])),
    }
    refused = {
        "other unit": make_user("can-bo-syt", (Role.UNIT_OFFICER, outsider_unit)),
        "other organiser": make_user("snv-na", (Role.ORGANISER_STAFF, other_organiser)),
        "another cluster's member": make_user("can-bo-tand-ls", (Role.UNIT_OFFICER, s1["units"]["tand"])),
        "no role": make_user("khong-vai-tro"),
    }
    for name in ("minutes_docx", "minutes_pdf"):
        url = reverse(f"meetings:{name}", args=[conference.pk])
        for who, user in allowed.items():
            client.force_login(user)
            assert client.get(url).status_code == 200, (name, who)
        for who, user in refused.items():
            client.force_login(user)
            assert client.get(url).status_code == 403, (name, who)
        client.logout()
        assert client.get(url).status_code == 302
        client.force_login(allowed["admin"])
        assert client.get(reverse(f"meetings:{name}", args=[999999])).status_code == 404


def test_a_clusters_minutes_use_the_clusters_words(s2, client):
    """S2 is a cụm: the head's chair reads "Trưởng cụm", next year's head elected at the conference (5/3/2024, from
    the 2024 records) reads "Trưởng cụm năm 2024", and no block word appears."""
    conference = s2["cluster"].periods.get(year=2023).conferences.get()
    client.force_login(User.objects.create_superuser("quan-tri", password="x"))
    paragraphs, rows, signatures, text = docx_parts(
        client.get(reverse("meetings:minutes_docx", args=[conference.pk])).content)
    assert ("- Hồ Tiến Thiệu, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lạng Sơn (Tỉnh Lạng Sơn) — Trưởng cụm."
            in paragraphs)
    assert "- Trịnh Xuân Trường, Chủ tịch UBND tỉnh Lào Cai (Tỉnh Lào Cai) — Phó trưởng cụm." in paragraphs
    assert "Trưởng cụm năm 2024: Tỉnh Lào Cai" in text and "Khối" not in text and "khối" not in text
    assert "Số: /BB-CTĐ" in text and "Thời gian bắt đầu: ngày 05 tháng 3 năm 2024." in paragraphs
    assert "Có mặt 7/7 đơn vị thành viên của Cụm thi đua các tỉnh miền núi biên giới phía Bắc:" in paragraphs
    assert len(rows) == 8 and "Vắng mặt: không." in paragraphs
    # no secretary, no closing time recorded: the lines are left for the clerk, the signature without a name
    assert "Thư ký (người ghi biên bản): ……………………………………." in paragraphs
    assert "Hội nghị kết thúc vào …… giờ …… phút, ngày 05 tháng 3 năm 2024." in text
    assert " ".join(signatures[0].split()) == "THƯ KÝ (Ký, ghi rõ họ tên)"
    assert " ".join(signatures[1].split()).endswith("Hồ Tiến Thiệu")
