"""Excel import of units and people: template, preview with every row checked, all or nothing."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import Role
from thidua.core.models import Activity
from thidua.orgs.interfaces import importers
from thidua.orgs.models import Person, Unit, UnitName

pytestmark = pytest.mark.django_db

PEOPLE_HEADERS = ["Họ và tên (*)", "Giới tính (*)", "Ngày sinh", "Mã đơn vị (*)", "Mã cán bộ", "Chức vụ",
                  "Đối tượng", "Tình trạng"]
UNIT_HEADERS = ["Mã đơn vị (*)", "Tên đơn vị (*)", "Tên viết tắt", "Loại đơn vị", "Ngành", "Mã đơn vị cấp trên",
                "Cấp trên ngoài tỉnh", "Tỉnh, thành phố", "Địa chỉ", "Điện thoại", "Thư điện tử"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx(headers, rows, sheet_title="Cá nhân") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_row(i, unit_code="ls-ca", **changes):
    row = {"name": f"Nguyễn Văn Thử {i}", "gender": "Nam", "birth": "05/06/1985", "unit": unit_code,
           "staff": f"NK-{i:05d}", "position": "Chuyên viên", "category": "Người lao động trực tiếp",
           "status": "Đang công tác"}
    row.update(changes)
    return [row["name"], row["gender"], row["birth"], row["unit"], row["staff"], row["position"], row["category"],
            row["status"]]


def people_file(rows) -> io.BytesIO:
    return io.BytesIO(xlsx(PEOPLE_HEADERS, rows))


def upload(client, kind, content, name="du-lieu.xlsx"):
    return client.post(reverse("orgs:import_start"),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)})


def stored_files(media):
    folder = media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def admin(make_user):
    return make_user("quantri", (Role.ADMIN, None))


@pytest.fixture
def ca_officer(s1, make_user):
    return make_user("canbo.ca", (Role.UNIT_OFFICER, s1["units"]["ca"]))


# ---------------------------------------------------------------------------------------------------------
# Round trips through the pages

def test_people_template_downloads_and_imports_back_cleanly(s1, ca_officer, client_for, media):
    client = client_for(ca_officer)
    response = client.get(reverse("orgs:import_template", args=[importers.PEOPLE]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cá nhân", "Hướng dẫn", "Danh mục"]
    assert [c.value for c in workbook["Cá nhân"][1]] == PEOPLE_HEADERS
    guide = "\n".join(str(c.value) for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "05/06/2025 là ngày 5 tháng 6 năm 2025" in guide and "Lãnh đạo, quản lý" in guide
    lists = [c.value for c in workbook["Danh mục"]["E"]]
    assert "ls-ca" in lists and "ls-vks" not in lists  # only the units the officer may import into

    before = Person.objects.count()
    response = upload(client, importers.PEOPLE, response.content, "mau.xlsx")
    assert response.status_code == 302 and response["Location"] == reverse("orgs:import_preview")
    preview = client.get(reverse("orgs:import_preview"))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Xác nhận nhập 1 dòng" in body and "data-confirm=" in body
    assert "Nguyễn Văn An" in body and "05/06/1985" in body
    assert Person.objects.count() == before  # a preview writes nothing

    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("orgs:import_confirm"), {"token": token})
    unit = s1["units"]["ca"]
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('orgs:person_list')}?unit={unit.pk}"
    person = Person.objects.get(full_name="Nguyễn Văn An", unit=unit)
    assert person.birth_date == dt.date(1985, 6, 5)
    assert person.sort_key and person.search_text == "nguyen van an"
    entry = Activity.objects.get(action=Activity.Action.IMPORT)
    assert entry.scope == f"unit:{unit.pk}" and entry.actor == ca_officer
    assert "Nhập 1 cá nhân từ Excel" in entry.summary
    assert stored_files(media) == []  # the stored upload is gone once imported
    assert "Đã nhập 1 cá nhân" in client.get(response["Location"]).content.decode()


def importers_session_key():
    from thidua.orgs.import_views import SESSION_KEY

    return SESSION_KEY


def test_unit_template_downloads_and_imports_back_cleanly(s1, admin, client_for):
    client = client_for(admin)
    response = client.get(reverse("orgs:import_template", args=[importers.UNITS]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Đơn vị"][1]] == UNIT_HEADERS
    example_code = workbook["Đơn vị"]["A2"].value

    assert upload(client, importers.UNITS, response.content).status_code == 302
    assert "Xác nhận nhập 1 dòng" in client.get(reverse("orgs:import_preview")).content.decode()
    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("orgs:import_confirm"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("orgs:unit_list")
    unit = Unit.objects.get(code=example_code)
    assert unit.name == "Sở Tư pháp tỉnh Lạng Sơn" and unit.area.code == "lang-son" and unit.sector.code == "tu-phap"
    assert unit.sort_key and "so tu phap" in unit.search_text
    assert list(UnitName.objects.filter(unit=unit).values_list("name", flat=True)) == [unit.name]
    assert Activity.objects.filter(action=Activity.Action.IMPORT, scope="import").count() == 1


def test_thousand_rows_with_one_bad_row_import_nothing_and_list_that_row(s1, make_user, client_for):
    organiser_staff = make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"]))
    client = client_for(organiser_staff)
    rows = [person_row(i, unit_code=("ls-ca", "ls-vks", "ls-tand")[i % 3]) for i in range(1000)]
    rows[736] = person_row(736, birth="31/02/2025")  # Excel line 738: header is line 1
    before = Person.objects.count()
    assert upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, rows)).status_code == 302
    body = client.get(reverse("orgs:import_preview")).content.decode()
    assert "Không có dòng nào được nhập. Hãy sửa các dòng sau rồi tải lên lại." in body
    assert "<td>738</td><td>Ngày sinh</td>" in body and "“31/02/2025” không phải ngày hợp lệ" in body
    assert "Xác nhận nhập" not in body
    assert "999" in body  # the count of valid rows
    # Forcing the confirmation anyway imports nothing either.
    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("orgs:import_confirm"), {"token": token})
    assert response.status_code == 200 and "<td>738</td>" in response.content.decode()
    assert Person.objects.count() == before
    assert not Activity.objects.filter(action=Activity.Action.IMPORT).exists()


# ---------------------------------------------------------------------------------------------------------
# Row checks, each with its line and a Vietnamese reason

def read_people(user, rows):
    return importers.read(importers.PEOPLE, people_file(rows), user, "thu.xlsx")


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


@pytest.mark.parametrize(("changes", "column", "reason"), [
    ({"unit": "khong-co"}, "Mã đơn vị", "Không có đơn vị mã “khong-co”"),
    ({"birth": "31/02/2025"}, "Ngày sinh", "“31/02/2025” không phải ngày hợp lệ"),
    ({"birth": "05/06/2099"}, "Ngày sinh", "ở sau hôm nay"),
    ({"gender": "Nữa"}, "Giới tính", "“Nữa” không hợp lệ; ghi Nam hoặc Nữ"),
    ({"gender": ""}, "Giới tính", "Không được để trống giới tính"),
    ({"name": ""}, "Họ và tên", "Không được để trống họ và tên"),
    ({"category": "Bảo vệ"}, "Đối tượng", "“Bảo vệ” không hợp lệ"),
    ({"staff": "X" * 41}, "Mã cán bộ", "Dài quá 40 ký tự"),
])
def test_a_bad_value_is_reported_with_line_column_and_reason(admin, s1, changes, column, reason):
    rows = [person_row(1), person_row(2), person_row(3, **changes)]
    result = read_people(admin, rows)
    error = only_error(result)
    assert (error.line, error.column) == (4, column)
    assert reason in error.reason
    assert [r["line"] for r in result.rows] == [2, 3]
    with pytest.raises(importers.ImportNotAllowed):
        importers.apply(result, admin)
    assert not Person.objects.filter(staff_code__startswith="NK-").exists()


def test_dates_are_day_first_and_excel_date_cells_are_read(admin, s1):
    result = read_people(admin, [person_row(1, birth="05/06/2025"), person_row(2, birth=dt.datetime(1990, 1, 31)),
                                 person_row(3, birth=None)])
    assert not result.errors
    assert [r["birth_date"] for r in result.rows] == [dt.date(2025, 6, 5), dt.date(1990, 1, 31), None]


def test_labels_and_codes_are_both_understood_with_or_without_accents(admin, s1):
    result = read_people(admin, [
        person_row(1, gender="nu", category="lanh dao, quan ly", status="Đã nghỉ hưu"),
        person_row(2, gender="female", category="leader", status="", unit="LS-CA"),
        person_row(3, gender="NAM", category=""),
    ])
    assert not result.errors
    assert [(r["gender"], r["category"], r["status"]) for r in result.rows] == [
        ("female", "leader", "retired"), ("female", "leader", "working"), ("male", "direct", "working")]
    assert {r["unit_id"] for r in result.rows} == {s1["units"]["ca"].pk}


def test_duplicate_staff_code_inside_the_file_and_against_the_database(admin, s1):
    unit = s1["units"]["ca"]
    existing = Person.objects.filter(unit=unit).exclude(staff_code="").first()
    result = read_people(admin, [
        person_row(1), person_row(2, staff="NK-00001"), person_row(3, staff=existing.staff_code),
        person_row(4, staff="NK-00001", unit="ls-vks"),  # same code in another unit is fine
    ])
    assert [(e.line, e.column) for e in result.errors] == [(3, "Mã cán bộ"), (4, "Mã cán bộ")]
    assert "trùng với dòng 2 của tệp" in result.errors[0].reason
    assert existing.full_name in result.errors[1].reason and "Đơn vị đã có" in result.errors[1].reason


def test_every_row_is_checked_and_every_error_listed(admin, s1):
    rows = [person_row(i) for i in range(20)]
    rows[3] = person_row(3, gender="?", unit="khong-co")
    rows[17] = person_row(17, birth="hôm qua")
    result = read_people(admin, rows)
    assert [(e.line, e.column) for e in result.errors] == [(5, "Giới tính"), (5, "Mã đơn vị"), (19, "Ngày sinh")]
    assert result.bad_lines == 2 and len(result.rows) == 18


def test_blank_rows_are_skipped_and_lines_stay_as_excel_shows_them(admin, s1):
    content = xlsx(["DANH SÁCH CÁN BỘ"], [[], PEOPLE_HEADERS, person_row(1), [], [None, "  "], person_row(2, gender="x")])
    result = importers.read(importers.PEOPLE, io.BytesIO(content), admin)
    assert [r["line"] for r in result.rows] == [4]
    assert [e.line for e in result.errors] == [7]


# ---------------------------------------------------------------------------------------------------------
# Files that cannot be read: a clear message, nothing stored, nothing written

@pytest.mark.parametrize(("content", "message"), [
    (b"Ho ten;Gioi tinh\nNguyen Van A;Nam\n", "không phải bảng tính Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "không phải bảng tính Excel .xlsx"),  # an old .xls
    (b"", "Tệp rỗng"),
    (xlsx(PEOPLE_HEADERS, []), "không có dòng dữ liệu nào"),
    (xlsx([h for h in PEOPLE_HEADERS if not h.startswith("Mã đơn vị")], [["A", "Nam", "", "", ""]]),
     "Thiếu cột bắt buộc: Mã đơn vị"),
    (xlsx(UNIT_HEADERS, [["ls-x", "Đơn vị X"]]), "Thiếu cột bắt buộc: Họ và tên, Giới tính"),
    (xlsx(["Cột A", "Cột B"], [["1", "2"]]), "Không tìm thấy dòng tiêu đề"),
])
def test_unreadable_files_are_refused_with_a_vietnamese_message(ca_officer, client_for, media, content, message):
    client = client_for(ca_officer)
    before = Person.objects.count()
    response = upload(client, importers.PEOPLE, content)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="ca-nhan" selected' in body  # the form keeps the choice
    assert stored_files(media) == []
    assert importers_session_key() not in client.session
    assert Person.objects.count() == before


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def damaged_sheet() -> bytes:
    """A real workbook whose sheet XML was cut in the middle."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(PEOPLE_HEADERS, [person_row(i) for i in range(50)])))
    files = {name: source.read(name) for name in source.namelist()}
    files["xl/worksheets/sheet1.xml"] = files["xl/worksheets/sheet1.xml"][:3000]
    return zipped(files)


@pytest.mark.parametrize(("content", "message"), [
    (zipped({"word/document.xml": b"<w:document/>"}), "không phải bảng tính Excel .xlsx"),
    (damaged_sheet(), "tệp có thể bị hỏng"),
])
def test_damaged_or_foreign_archives_are_refused_without_a_server_error(ca_officer, client_for, media, content,
                                                                        message):
    # A sheet damaged after its first rows passes the quick check at upload; the full reading of the preview
    # finds it, says so on the upload page and forgets the file.
    client = client_for(ca_officer)
    response = client.post(reverse("orgs:import_start"),
                           {"kind": importers.PEOPLE, "file": SimpleUploadedFile("x.xlsx", content)}, follow=True)
    assert response.status_code == 200 and message in response.content.decode()
    assert [url for url, _status in response.redirect_chain][-1:] in ([], [reverse("orgs:import_start")])
    assert stored_files(media) == [] and importers_session_key() not in client.session
    assert not Person.objects.filter(staff_code__startswith="NK-").exists()


def test_a_file_over_the_size_limit_is_refused(ca_officer, client_for, settings, media):
    settings.THIDUA_IMPORT_MAX_BYTES = 2000
    response = upload(client_for(ca_officer), importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)] * 50))
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert stored_files(media) == []
    with pytest.raises(importers.ImportRejected, match="Tệp quá lớn"):
        importers.read(importers.PEOPLE, people_file([person_row(1)] * 50), ca_officer)


# ---------------------------------------------------------------------------------------------------------
# Units

def test_units_with_parents_in_the_file_areas_and_sectors_by_name(admin, s1):
    content = xlsx(UNIT_HEADERS, [
        ["ls-stp", "Sở Tư pháp tỉnh Lạng Sơn", "Sở Tư pháp", "", "tu-phap", "", "", "Tỉnh Lạng Sơn", "", "0205",
         "stp@langson.gov.vn"],
        ["ls-stp-ptt", "Phòng Thanh tra", "", "Khác", "Thanh tra", "ls-stp", "", "lang-son", "", "", ""],
        ["ls-ca-pc", "Phòng Cảnh sát", "", "don vi cua nganh", "Công an", "ls-ca", "", "Lạng Sơn", "", "", ""],
    ], "Đơn vị")
    result = importers.read(importers.UNITS, io.BytesIO(content), admin, "don-vi.xlsx")
    assert not result.errors
    assert importers.apply(result, admin) == 3
    stp = Unit.objects.get(code="ls-stp")
    assert stp.area.code == "lang-son" and stp.sector.code == "tu-phap" and stp.phone == "0205"
    assert Unit.objects.get(code="ls-stp-ptt").parent == stp
    police = Unit.objects.get(code="ls-ca-pc")
    assert police.parent == s1["units"]["ca"] and police.kind == "sector_branch"
    assert UnitName.objects.filter(unit__code__in=["ls-stp", "ls-stp-ptt", "ls-ca-pc"]).count() == 3


def test_unit_rows_with_errors(admin, s1):
    content = xlsx(UNIT_HEADERS, [
        ["ls-ca", "Trùng mã đã có"],
        ["moi-1", "Đơn vị mới", "", "", "", "moi-2"],
        ["moi-2", "Đơn vị mới 2", "", "", "", "moi-1"],
        ["moi-3", "Trùng trong tệp"],
        ["MOI-3", "Trùng trong tệp, chữ hoa"],
        ["có dấu", "Mã sai"],
        ["moi-4", "Tỉnh không có", "", "", "", "", "", "Atlantis"],
        ["moi-5", "Thư sai", "", "", "", "", "", "", "", "", "khong-phai-email"],
        ["moi-6", "Ngành sai", "", "", "Hàng không vũ trụ"],
        ["moi-7", "Cấp trên không có", "", "", "", "khong-co"],
        ["moi-8", "Tuyên Quang cũ hay mới", "", "", "", "", "", "Tuyên Quang"],
    ], "Đơn vị")
    result = importers.read(importers.UNITS, io.BytesIO(content), admin)
    got = [(e.line, e.column) for e in result.errors]
    assert got == [(2, "Mã đơn vị"), (3, "Mã đơn vị cấp trên"), (4, "Mã đơn vị cấp trên"), (6, "Mã đơn vị"),
                   (7, "Mã đơn vị"), (8, "Tỉnh, thành phố"), (9, "Thư điện tử"), (10, "Ngành"),
                   (11, "Mã đơn vị cấp trên")]
    reasons = [e.reason for e in result.errors]
    assert "Đã có đơn vị mã “ls-ca”" in reasons[0]
    assert "vòng lặp" in reasons[1]
    assert "trùng với dòng 5" in reasons[3]
    # a name shared by a province before and after 1/7/2025 means the one in force
    assert [r["area_id"] for r in result.rows if r["code"] == "moi-8"] != [None]


def test_only_admins_and_organiser_staff_import_units(ca_officer, client_for):
    client = client_for(ca_officer)
    assert client.get(reverse("orgs:import_template", args=[importers.UNITS])).status_code == 403
    with pytest.raises(importers.ImportRejected, match="Chỉ quản trị hệ thống"):
        importers.read(importers.UNITS, io.BytesIO(xlsx(UNIT_HEADERS, [["x", "y"]])), ca_officer)
    response = upload(client, importers.UNITS, xlsx(UNIT_HEADERS, [["x", "y"]]))
    assert response.status_code == 200 and not Unit.objects.filter(code="x").exists()
    assert 'value="don-vi"' not in client.get(reverse("orgs:import_start")).content.decode()


# ---------------------------------------------------------------------------------------------------------
# Permissions

def test_a_unit_officer_cannot_import_people_into_another_unit(s1, ca_officer):
    result = read_people(ca_officer, [person_row(1), person_row(2, unit="ls-vks")])
    error = only_error(result)
    assert error.line == 3 and error.column == "Mã đơn vị"
    assert error.reason == "Không có quyền nhập cá nhân cho đơn vị “Viện kiểm sát nhân dân tỉnh Lạng Sơn” (mã ls-vks)."


def test_a_user_without_a_role_gets_403_on_every_import_view(s1, make_user, client_for):
    client = client_for(make_user("khach"))
    assert client.get(reverse("orgs:import_start")).status_code == 403
    assert upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)])).status_code == 403
    for kind in (importers.PEOPLE, importers.UNITS):
        assert client.get(reverse("orgs:import_template", args=[kind])).status_code == 403
    assert client.get(reverse("orgs:import_preview")).status_code == 403
    assert client.get(reverse("orgs:import_errors")).status_code == 403
    assert client.post(reverse("orgs:import_confirm"), {"token": "0" * 32}).status_code == 403
    assert "Nhập từ Excel" not in client.get(reverse("home")).content.decode()


def test_a_leader_without_officer_role_gets_403(s1, make_user, client_for):
    client = client_for(make_user("lanhdao", (Role.LEADER, s1["units"]["ca"])))
    assert client.get(reverse("orgs:import_start")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("orgs:import_start"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# ---------------------------------------------------------------------------------------------------------
# The confirmation

def test_the_confirmation_checks_the_file_again(s1, ca_officer, client_for):
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1), person_row(2)]))
    assert "Xác nhận nhập 2 dòng" in client.get(reverse("orgs:import_preview")).content.decode()
    # Meanwhile someone records a person with the same staff code in that unit.
    Person.objects.create(full_name="Người đến trước", gender="male", unit=s1["units"]["ca"], staff_code="NK-00002")
    token = client.session[importers_session_key()]["token"]
    response = client.post(reverse("orgs:import_confirm"), {"token": token})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dữ liệu đã thay đổi từ lúc xem trước" in body and "Người đến trước" in body
    assert not Person.objects.filter(staff_code="NK-00001").exists()
    # The file is still there to look at again.
    assert client.get(reverse("orgs:import_preview")).status_code == 200


def test_confirming_twice_imports_once(s1, ca_officer, client_for):
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1, staff="")]))
    token = client.session[importers_session_key()]["token"]
    assert client.post(reverse("orgs:import_confirm"), {"token": token}).status_code == 302
    response = client.post(reverse("orgs:import_confirm"), {"token": token}, follow=True)
    assert "Không có tệp nào đang chờ nhập" in response.content.decode()
    assert Person.objects.filter(full_name="Nguyễn Văn Thử 1").count() == 1


def test_confirm_refuses_a_token_other_than_the_previewed_one(s1, ca_officer, client_for):
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1)]))
    response = client.post(reverse("orgs:import_confirm"), {"token": "f" * 32})
    assert response.status_code == 302
    assert not Person.objects.filter(staff_code="NK-00001").exists()


def test_the_error_list_downloads_as_excel(s1, ca_officer, client_for):
    client = client_for(ca_officer)
    upload(client, importers.PEOPLE, xlsx(PEOPLE_HEADERS, [person_row(1, gender="?"), person_row(2, unit="ls-vks")]))
    response = client.get(reverse("orgs:import_errors"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Dòng", "Cột", "Lý do")
    assert [r[:2] for r in rows[1:]] == [(2, "Giới tính"), (3, "Mã đơn vị")]


def test_apply_writes_in_batches_and_records_one_entry_for_several_units(admin, s1):
    rows = [person_row(i, unit_code=("ls-ca", "ls-vks")[i % 2]) for i in range(12)]
    result = read_people(admin, rows)
    assert importers.apply(result, admin) == 12
    entry = Activity.objects.get(action=Activity.Action.IMPORT)
    assert entry.scope == "import" and "12 cá nhân của 2 đơn vị" in entry.summary


# ---------------------------------------------------------------------------------------------------------
# Queries do not grow with the number of rows

@pytest.mark.parametrize("kind", [importers.PEOPLE, importers.UNITS])
def test_checking_10_or_100_rows_costs_the_same_queries(s1, make_user, kind):
    user = make_user("snv", (Role.ORGANISER_STAFF, s1["organiser"]), (Role.UNIT_OFFICER, s1["units"]["ca"]))
    counts = []
    for size in (10, 100):
        if kind == importers.PEOPLE:
            content = xlsx(PEOPLE_HEADERS, [person_row(i, unit_code=("ls-ca", "ls-vks")[i % 2]) for i in range(size)])
        else:
            content = xlsx(UNIT_HEADERS, [[f"moi-{i}", f"Đơn vị {i}", "", "", "Tư pháp", "moi-0" if i else "ls-ca",
                                           "", "Lạng Sơn"] for i in range(size)], "Đơn vị")
        user = type(user).objects.get(pk=user.pk)  # a fresh user object: its roles are read again
        with CaptureQueriesContext(connection) as queries:
            result = importers.read(kind, io.BytesIO(content), user)
        assert not result.errors and len(result.rows) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
