"""Excel import of past awards into the registry: template, preview with every bad row listed, all or nothing."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import Role
from thidua.awards.interfaces import importers
from thidua.awards.models import AwardRecord
from thidua.core.models import Activity
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

HEADERS = ["Họ tên", "Mã cán bộ", "Mã đơn vị (*)", "Đối tượng", "Danh hiệu-hình thức (*)", "Năm (*)", "Loại hình",
           "Cấp", "Số QĐ (*)", "Ngày QĐ (*)", "Cấp quyết định (*)", "Người lao động trực tiếp"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(name="", staff="", unit="ls-tand", subject="Cá nhân", award="Chiến sĩ thi đua cơ sở", year=2023,
        kind="", level="", number="88/QĐ-TA", day="20/12/2023", signer="Chánh án TAND tỉnh", direct=""):
    return [name, staff, unit, subject, award, year, kind, level, number, day, signer, direct]


@pytest.fixture
def tand(s1):
    return s1["units"]["tand"]


@pytest.fixture
def officer(s1, make_user, tand):
    return make_user("canbo.tand", (Role.UNIT_OFFICER, tand))


@pytest.fixture
def people(tand):
    return list(Person.objects.filter(unit=tand).exclude(staff_code="").order_by("pk")[:3])


def upload(client, content, name="khen-thuong.xlsx"):
    return client.post(reverse("awards:import_start"), {"file": SimpleUploadedFile(name, content)})


def test_template_then_preview_then_confirm(client, officer, people, tand):
    client.force_login(officer)
    response = client.get(reverse("awards:import_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Khen thưởng", "Hướng dẫn", "Danh mục"]
    headers = [c.value for c in book["Khen thưởng"][1]]
    assert headers[:6] == ["Họ tên", "Mã cán bộ", "Mã đơn vị (*)", "Đối tượng", "Danh hiệu, hình thức (*)", "Năm (*)"]
    lists = [c.value for c in book["Danh mục"]["F"]]
    assert "Bằng khen của Thủ tướng Chính phủ" in lists
    assert tand.code in [c.value for c in book["Danh mục"]["J"]]

    first, second, third = people
    content = xlsx([
        row(staff=first.staff_code, award="CSTĐCS"),                              # by staff code, short name
        row(name=second.full_name.upper(), award="bk-ttg", year=2024, day="01/08/2025", number="1234/QĐ-TTg",
            signer="Thủ tướng Chính phủ"),                                         # by name (any case), by code
        row(subject="Tập thể", award="Tập thể lao động xuất sắc", number="89/QĐ-UBND", signer="Chủ tịch UBND tỉnh",
            kind="Đột xuất"),                                                      # a collective: the unit's name
        row(name=third.full_name, staff=third.staff_code, award="Giấy khen", direct="Không", level="Ngành dọc"),
    ])
    response = upload(client, content)
    assert response.status_code == 302 and response["Location"] == reverse("awards:import_preview")
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200 and "import-refused" not in page
    assert "Xác nhận nhập 4 dòng" in page and "8.190.000" in page
    assert AwardRecord.objects.count() == 0  # nothing before the confirmation

    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("awards:import_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == f"{reverse('awards:registry')}?unit={tand.pk}"
    records = {r.recipient_name: r for r in AwardRecord.objects.select_related("award", "rule_set")}
    assert set(records) == {first.full_name, second.full_name.upper(), tand.name, third.full_name}
    assert records[first.full_name].person == first and records[first.full_name].award.code == "cstd-cs"
    # decided under Decree 91/2017: 1,0 × the base salary of the decision date (Decree 91 art 69.1.c)
    assert records[first.full_name].rule_set.code == "nd91-2017" and records[first.full_name].cash_amount == 1_800_000
    ttg = records[second.full_name.upper()]
    assert ttg.person == second and ttg.level == "central" and ttg.rule_set.code == "nd152-2025"
    assert ttg.cash_amount == 8_190_000 and ttg.direct_worker == (second.category == "direct")
    collective = records[tand.name]
    assert collective.subject == "collective" and collective.person is None and collective.award_type == "ad_hoc"
    assert records[third.full_name].level == "sector" and records[third.full_name].direct_worker is False
    assert Activity.objects.filter(action="import", scope=f"unit:{tand.pk}").count() == 1
    # the same file again: every row is already in the registry
    upload(client, content)
    page = client.get(reverse("awards:import_preview")).content.decode()
    assert page.count("Đã có trong sổ khen thưởng") == 4


def importers_session_key():
    from thidua.awards import views

    return views.SESSION_KEY


def test_bad_rows_are_all_listed_and_nothing_is_imported(client, officer, people):
    future = (dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    first = people[0]
    content = xlsx([
        row(staff=first.staff_code),                                                 # 2: fine
        row(staff=first.staff_code, award="Huân chương Sao Khuê"),                  # 3: unknown title
        row(staff=first.staff_code, award="ldtt", day=future, year=2024),             # 4: future decision date
        row(name="Người Không Có Thật"),                                              # 5: person not found
        row(staff="KHONG-CO"),                                                        # 6: staff code not found
        row(name="Tên Khác", staff=first.staff_code),                                 # 7: staff code of someone else
        row(unit="ls-ca", staff="x"),                                                 # 8: another unit: not allowed
        row(staff=first.staff_code, award="Cờ thi đua của Chính phủ"),                # 9: a flag is not for a person
        row(staff=first.staff_code, year=2024),                                       # 10: year after the decision
        row(staff=first.staff_code),                                                  # 11: same as line 2
        row(unit="khong-co-ma"),                                                      # 12: unknown unit
        row(staff=first.staff_code, day="31/02/2023"),                                # 13: not a date
    ])
    client.force_login(officer)
    upload(client, content)
    response = client.get(reverse("awards:import_preview"))
    page = response.content.decode()
    assert "Không có dòng nào được nhập" in page and "Xác nhận nhập" not in page
    result = importers.read(io.BytesIO(content), officer)
    reasons = {e.line: e.reason for e in result.errors}
    assert sorted(reasons) == list(range(3, 14))
    assert "Không có danh hiệu, hình thức “Huân chương Sao Khuê” trong danh mục" in reasons[3]
    assert "ở sau hôm nay" in reasons[4]
    assert reasons[5].startswith("Không tìm thấy cá nhân “Người Không Có Thật” trong đơn vị “Tòa án nhân dân tỉnh")
    assert "Không tìm thấy cá nhân mã cán bộ “KHONG-CO”" in reasons[6]
    assert f"là của {first.full_name}, không phải “Tên Khác”" in reasons[7]
    assert reasons[8].startswith("Không có quyền nhập khen thưởng cho đơn vị “Công an tỉnh Lạng Sơn”")
    assert reasons[9] == "Cờ thi đua của Chính phủ không dành cho cá nhân."
    assert reasons[10].startswith("Năm thành tích 2024 sau năm của quyết định")
    assert reasons[11].startswith("Trùng với dòng 2 của tệp")
    assert reasons[12].startswith("Không có đơn vị mã “khong-co-ma”")
    assert "không phải ngày hợp lệ" in reasons[13]
    for line, reason in reasons.items():
        assert f"<td>{line}</td>" in page and reason.split("“")[0] in page
    # confirming anyway changes nothing
    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("awards:import_confirm"), {"token": token})
    assert response.status_code == 200 and "Không có dòng nào được nhập" in response.content.decode()
    assert AwardRecord.objects.count() == 0
    # every error as a workbook
    errors = client.get(reverse("awards:import_preview") + "?export=errors")
    sheet = load_workbook(io.BytesIO(errors.content)).active
    assert sheet.max_row == 1 + len(result.errors)


def test_a_name_shared_in_the_unit_needs_the_staff_code(officer, people, tand):
    twin = Person.objects.create(unit=tand, full_name=people[0].full_name, gender="male")
    result = importers.read(io.BytesIO(xlsx([row(name=twin.full_name)])), officer)
    assert "có 2 cá nhân tên" in result.errors[0].reason and "ghi mã cán bộ" in result.errors[0].reason


def test_unreadable_files_are_refused_with_a_reason(client, officer):
    client.force_login(officer)
    response = upload(client, b"khong phai excel", name="a.xlsx")
    assert "không phải bảng tính Excel .xlsx" in response.content.decode()
    response = upload(client, xlsx([["An", "x"]], headers=["Họ tên", "Cột lạ"]))
    assert "Thiếu cột bắt buộc" in response.content.decode()


def test_who_may_import(client, s1, make_user, tand):
    leader = make_user("lanhdao", (Role.LEADER, tand))
    client.force_login(leader)
    assert client.get(reverse("awards:import_start")).status_code == 403
    assert client.get(reverse("awards:import_template")).status_code == 403
    assert client.post(reverse("awards:import_confirm"), {"token": "x"}).status_code == 403
    staff = make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"]))
    client.force_login(staff)
    assert client.get(reverse("awards:import_start")).status_code == 200
    # the organiser's staff import for the cluster's member units, not for others
    content = xlsx([row(unit="ls-snv", subject="Tập thể", award="Giấy khen")])
    result = importers.read(io.BytesIO(content), staff)
    assert result.errors and result.errors[0].reason.startswith("Không có quyền nhập khen thưởng cho đơn vị")
    assert not importers.read(io.BytesIO(xlsx([row(subject="Tập thể", award="Giấy khen")])), staff).errors
