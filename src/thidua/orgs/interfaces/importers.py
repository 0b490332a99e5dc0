"""Units and people from Excel: a template to fill in, a reader that checks every row, and a writer that
imports all rows or none.

The flow a page follows: `build_template(kind, user)` gives the workbook to download; `read(kind, source,
user)` reads an uploaded .xlsx (streaming, read-only) and returns an `ImportResult` with the valid rows and
every error as (line as Excel shows it, column, reason in Vietnamese); `apply(result, actor)` writes the rows
in one transaction, and only when there is no error. A file that cannot be read at all (not .xlsx, empty,
too large, headers missing) raises `ImportRejected` with a message for the user.

Lookups (units by code, sectors, areas, staff codes already used) are loaded once per file, never per row,
so 50.000 rows cost the same handful of queries as 10.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core import activity, text
from thidua.core.formatting import format_date, format_number, parse_date
from thidua.core.models import Activity
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.enums import Gender, PersonStatus, UnitKind, WorkerCategory
from thidua.orgs.models import Area, Person, Sector, Unit, UnitName

PEOPLE = "ca-nhan"
UNITS = "don-vi"
KIND_LABELS = {PEOPLE: "Cá nhân", UNITS: "Đơn vị"}  # sheet names of the templates: Vietnamese, as the files are
KIND_NAMES = {PEOPLE: gettext_lazy("Cá nhân"), UNITS: gettext_lazy("Đơn vị")}  # the same, in the interface's language
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
MAX_ROWS = 200_000
BATCH_SIZE = 5000
HEADER_SEARCH_ROWS = 10
# SQLite accepts up to 32.766 parameters in a query; PostgreSQL more. Lists of codes go in chunks below both.
_CHUNK = 900
_TEMPLATE_ROWS = 5000  # rows that get the dropdowns and text format in a template
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def _vi(label) -> str:
    """A choice label in Vietnamese whatever the interface language: the files are written and read in Vietnamese."""
    with translation.override("vi"):
        return str(label)


class ImportRejected(Exception):
    """The whole file cannot be read: the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    max_length: int | None = None
    help: str = ""
    allowed: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    width: int = 18
    as_text: bool = False  # formatted as text in the template (dates typed d/m/Y, codes with leading zeros)

    @property
    def header(self) -> str:
        return f"{self.label} (*)" if self.required else self.label


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # Names to show in the preview, loaded with the lookups: unit id → name, sector id → name, area id → name.
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def bad_lines(self) -> int:
        return len({e.line for e in self.errors})

    @property
    def kind_label(self) -> str:
        return str(KIND_NAMES[self.kind])

    def preview(self, limit: int = 50) -> tuple[list[str], list[list[str]]]:
        """Headers and the first `limit` valid rows as the user will read them."""
        rows = self.rows[:limit]
        if self.kind == PEOPLE:
            units = self.names.get("unit", {})
            headers = [_("Dòng"), _("Họ và tên"), _("Giới tính"), _("Ngày sinh"), _("Đơn vị"), _("Mã cán bộ"),
                       _("Chức vụ"), _("Đối tượng"), _("Tình trạng")]
            body = [[str(r["line"]), r["full_name"], Gender(r["gender"]).label, format_date(r["birth_date"]),
                     units.get(r["unit_id"], ""), r["staff_code"], r["position"], WorkerCategory(r["category"]).label,
                     PersonStatus(r["status"]).label] for r in rows]
        else:
            sectors, areas = self.names.get("sector", {}), self.names.get("area", {})
            headers = [_("Dòng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Tên viết tắt"), _("Loại đơn vị"), _("Ngành"),
                       _("Cấp trên"), _("Tỉnh, thành phố"), _("Điện thoại"), _("Thư điện tử")]
            body = [[str(r["line"]), r["code"], r["name"], r["short_name"], UnitKind(r["kind"]).label,
                     sectors.get(r["sector_id"], ""), r["parent_text"] or r["parent_outside"],
                     areas.get(r["area_id"], ""), r["phone"], r["email"]] for r in rows]
        return headers, [[str(v) for v in row] for row in body]


# ---------------------------------------------------------------------------------------------------------
# Columns and the values they accept

PEOPLE_COLUMNS = (
    Column("full_name", "Họ và tên", required=True, max_length=120, width=28, example="Nguyễn Văn An",
           help="Họ, chữ đệm và tên, viết có dấu.", aliases=("Họ tên", "Tên cá nhân")),
    Column("gender", "Giới tính", required=True, allowed="Nam; Nữ", example="Nam", width=12),
    Column("birth_date", "Ngày sinh", example="05/06/1985", width=14, as_text=True,
           help="Ngày/tháng/năm: 05/06/1985 là ngày 5 tháng 6 năm 1985. Có thể để trống."),
    Column("unit", "Mã đơn vị", required=True, width=16, aliases=("Mã ĐV",),
           help="Mã của đơn vị công tác (cột Mã đơn vị ở sheet Danh mục). Chỉ nhập được cho đơn vị mình quản lý."),
    Column("staff_code", "Mã cán bộ", max_length=40, example="CB-0001", width=14, as_text=True,
           aliases=("Mã CB", "Mã số cán bộ"),
           help="Có thể để trống. Nếu ghi thì không được trùng trong cùng một đơn vị (trong tệp và với dữ liệu đã có)."),
    Column("position", "Chức vụ", max_length=160, example="Chuyên viên", width=24, help="Có thể để trống."),
    Column("category", "Đối tượng", allowed="; ".join(_vi(c.label) for c in WorkerCategory),
           example=_vi(WorkerCategory.DIRECT.label), width=26,
           help="Để trống là Người lao động trực tiếp. Dùng cho tỉ lệ khen thưởng người lao động trực tiếp."),
    Column("status", "Tình trạng", allowed="; ".join(_vi(c.label) for c in PersonStatus),
           example=_vi(PersonStatus.WORKING.label), width=18, help="Để trống là Đang công tác."),
)

UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", required=True, max_length=60, example="ls-stp", width=16,
           help="Mã riêng của đơn vị: chữ không dấu, số, dấu gạch ngang; không trùng với đơn vị đã có."),
    Column("name", "Tên đơn vị", required=True, max_length=255, example="Sở Tư pháp tỉnh Lạng Sơn", width=36),
    Column("short_name", "Tên viết tắt", max_length=120, example="Sở Tư pháp", width=18, help="Có thể để trống."),
    Column("kind", "Loại đơn vị", allowed="; ".join(_vi(c.label) for c in UnitKind),
           example=_vi(UnitKind.AGENCY.label), width=30, help="Để trống là Cơ quan, đơn vị cấp tỉnh."),
    Column("sector", "Ngành", example="Tư pháp", width=20, help="Tên hoặc mã ngành (sheet Danh mục). Có thể để trống."),
    Column("parent", "Mã đơn vị cấp trên", width=18, aliases=("Mã cấp trên",),
           help="Mã của cơ quan cấp trên: một đơn vị đã có hoặc một dòng khác trong tệp. Có thể để trống."),
    Column("parent_outside", "Cấp trên ngoài tỉnh", max_length=255, width=30,
           help="Ghi khi cấp trên ở ngoài tỉnh, ví dụ: Bộ Tư lệnh Cảnh sát cơ động - Bộ Công an."),
    Column("area", "Tỉnh, thành phố", example="Lạng Sơn", width=18, aliases=("Tỉnh", "Tỉnh/thành phố"),
           help="Tên hoặc mã tỉnh, thành phố (sheet Danh mục). Có thể để trống."),
    Column("address", "Địa chỉ", max_length=255, width=30, help="Có thể để trống."),
    Column("phone", "Điện thoại", max_length=40, width=14, as_text=True, aliases=("Số điện thoại",),
           help="Có thể để trống."),
    Column("email", "Thư điện tử", max_length=254, width=24, aliases=("Email", "E-mail"),
           help="Địa chỉ thư điện tử hợp lệ. Có thể để trống."),
)

COLUMNS = {PEOPLE: PEOPLE_COLUMNS, UNITS: UNIT_COLUMNS}


def _key(value) -> str:
    """Accent-free, lower case, punctuation as spaces: "Lãnh đạo, quản lý" → "lanh dao quan ly"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.fold(str(value or ""))).split())


def _choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    mapping = {}
    for choice in choices:
        mapping[_key(choice.value)] = choice.value
        mapping[_key(_vi(choice.label))] = choice.value
    for alias, value in (extra or {}).items():
        mapping[_key(alias)] = value
    return mapping


GENDERS = _choice_map(Gender)
CATEGORIES = _choice_map(WorkerCategory, {"Lãnh đạo": "leader", "Quản lý": "leader", "Lãnh đạo quản lý": "leader",
                                          "Lao động trực tiếp": "direct", "Trực tiếp": "direct"})
STATUSES = _choice_map(PersonStatus, {"Chuyển công tác": "transferred", "Nghỉ hưu": "retired",
                                      "Từ trần": "deceased", "Đã mất": "deceased"})
UNIT_KINDS = _choice_map(UnitKind, {"Cơ quan cấp tỉnh": "agency", "Đơn vị cấp tỉnh": "agency",
                                    "Đơn vị ngành": "sector_branch", "Cấp trên ngoài tỉnh": "outside_parent"})


def _header_key(value) -> str:
    cleaned = re.sub(r"\(\s*\*\s*\)|\*|\(\s*bắt buộc\s*\)", " ", str(value or ""), flags=re.IGNORECASE)
    return _key(cleaned)


def _as_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as d/m/Y, spaces collapsed, accents composed."""
    if value is None:
        return ""
    if isinstance(value, str):
        raw = value
    elif isinstance(value, bool):
        raw = "Có" if value else "Không"
    elif isinstance(value, float) and value.is_integer():
        raw = str(int(value))
    elif isinstance(value, dt.datetime | dt.date):
        raw = format_date(value)
    else:
        raw = str(value)
    return " ".join(unicodedata.normalize("NFC", raw).split())


def can_import_units(user) -> bool:
    """New units are created by system admins and the staff of an organiser, not by a unit's own officer."""
    return bool(user.is_system_admin or user.organiser_ids)


def kinds_for(user) -> list[tuple[str, str]]:
    kinds = [(PEOPLE, KIND_NAMES[PEOPLE])]
    if can_import_units(user):
        kinds.append((UNITS, KIND_NAMES[UNITS]))
    return kinds


# ---------------------------------------------------------------------------------------------------------
# Reading the workbook

def _size_of(source) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if size is not None:
        return size
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def check_size(size: int) -> None:
    limit = settings.THIDUA_IMPORT_MAX_BYTES
    if size == 0:
        raise ImportRejected(_("Tệp rỗng (0 byte). Hãy chọn tệp Excel đã điền dữ liệu."))
    if size > limit:
        raise ImportRejected(
            _("Tệp quá lớn (%(size)s MB). Mỗi lần chỉ nhập được tệp đến %(limit)s MB; hãy chia thành nhiều tệp.")
            % {"size": format_number(size / 1024 / 1024, 1), "limit": format_number(limit / 1024 / 1024, 0)})


NOT_XLSX = gettext_lazy(
    "Tệp không phải bảng tính Excel .xlsx. Nếu tệp ở dạng .xls hoặc .csv, hãy mở bằng Excel và chọn "
    "“Lưu thành” → “Sổ làm việc Excel (*.xlsx)”, rồi tải lên lại. Tệp đặt mật khẩu cũng không đọc được: "
    "hãy bỏ mật khẩu trước.")


def _open(source):
    check_size(_size_of(source))
    if hasattr(source, "seek"):
        source.seek(0)
    if not zipfile.is_zipfile(source):
        raise ImportRejected(str(NOT_XLSX))
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, InvalidFileException, BadZipFile, …)
        raise ImportRejected(str(NOT_XLSX)) from exc


def _data_sheet(workbook, label: str):
    names = workbook.sheetnames
    for name in names:
        if _key(name) == _key(label):
            return workbook[name]
    for name in names:
        if _key(name) not in {_key(GUIDE_SHEET), _key(LISTS_SHEET)}:
            return workbook[name]
    raise ImportRejected(_("Tệp không có trang tính dữ liệu nào."))


def _find_header(rows: Iterable[tuple[int, tuple]], columns) -> tuple[int, dict[int, Column], list[str]]:
    """The header row (within the first rows), which column index holds which field, and unknown headers."""
    by_key = {}
    for column in columns:
        for name in (column.label, *column.aliases):
            by_key[_header_key(name)] = column
    for line, values in rows:
        mapping: dict[int, Column] = {}
        ignored = []
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            key = _header_key(value)
            if not key:
                continue
            column = by_key.get(key)
            if column is None:
                ignored.append(_as_text(value))
                continue
            if column.key in seen:
                raise ImportRejected(_("Cột “%(column)s” xuất hiện hai lần ở dòng tiêu đề (dòng %(line)s).")
                                     % {"column": column.label, "line": line})
            seen[column.key] = index
            mapping[index] = column
        if mapping:
            return line, mapping, ignored
        if line >= HEADER_SEARCH_ROWS:
            break
    raise ImportRejected(_("Không tìm thấy dòng tiêu đề (tên các cột) trong tệp. Hãy dùng tệp mẫu tải từ trang này "
                           "và giữ nguyên dòng tiêu đề."))


def _read_rows(source, kind: str, limit: int | None = None) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    return read_sheet(source, COLUMNS[kind], KIND_LABELS[kind], limit)


def read_sheet(source, columns, label: str,
               limit: int | None = None) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    """(Excel line, {field: cell value}) for every non-empty data row (or the first `limit`) of the sheet
    named `label` (else the first data sheet), and the headers that were not used. Other apps' importers
    (awards' past awards) read their files through this too."""
    workbook = _open(source)
    try:
        return _rows_of(workbook, columns, label, limit)
    except ImportRejected:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip: say so rather than fail with a 500
        raise ImportRejected(_("Không đọc được nội dung tệp: tệp có thể bị hỏng. Hãy mở tệp bằng Excel, lưu lại dưới "
                               "dạng .xlsx rồi tải lên lại.")) from exc
    finally:
        workbook.close()


def _rows_of(workbook, columns, label: str,
             limit: int | None) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    sheet = _data_sheet(workbook, label)
    # Some programs write a wrong sheet size; reading without it reads every row that is there.
    sheet.reset_dimensions()
    numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
    header_line, mapping, ignored = _find_header(numbered, columns)
    missing = [c.label for c in columns if c.required and c.key not in {m.key for m in mapping.values()}]
    if missing:
        raise ImportRejected(
            _("Thiếu cột bắt buộc: %(columns)s (dòng tiêu đề là dòng %(line)s). Tệp có phải là tệp mẫu “%(label)s” "
              "không? Hãy tải tệp mẫu và giữ nguyên tên cột.")
            % {"columns": ", ".join(missing), "line": header_line, "label": label})
    indexes = sorted(mapping.items())
    rows = []
    for line, values in numbered:
        record = {}
        filled = False
        width = len(values)
        for index, column in indexes:
            value = values[index] if index < width else None
            if isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                filled = True
            record[column.key] = value
        if filled:
            rows.append((line, record))
            if limit is not None and len(rows) >= limit:
                break
            if len(rows) > MAX_ROWS:
                raise ImportRejected(_("Tệp có hơn %(rows)s dòng. Hãy chia thành nhiều tệp.")
                                     % {"rows": format_number(MAX_ROWS)})
    if not rows:
        raise ImportRejected(_("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề). Hãy điền dữ liệu từ dòng "
                               "%(line)s rồi tải lên lại.") % {"line": header_line + 1})
    return rows, ignored


def _chunks(values: list, size: int = _CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _Checker:
    """Collects the errors of one file; each check returns the cleaned value or None after noting an error."""

    def __init__(self, kind: str):
        self.columns = {c.key: c for c in COLUMNS[kind]}
        self.errors: list[RowError] = []

    def error(self, line: int, key: str, reason: str) -> None:
        self.errors.append(RowError(line, self.columns[key].label, reason))

    def text(self, line: int, record: dict, key: str) -> str | None:
        value = _as_text(record.get(key))
        column = self.columns[key]
        if column.required and not value:
            self.error(line, key, _("Không được để trống %(column)s.") % {"column": column.label.lower()})
            return None
        if column.max_length and len(value) > column.max_length:
            self.error(line, key, _("Dài quá %(max)s ký tự (đang có %(length)s).")
                       % {"max": column.max_length, "length": len(value)})
            return None
        return value

    def choice(self, line: int, record: dict, key: str, mapping: dict[str, str], default: str | None) -> str | None:
        value = _as_text(record.get(key))
        column = self.columns[key]
        allowed = column.allowed.split("; ")
        if len(allowed) == 2:
            hint = _("%(first)s hoặc %(second)s") % {"first": allowed[0], "second": allowed[1]}
        else:
            hint = _("một trong: %(values)s") % {"values": ", ".join(f"“{a}”" for a in allowed)}
        if not value:
            if default is None:
                self.error(line, key, _("Không được để trống %(column)s; ghi %(hint)s.")
                           % {"column": column.label.lower(), "hint": hint})
            return default
        found = mapping.get(_key(value))
        if found is None:
            self.error(line, key, _("“%(value)s” không hợp lệ; ghi %(hint)s.") % {"value": value, "hint": hint})
        return found

    def date(self, line: int, record: dict, key: str) -> dt.date | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, dt.time):
            self.error(line, key, _("“%(value)s” không phải ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/06/2025)")
                       % {"value": value})
            return None
        try:
            day = parse_date(value if isinstance(value, dt.date) else _as_text(value))
        except ValueError as exc:
            self.error(line, key, f"{exc}.")
            return None
        if day > dt.date.today():
            self.error(line, key, _("Ngày %(day)s ở sau hôm nay.") % {"day": format_date(day)})
            return None
        if day.year < 1900:
            self.error(line, key, _("Năm %(year)s không hợp lệ (phải từ năm 1900).") % {"year": day.year})
            return None
        return day


# ---------------------------------------------------------------------------------------------------------
# People

def _units_by_code(codes: set[str]) -> dict[str, tuple[int, str, str]]:
    """lower-case code → (id, code, name) for the codes a file mentions; one query per 900 codes."""
    found = {}
    wanted = sorted({c.lower() for c in codes if c})
    for chunk in _chunks(wanted):
        query = (Unit.objects.annotate(code_lower=Lower("code")).filter(code_lower__in=chunk)
                 .values_list("pk", "code", "name"))
        for pk, code, name in query:
            found[code.lower()] = (pk, code, name)
    return found


def read_people(source, user, filename: str = "") -> ImportResult:
    raw_rows, ignored = _read_rows(source, PEOPLE)
    result = ImportResult(PEOPLE, filename=filename, total=len(raw_rows), ignored_columns=ignored)
    check = _Checker(PEOPLE)

    units = _units_by_code({_as_text(r.get("unit")) for _line, r in raw_rows})
    allowed = None if user.is_system_admin else set(units_user_can_change(user).values_list("pk", flat=True))
    unit_ids = sorted({pk for pk, _code, _name in units.values()})
    taken: dict[tuple[int, str], str] = {}
    for chunk in _chunks(unit_ids):
        query = Person.objects.filter(unit_id__in=chunk).exclude(staff_code="")
        for unit_id, staff_code, full_name in query.values_list("unit_id", "staff_code", "full_name"):
            taken[(unit_id, staff_code)] = full_name
    result.names["unit"] = {pk: f"{name} ({code})" for pk, code, name in units.values()}

    seen: dict[tuple[int, str], int] = {}
    for line, record in raw_rows:
        errors_before = len(check.errors)
        full_name = check.text(line, record, "full_name")
        gender = check.choice(line, record, "gender", GENDERS, None)
        birth_date = check.date(line, record, "birth_date")
        unit_id = None
        code = check.text(line, record, "unit")
        if code:
            unit = units.get(code.lower())
            if unit is None:
                check.error(line, "unit", _("Không có đơn vị mã “%(code)s”. Xem mã các đơn vị ở sheet Danh mục của tệp mẫu.")
                            % {"code": code})
            elif allowed is not None and unit[0] not in allowed:
                check.error(line, "unit", _("Không có quyền nhập cá nhân cho đơn vị “%(name)s” (mã %(code)s).")
                            % {"name": unit[2], "code": unit[1]})
            else:
                unit_id = unit[0]
        staff_code = check.text(line, record, "staff_code")
        if staff_code and unit_id is not None:
            pair = (unit_id, staff_code)
            if pair in seen:
                check.error(line, "staff_code",
                            _("Mã cán bộ “%(code)s” trùng với dòng %(line)s của tệp (cùng đơn vị).")
                            % {"code": staff_code, "line": seen[pair]})
            elif pair in taken:
                check.error(line, "staff_code",
                            _("Đơn vị đã có cá nhân mang mã cán bộ “%(code)s” (%(name)s).")
                            % {"code": staff_code, "name": taken[pair]})
            else:
                seen[pair] = line
        position = check.text(line, record, "position")
        category = check.choice(line, record, "category", CATEGORIES, WorkerCategory.DIRECT.value)
        status = check.choice(line, record, "status", STATUSES, PersonStatus.WORKING.value)
        if len(check.errors) == errors_before:
            result.rows.append({
                "line": line, "full_name": full_name, "gender": gender, "birth_date": birth_date, "unit_id": unit_id,
                "staff_code": staff_code, "position": position, "category": category, "status": status,
            })
    result.errors = check.errors
    return result


# ---------------------------------------------------------------------------------------------------------
# Units

def _reference_lookup(model, prefixes: tuple[str, ...] = ()) -> tuple[dict[str, list], dict[int, str]]:
    """Key (code or accent-free name, with and without a prefix such as "tỉnh") → records; and id → name."""
    lookup: dict[str, list] = {}
    names = {}
    for record in model.objects.all():
        names[record.pk] = str(record.name)
        keys = {_key(record.code), _key(record.name)}
        for prefix in prefixes:
            if _key(record.name).startswith(prefix + " "):
                keys.add(_key(record.name)[len(prefix) + 1:])
        for key in keys:
            lookup.setdefault(key, [])
            if record not in lookup[key]:
                lookup[key].append(record)
    return lookup, names


def _pick_reference(lookup: dict[str, list], value: str, prefixes: tuple[str, ...] = ()):
    """The one record a name or code means; a name shared by an old and a new province means the one in force."""
    key = _key(value)
    candidates = lookup.get(key)
    if candidates is None:
        for prefix in prefixes:
            if key.startswith(prefix + " "):
                candidates = lookup.get(key[len(prefix) + 1:])
                if candidates:
                    break
    if not candidates:
        return None, "missing"
    if len(candidates) == 1:
        return candidates[0], ""
    current = [c for c in candidates if getattr(c, "valid_to", None) is None]
    if len(current) == 1:
        return current[0], ""
    return None, "ambiguous"


_AREA_PREFIXES = ("tinh", "thanh pho", "tp")
UNITS_REFUSED = gettext_lazy("Chỉ quản trị hệ thống và cán bộ cơ quan tổ chức cụm, khối được nhập đơn vị.")


def read_units(source, user, filename: str = "") -> ImportResult:
    if not can_import_units(user):
        raise ImportRejected(str(UNITS_REFUSED))
    raw_rows, ignored = _read_rows(source, UNITS)
    result = ImportResult(UNITS, filename=filename, total=len(raw_rows), ignored_columns=ignored)
    check = _Checker(UNITS)

    mentioned = set()
    for _line, record in raw_rows:
        mentioned.add(_as_text(record.get("code")))
        mentioned.add(_as_text(record.get("parent")))
    existing = _units_by_code(mentioned)
    sectors, result.names["sector"] = _reference_lookup(Sector, ("nganh",))
    areas, result.names["area"] = _reference_lookup(Area, _AREA_PREFIXES)

    seen: dict[str, int] = {}
    file_codes = {}
    for line, record in raw_rows:
        code = _as_text(record.get("code"))
        if code and _SLUG.match(code) and code.lower() not in seen:
            seen[code.lower()] = line
            file_codes[code.lower()] = _as_text(record.get("parent")).lower()

    for line, record in raw_rows:
        errors_before = len(check.errors)
        code = check.text(line, record, "code")
        if code:
            if not _SLUG.match(code):
                check.error(line, "code", _("Mã “%(code)s” chỉ được gồm chữ không dấu, số, dấu gạch ngang (-) và gạch dưới (_).")
                            % {"code": code})
            elif code.lower() in existing:
                check.error(line, "code", _("Đã có đơn vị mã “%(code)s” (%(name)s).")
                            % {"code": existing[code.lower()][1], "name": existing[code.lower()][2]})
            elif seen.get(code.lower()) != line:
                check.error(line, "code", _("Mã đơn vị “%(code)s” trùng với dòng %(line)s của tệp.")
                            % {"code": code, "line": seen[code.lower()]})
        name = check.text(line, record, "name")
        short_name = check.text(line, record, "short_name")
        kind = check.choice(line, record, "kind", UNIT_KINDS, UnitKind.AGENCY.value)

        sector_id = None
        sector_text = _as_text(record.get("sector"))
        if sector_text:
            sector, problem = _pick_reference(sectors, sector_text, ("nganh",))
            if sector is None:
                check.error(line, "sector", _("Không có ngành “%(sector)s”. Xem tên và mã ngành ở sheet Danh mục.")
                            % {"sector": sector_text})
            else:
                sector_id = sector.pk

        area_id = None
        area_text = _as_text(record.get("area"))
        if area_text:
            area, problem = _pick_reference(areas, area_text, _AREA_PREFIXES)
            if area is None and problem == "ambiguous":
                check.error(line, "area", _("“%(area)s” ứng với nhiều tỉnh, thành phố; hãy ghi mã (sheet Danh mục).")
                            % {"area": area_text})
            elif area is None:
                check.error(line, "area", _("Không có tỉnh, thành phố “%(area)s”. Xem tên và mã ở sheet Danh mục.")
                            % {"area": area_text})
            else:
                area_id = area.pk

        parent_id, parent_code = None, ""
        parent_text = check.text(line, record, "parent") or ""
        if parent_text:
            if code and parent_text.lower() == code.lower():
                check.error(line, "parent", _("Đơn vị không thể là cấp trên của chính nó."))
            elif parent_text.lower() in existing:
                parent_id = existing[parent_text.lower()][0]
            elif parent_text.lower() in file_codes:
                cycle = _parent_cycle(parent_text.lower(), file_codes)
                if cycle and code and code.lower() in cycle:
                    check.error(line, "parent", _("Cấp trên tạo thành vòng lặp: %(cycle)s.") % {"cycle": " → ".join(cycle)})
                else:
                    parent_code = parent_text
            else:
                check.error(line, "parent", _("Không có đơn vị mã “%(code)s” (trong dữ liệu đã có hay trong tệp).")
                            % {"code": parent_text})

        parent_outside = check.text(line, record, "parent_outside")
        address = check.text(line, record, "address")
        phone = check.text(line, record, "phone")
        email = check.text(line, record, "email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                check.error(line, "email", _("“%(email)s” không phải địa chỉ thư điện tử hợp lệ.") % {"email": email})
        if len(check.errors) == errors_before:
            result.rows.append({
                "line": line, "code": code, "name": name, "short_name": short_name, "kind": kind,
                "sector_id": sector_id, "parent_id": parent_id, "parent_code": parent_code, "parent_text": parent_text,
                "parent_outside": parent_outside, "area_id": area_id, "address": address, "phone": phone,
                "email": email,
            })
    result.errors = check.errors
    return result


def _parent_cycle(start: str, parents: dict[str, str]) -> list[str]:
    """The chain of in-file parents from `start` when it loops back on itself, else []."""
    chain = [start]
    current = start
    while True:
        current = parents.get(current, "")
        if not current or current not in parents:
            return []
        if current in chain:
            return chain[chain.index(current):] + [current]
        chain.append(current)


def check_file(kind: str, source, user) -> None:
    """The quick checks of a whole file, stopping at the first data row: readable .xlsx, not too large,
    headers present, some data, and the user may import this kind. Raises ImportRejected."""
    if kind not in KIND_LABELS:
        raise ImportRejected(_("Loại dữ liệu nhập không hợp lệ."))
    if kind == UNITS and not can_import_units(user):
        raise ImportRejected(str(UNITS_REFUSED))
    _read_rows(source, kind, limit=1)


def read(kind: str, source, user, filename: str = "") -> ImportResult:
    """Read and check an uploaded file of `kind` (PEOPLE or UNITS). Raises ImportRejected for unreadable files."""
    if kind == PEOPLE:
        return read_people(source, user, filename)
    if kind == UNITS:
        return read_units(source, user, filename)
    raise ImportRejected(_("Loại dữ liệu nhập không hợp lệ."))


# ---------------------------------------------------------------------------------------------------------
# Writing: all or nothing

class ImportNotAllowed(Exception):
    pass


def apply(result: ImportResult, actor) -> int:
    """Write every row of a checked file in one transaction, with one activity entry. Refuses a file with
    errors, so nothing is ever half imported. Returns the number of rows written."""
    if result.errors or not result.rows:
        raise ImportNotAllowed("Tệp còn lỗi hoặc không có dòng hợp lệ: không nhập dòng nào.")
    with transaction.atomic():
        if result.kind == PEOPLE:
            count = _apply_people(result, actor)
        else:
            count = _apply_units(result, actor)
    return count


def _apply_people(result: ImportResult, actor) -> int:
    people = []
    for row in result.rows:
        people.append(Person(
            full_name=row["full_name"], gender=row["gender"], birth_date=row["birth_date"], unit_id=row["unit_id"],
            staff_code=row["staff_code"], position=row["position"], category=row["category"], status=row["status"],
            search_text=text.search_text(row["full_name"])[:600], sort_key=text.sort_key(row["full_name"]),
        ))
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    unit_ids = {row["unit_id"] for row in result.rows}
    count = len(people)
    source = f" (tệp {result.filename})" if result.filename else ""
    if len(unit_ids) == 1:
        unit_id = unit_ids.pop()
        unit_name = result.names.get("unit", {}).get(unit_id, "")
        activity.record(actor, Activity.Action.IMPORT, None, f"unit:{unit_id}",
                        summary=f"Nhập {format_number(count)} cá nhân từ Excel{source}",
                        label=unit_name or "Nhập cá nhân từ Excel")
    else:
        activity.record(actor, Activity.Action.IMPORT, None, "import",
                        summary=f"Nhập {format_number(count)} cá nhân của {format_number(len(unit_ids))} đơn vị "
                                f"từ Excel{source}",
                        label="Nhập cá nhân từ Excel")
    return count


def _apply_units(result: ImportResult, actor) -> int:
    units = []
    for row in result.rows:
        units.append(Unit(
            code=row["code"], name=row["name"], short_name=row["short_name"], kind=row["kind"],
            sector_id=row["sector_id"], parent_id=row["parent_id"], parent_outside=row["parent_outside"],
            area_id=row["area_id"], address=row["address"], phone=row["phone"], email=row["email"],
            search_text=text.search_text(row["name"], row["short_name"])[:600], sort_key=text.sort_key(row["name"]),
        ))
    Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)
    ids = {u.code.lower(): u.pk for u in units if u.pk is not None}
    if len(ids) < len(units):  # a backend that does not return ids from a bulk insert
        ids = {code.lower(): pk for code, pk in _id_by_code([u.code for u in units])}
    for unit in units:
        unit.pk = ids[unit.code.lower()]
    UnitName.objects.bulk_create(
        [UnitName(unit_id=u.pk, name=u.name, short_name=u.short_name) for u in units], batch_size=BATCH_SIZE)
    linked = []
    for unit, row in zip(units, result.rows, strict=True):
        if row["parent_code"]:
            unit.parent_id = ids[row["parent_code"].lower()]
            linked.append(unit)
    if linked:
        Unit.objects.bulk_update(linked, ["parent"], batch_size=BATCH_SIZE)
    source = f" (tệp {result.filename})" if result.filename else ""
    activity.record(actor, Activity.Action.IMPORT, None, "import",
                    summary=f"Nhập {format_number(len(units))} đơn vị từ Excel{source}", label="Nhập đơn vị từ Excel")
    return len(units)


def _id_by_code(codes: list[str]):
    for chunk in _chunks(codes):
        yield from Unit.objects.filter(code__in=chunk).values_list("code", "pk")


# ---------------------------------------------------------------------------------------------------------
# Templates to download

_HEADER_FILL = PatternFill("solid", fgColor="DCE7F7")
_REQUIRED_FONT = Font(bold=True, color="B42318")


def template_filename(kind: str) -> str:
    return f"mau-nhap-{kind}.xlsx"


def build_template(kind: str, user) -> bytes:
    """The workbook to fill in: the data sheet with its headers and one example row, a guide to every
    column, and the lists of allowed values (with the units the user may import people into). Written in
    Vietnamese whatever the interface language, as the reader expects."""
    with translation.override("vi"):
        return _build_template(kind, user)


def _build_template(kind: str, user) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = KIND_LABELS[kind]
    guide = workbook.create_sheet(GUIDE_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    columns = COLUMNS[kind]
    if kind == PEOPLE:
        validations = _people_lists(lists, user)
    else:
        validations = _unit_lists(lists)
    examples = _examples(kind, user)

    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _REQUIRED_FONT if column.required else Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        example = sheet.cell(row=2, column=index, value=examples.get(column.key, ""))
        if column.as_text:
            # Typed dates stay text (so 05/06/2025 is read as 5 June whatever the computer's settings),
            # codes and phone numbers keep their leading zeros.
            for row in range(2, _TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
            example.number_format = "@"
        if column.key in validations:
            formula, prompt = validations[column.key]
            rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False,
                                  showInputMessage=True, promptTitle=column.label[:32], prompt=prompt[:255])
            rule.add(f"{letter}2:{letter}{_TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30

    write_guide(guide, KIND_LABELS[kind], "cá nhân" if kind == PEOPLE else "đơn vị", columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _examples(kind: str, user) -> dict[str, str]:
    examples = {c.key: c.example for c in COLUMNS[kind]}
    if kind == PEOPLE:
        unit = (units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                .values_list("code", flat=True).first())
        examples["unit"] = unit or "ma-don-vi"
        examples["staff_code"] = f"VD-{secrets.token_hex(3).upper()}"
    else:
        suffix = secrets.token_hex(2)
        examples["code"] = f"{examples['code']}-{suffix}"
    return examples


def _write_list(lists, column: int, title: str, values: list[tuple[str, ...]]) -> str:
    """Write a list from row 2 of `column` (and the next ones for more fields); returns the range of the first."""
    lists.cell(row=1, column=column, value=title).font = Font(bold=True)
    for offset, value in enumerate(values, start=2):
        for shift, part in enumerate(value):
            lists.cell(row=offset, column=column + shift, value=part)
    letter = get_column_letter(column)
    last = max(2, len(values) + 1)
    return f"'{LISTS_SHEET}'!${letter}$2:${letter}${last}"


def _people_lists(lists, user) -> dict[str, tuple[str, str]]:
    gender = _write_list(lists, 1, "Giới tính", [(str(c.label),) for c in Gender])
    category = _write_list(lists, 2, "Đối tượng", [(str(c.label),) for c in WorkerCategory])
    status = _write_list(lists, 3, "Tình trạng", [(str(c.label),) for c in PersonStatus])
    units = list(units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                 .values_list("code", "name"))
    unit = _write_list(lists, 5, "Mã đơn vị", units)
    lists.cell(row=1, column=6, value="Tên đơn vị").font = Font(bold=True)
    for letter, width in (("A", 12), ("B", 28), ("C", 20), ("E", 18), ("F", 50)):
        lists.column_dimensions[letter].width = width
    return {
        "gender": (gender, "Chọn Nam hoặc Nữ."),
        "category": (category, "Chọn đối tượng; để trống là Người lao động trực tiếp."),
        "status": (status, "Chọn tình trạng; để trống là Đang công tác."),
        "unit": (unit, "Chọn mã đơn vị (tên đơn vị ở sheet Danh mục)."),
    }


def _unit_lists(lists) -> dict[str, tuple[str, str]]:
    kind = _write_list(lists, 1, "Loại đơn vị", [(str(c.label),) for c in UnitKind])
    sector_rows = list(Sector.objects.order_by("sort_key").values_list("name", "code"))
    sector = _write_list(lists, 3, "Ngành", sector_rows)
    lists.cell(row=1, column=4, value="Mã ngành").font = Font(bold=True)
    area_rows = [(name, code, f"đến {format_date(valid_to)}" if valid_to else "")
                 for name, code, valid_to in Area.objects.order_by("sort_key").values_list("name", "code", "valid_to")]
    area_rows.sort(key=lambda r: bool(r[2]))  # those in force first
    current = sum(1 for r in area_rows if not r[2])
    _write_list(lists, 6, "Tỉnh, thành phố", area_rows)
    lists.cell(row=1, column=7, value="Mã tỉnh, thành phố").font = Font(bold=True)
    lists.cell(row=1, column=8, value="Hiệu lực").font = Font(bold=True)
    area = f"'{LISTS_SHEET}'!$F$2:$F${max(2, current + 1)}"
    for letter, width in (("A", 40), ("C", 30), ("D", 16), ("F", 26), ("G", 22), ("H", 16)):
        lists.column_dimensions[letter].width = width
    return {
        "kind": (kind, "Chọn loại đơn vị; để trống là Cơ quan, đơn vị cấp tỉnh."),
        "sector": (sector, "Chọn ngành hoặc ghi mã ngành."),
        "area": (area, "Chọn tỉnh, thành phố hoặc ghi mã."),
    }


def write_guide(guide, label: str, noun: str, columns) -> None:
    """The guide sheet of a template: how to fill it in, then every column with its meaning and values."""
    lines = [
        f"HƯỚNG DẪN NHẬP {label.upper()} TỪ EXCEL",
        "",
        f"1. Điền mỗi {noun} trên một dòng của sheet “{label}”, bắt đầu từ dòng 2. Giữ nguyên dòng "
        "tiêu đề (dòng 1); có thể bỏ các cột không bắt buộc.",
        "2. Dòng 2 là dòng ví dụ: sửa lại thành dữ liệu thật hoặc xóa đi trước khi tải lên.",
        "3. Cột có dấu (*) là bắt buộc. Các giá trị được phép của từng cột ở bảng dưới và ở sheet “Danh mục”; "
        "viết có dấu hoặc không dấu, chữ hoa hay chữ thường đều được.",
        "4. Ngày ghi theo dạng ngày/tháng/năm: 05/06/2025 là ngày 5 tháng 6 năm 2025.",
        "5. Tất cả hoặc không: phần mềm kiểm tra mọi dòng trước khi nhập. Chỉ một dòng lỗi thì không dòng nào "
        "được nhập; trang xem trước liệt kê từng dòng lỗi (số dòng như Excel hiển thị, cột, lý do) để sửa rồi tải "
        "lên lại.",
        f"6. Tệp dạng .xlsx, tối đa {format_number(settings.THIDUA_IMPORT_MAX_BYTES / 1024 / 1024, 0)} MB và "
        f"{format_number(MAX_ROWS)} dòng mỗi lần.",
        "",
    ]
    for row, line in enumerate(lines, start=1):
        cell = guide.cell(row=row, column=1, value=line)
        if row == 1:
            cell.font = Font(bold=True, size=14)
    start = len(lines) + 1
    for index, title in enumerate(("Cột", "Bắt buộc", "Giải thích", "Giá trị được phép"), start=1):
        cell = guide.cell(row=start, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for offset, column in enumerate(columns, start=1):
        values = (column.label, "Có" if column.required else "Không", column.help,
                  column.allowed.replace("; ", "\n") if column.allowed else "")
        for index, value in enumerate(values, start=1):
            cell = guide.cell(row=start + offset, column=index, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in (("A", 24), ("B", 10), ("C", 70), ("D", 40)):
        guide.column_dimensions[letter].width = width


# ---------------------------------------------------------------------------------------------------------
# Keeping an uploaded file between the preview and the confirmation (on disk, so any worker can finish it)

_TOKEN = re.compile(r"^[a-f0-9]{32}$")
STALE_AFTER = 24 * 3600


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(upload) -> str:
    """Save an uploaded file under a random token after the size check; returns the token."""
    check_size(_size_of(upload))
    purge_stale()
    token = secrets.token_hex(16)
    with open(upload_dir() / f"{token}.xlsx", "wb") as out:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            out.write(chunk)
    return token


def stored_path(token: str | None) -> Path | None:
    if not token or not _TOKEN.match(token):
        return None
    path = upload_dir() / f"{token}.xlsx"
    return path if path.exists() else None


def claim(token: str) -> Path | None:
    """Take the stored file for importing; a second confirmation of the same file (another tab, a double
    click, another worker) finds nothing to claim. Atomic on one file system."""
    path = stored_path(token)
    if path is None:
        return None
    claimed = path.with_name(f"{token}.claimed.xlsx")  # openpyxl reads a path only if it ends in .xlsx
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def release(token: str) -> None:
    """Give a claimed file back (the import was refused), so the user can fix and retry."""
    claimed = upload_dir() / f"{token}.claimed.xlsx"
    if _TOKEN.match(token) and claimed.exists():
        os.replace(claimed, upload_dir() / f"{token}.xlsx")


def discard(token: str | None) -> None:
    if not token or not _TOKEN.match(token):
        return
    for suffix in (".xlsx", ".claimed.xlsx"):
        (upload_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def purge_stale() -> None:
    cutoff = time.time() - STALE_AFTER
    for path in upload_dir().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
