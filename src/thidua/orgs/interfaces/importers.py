"""People and units from Excel: what the two imports declare to the flow of `core.importing` (columns, lookups
loaded once per file, the check of one row, the save in one transaction, the template's lists). Reading the
workbook, all or nothing, the template and the pages are in core (`core.importing`, `core.import_views`).

Lookups (units by code, sectors, areas, staff codes already used) are loaded once per file, never per row,
so 50.000 rows cost the same handful of queries as 10.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from thidua.core import text
from thidua.core.formatting import format_date
from thidua.core.importing import (  # noqa: F401  (ImportNotAllowed, ImportRejected, ImportResult: for callers)
    LISTS_SHEET,
    Column,
    Importer,
    ImportNotAllowed,
    ImportRejected,
    ImportResult,
    Row,
    as_text,
    choice_map,
    chunks,
    log_import,
    match_key,
    vi,
    write_list,
)
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.enums import Gender, PersonStatus, UnitKind, WorkerCategory
from thidua.orgs.interfaces.lookups import FileUnits, units_by_code
from thidua.orgs.models import Area, Person, Sector, Unit, UnitName

PEOPLE = "ca-nhan"
UNITS = "don-vi"
BATCH_SIZE = 5000
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

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
    Column("category", "Đối tượng", allowed="; ".join(vi(c.label) for c in WorkerCategory),
           example=vi(WorkerCategory.DIRECT.label), width=26,
           help="Để trống là Người lao động trực tiếp. Dùng cho tỉ lệ khen thưởng người lao động trực tiếp."),
    Column("status", "Tình trạng", allowed="; ".join(vi(c.label) for c in PersonStatus),
           example=vi(PersonStatus.WORKING.label), width=18, help="Để trống là Đang công tác."),
)

UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", required=True, max_length=60, example="ls-stp", width=16,
           help="Mã riêng của đơn vị: chữ không dấu, số, dấu gạch ngang; không trùng với đơn vị đã có."),
    Column("name", "Tên đơn vị", required=True, max_length=255, example="Sở Tư pháp tỉnh Lạng Sơn", width=36),
    Column("short_name", "Tên viết tắt", max_length=120, example="Sở Tư pháp", width=18, help="Có thể để trống."),
    Column("kind", "Loại đơn vị", allowed="; ".join(vi(c.label) for c in UnitKind),
           example=vi(UnitKind.AGENCY.label), width=30, help="Để trống là Cơ quan, đơn vị cấp tỉnh."),
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

GENDERS = choice_map(Gender)
CATEGORIES = choice_map(WorkerCategory, {"Lãnh đạo": "leader", "Quản lý": "leader", "Lãnh đạo quản lý": "leader",
                                         "Lao động trực tiếp": "direct", "Trực tiếp": "direct"})
STATUSES = choice_map(PersonStatus, {"Chuyển công tác": "transferred", "Nghỉ hưu": "retired",
                                     "Từ trần": "deceased", "Đã mất": "deceased"})
UNIT_KINDS = choice_map(UnitKind, {"Cơ quan cấp tỉnh": "agency", "Đơn vị cấp tỉnh": "agency",
                                   "Đơn vị ngành": "sector_branch", "Cấp trên ngoài tỉnh": "outside_parent"})


def can_import_units(user) -> bool:
    """New units are created by system admins and the staff of an organiser, not by a unit's own officer."""
    return bool(user.is_system_admin or user.organiser_ids)


# ---------------------------------------------------------------------------------------------------------
# People

@dataclass
class _PeopleFile:
    units: FileUnits
    taken: dict[tuple[int, str], str]  # (unit id, staff code) already recorded → the person's name
    seen: dict[tuple[int, str], int] = field(default_factory=dict)  # (unit id, staff code) → line in the file


class PeopleImporter(Importer):
    kind = PEOPLE
    label = "Cá nhân"
    name = gettext_lazy("Cá nhân")
    noun = "cá nhân"
    columns = PEOPLE_COLUMNS
    done = gettext_lazy("Đã nhập %(count)s cá nhân từ tệp %(filename)s.")
    preview_headers = (gettext_lazy("Họ và tên"), gettext_lazy("Giới tính"), gettext_lazy("Ngày sinh"),
                       gettext_lazy("Đơn vị"), gettext_lazy("Mã cán bộ"), gettext_lazy("Chức vụ"),
                       gettext_lazy("Đối tượng"), gettext_lazy("Tình trạng"))

    def prepare(self, rows, user, result) -> _PeopleFile:
        units = FileUnits.load(rows, "unit", user)
        taken: dict[tuple[int, str], str] = {}
        for chunk in chunks(units.ids):
            query = Person.objects.filter(unit_id__in=chunk).exclude(staff_code="")
            for unit_id, staff_code, full_name in query.values_list("unit_id", "staff_code", "full_name"):
                taken[(unit_id, staff_code)] = full_name
        result.names["unit"] = units.labels
        return _PeopleFile(units, taken)

    def check_row(self, row: Row, file: _PeopleFile) -> dict:
        full_name = row.text("full_name")
        gender = row.choice("gender", GENDERS, None)
        birth_date = row.date("birth_date")
        unit_id = file.units.check(row, "unit", _("Không có quyền nhập cá nhân cho đơn vị “%(name)s” (mã %(code)s)."))
        staff_code = row.text("staff_code")
        if staff_code and unit_id is not None:
            _check_staff_code(row, file, (unit_id, staff_code))
        return {
            "full_name": full_name, "gender": gender, "birth_date": birth_date, "unit_id": unit_id,
            "staff_code": staff_code, "position": row.text("position"),
            "category": row.choice("category", CATEGORIES, WorkerCategory.DIRECT.value),
            "status": row.choice("status", STATUSES, PersonStatus.WORKING.value),
        }

    def save(self, result, actor) -> int:
        people = [Person(
            full_name=row["full_name"], gender=row["gender"], birth_date=row["birth_date"], unit_id=row["unit_id"],
            staff_code=row["staff_code"], position=row["position"], category=row["category"], status=row["status"],
            search_text=text.search_text(row["full_name"])[:600], sort_key=text.sort_key(row["full_name"]),
        ) for row in result.rows]
        Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        log_import(actor, result, self.noun, len(people), {row["unit_id"] for row in result.rows})
        return len(people)

    def preview_row(self, row, names) -> list:
        return [row["full_name"], Gender(row["gender"]).label, format_date(row["birth_date"]),
                names.get("unit", {}).get(row["unit_id"], ""), row["staff_code"], row["position"],
                WorkerCategory(row["category"]).label, PersonStatus(row["status"]).label]

    def done_url(self, result) -> str:
        unit_ids = {row["unit_id"] for row in result.rows}
        url = reverse("orgs:person_list")
        return f"{url}?unit={unit_ids.pop()}" if len(unit_ids) == 1 else url

    def lists(self, sheet, user) -> dict[str, tuple[str, str]]:
        gender = write_list(sheet, 1, "Giới tính", [(str(c.label),) for c in Gender])
        category = write_list(sheet, 2, "Đối tượng", [(str(c.label),) for c in WorkerCategory])
        status = write_list(sheet, 3, "Tình trạng", [(str(c.label),) for c in PersonStatus])
        units = list(units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                     .values_list("code", "name"))
        unit = write_list(sheet, 5, "Mã đơn vị", units)
        sheet.cell(row=1, column=6, value="Tên đơn vị").font = Font(bold=True)
        for letter, width in (("A", 12), ("B", 28), ("C", 20), ("E", 18), ("F", 50)):
            sheet.column_dimensions[letter].width = width
        return {
            "gender": (gender, "Chọn Nam hoặc Nữ."),
            "category": (category, "Chọn đối tượng; để trống là Người lao động trực tiếp."),
            "status": (status, "Chọn tình trạng; để trống là Đang công tác."),
            "unit": (unit, "Chọn mã đơn vị (tên đơn vị ở sheet Danh mục)."),
        }

    def examples(self, user, lists) -> dict[str, str]:
        examples = super().examples(user, lists)
        examples["unit"] = lists["E2"].value or "ma-don-vi"  # the first unit of the list
        examples["staff_code"] = f"VD-{secrets.token_hex(3).upper()}"
        return examples


def _check_staff_code(row: Row, file: _PeopleFile, pair: tuple[int, str]) -> None:
    """A staff code is unique within its unit: in the file and against the people already recorded."""
    if pair in file.seen:
        row.error("staff_code", _("Mã cán bộ “%(code)s” trùng với dòng %(line)s của tệp (cùng đơn vị).")
                  % {"code": pair[1], "line": file.seen[pair]})
    elif pair in file.taken:
        row.error("staff_code", _("Đơn vị đã có cá nhân mang mã cán bộ “%(code)s” (%(name)s).")
                  % {"code": pair[1], "name": file.taken[pair]})
    else:
        file.seen[pair] = row.line


# ---------------------------------------------------------------------------------------------------------
# Units

def _reference_lookup(model, prefixes: tuple[str, ...] = ()) -> tuple[dict[str, list], dict[int, str]]:
    """Key (code or accent-free name, with and without a prefix such as "tỉnh") → records; and id → name."""
    lookup: dict[str, list] = {}
    names = {}
    for record in model.objects.all():
        names[record.pk] = str(record.name)
        keys = {match_key(record.code), match_key(record.name)}
        for prefix in prefixes:
            if match_key(record.name).startswith(prefix + " "):
                keys.add(match_key(record.name)[len(prefix) + 1:])
        for key in keys:
            lookup.setdefault(key, [])
            if record not in lookup[key]:
                lookup[key].append(record)
    return lookup, names


def _pick_reference(lookup: dict[str, list], value: str, prefixes: tuple[str, ...] = ()):
    """The one record a name or code means; a name shared by an old and a new province means the one in force."""
    key = match_key(value)
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


_SECTOR_PREFIXES = ("nganh",)
_AREA_PREFIXES = ("tinh", "thanh pho", "tp")
UNITS_REFUSED = gettext_lazy("Chỉ quản trị hệ thống và cán bộ cơ quan tổ chức cụm, khối được nhập đơn vị.")


@dataclass
class _UnitsFile:
    existing: dict[str, tuple[int, str, str]]  # the units already recorded that the file names (code or parent)
    sectors: dict[str, list]
    areas: dict[str, list]
    first_line: dict[str, int]  # lower-case code → its first line in the file
    parents: dict[str, str]  # lower-case code → lower-case parent code, as the file gives them


class UnitImporter(Importer):
    kind = UNITS
    label = "Đơn vị"
    name = gettext_lazy("Đơn vị")
    noun = "đơn vị"
    columns = UNIT_COLUMNS
    refusal = UNITS_REFUSED
    done = gettext_lazy("Đã nhập %(count)s đơn vị từ tệp %(filename)s.")
    preview_headers = (gettext_lazy("Mã đơn vị"), gettext_lazy("Tên đơn vị"), gettext_lazy("Tên viết tắt"),
                       gettext_lazy("Loại đơn vị"), gettext_lazy("Ngành"), gettext_lazy("Cấp trên"),
                       gettext_lazy("Tỉnh, thành phố"), gettext_lazy("Điện thoại"), gettext_lazy("Thư điện tử"))

    def allowed(self, user) -> bool:
        return can_import_units(user)

    def prepare(self, rows, user, result) -> _UnitsFile:
        mentioned = set()
        for _line, record in rows:
            mentioned.add(as_text(record.get("code")))
            mentioned.add(as_text(record.get("parent")))
        existing = units_by_code(mentioned)
        sectors, result.names["sector"] = _reference_lookup(Sector, _SECTOR_PREFIXES)
        areas, result.names["area"] = _reference_lookup(Area, _AREA_PREFIXES)
        first_line: dict[str, int] = {}
        parents = {}
        for line, record in rows:
            code = as_text(record.get("code"))
            if code and _SLUG.match(code) and code.lower() not in first_line:
                first_line[code.lower()] = line
                parents[code.lower()] = as_text(record.get("parent")).lower()
        return _UnitsFile(existing, sectors, areas, first_line, parents)

    def check_row(self, row: Row, file: _UnitsFile) -> dict:
        code = row.text("code")
        if code:
            _check_code(row, file, code)
        values = {"code": code, "name": row.text("name"), "short_name": row.text("short_name"),
                  "kind": row.choice("kind", UNIT_KINDS, UnitKind.AGENCY.value),
                  "sector_id": _sector(row, file), "area_id": _area(row, file)}
        parent_text = row.text("parent") or ""
        parent_id, parent_code = _parent(row, file, code, parent_text) if parent_text else (None, "")
        values.update({"parent_id": parent_id, "parent_code": parent_code, "parent_text": parent_text,
                       "parent_outside": row.text("parent_outside"), "address": row.text("address"),
                       "phone": row.text("phone"), "email": _email(row)})
        return values

    def save(self, result, actor) -> int:
        units = [Unit(
            code=row["code"], name=row["name"], short_name=row["short_name"], kind=row["kind"],
            sector_id=row["sector_id"], parent_id=row["parent_id"], parent_outside=row["parent_outside"],
            area_id=row["area_id"], address=row["address"], phone=row["phone"], email=row["email"],
            search_text=text.search_text(row["name"], row["short_name"])[:600], sort_key=text.sort_key(row["name"]),
        ) for row in result.rows]
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
        log_import(actor, result, self.noun, len(units))
        return len(units)

    def preview_row(self, row, names) -> list:
        return [row["code"], row["name"], row["short_name"], UnitKind(row["kind"]).label,
                names.get("sector", {}).get(row["sector_id"], ""), row["parent_text"] or row["parent_outside"],
                names.get("area", {}).get(row["area_id"], ""), row["phone"], row["email"]]

    def done_url(self, result) -> str:
        return reverse("orgs:unit_list")

    def lists(self, sheet, user) -> dict[str, tuple[str, str]]:
        kind = write_list(sheet, 1, "Loại đơn vị", [(str(c.label),) for c in UnitKind])
        sector_rows = list(Sector.objects.order_by("sort_key").values_list("name", "code"))
        sector = write_list(sheet, 3, "Ngành", sector_rows)
        sheet.cell(row=1, column=4, value="Mã ngành").font = Font(bold=True)
        area_rows = [(name, code, f"đến {format_date(valid_to)}" if valid_to else "")
                     for name, code, valid_to in Area.objects.order_by("sort_key").values_list("name", "code", "valid_to")]
        area_rows.sort(key=lambda r: bool(r[2]))  # those in force first
        current = sum(1 for r in area_rows if not r[2])
        write_list(sheet, 6, "Tỉnh, thành phố", area_rows)
        sheet.cell(row=1, column=7, value="Mã tỉnh, thành phố").font = Font(bold=True)
        sheet.cell(row=1, column=8, value="Hiệu lực").font = Font(bold=True)
        area = f"'{LISTS_SHEET}'!$F$2:$F${max(2, current + 1)}"
        for letter, width in (("A", 40), ("C", 30), ("D", 16), ("F", 26), ("G", 22), ("H", 16)):
            sheet.column_dimensions[letter].width = width
        return {
            "kind": (kind, "Chọn loại đơn vị; để trống là Cơ quan, đơn vị cấp tỉnh."),
            "sector": (sector, "Chọn ngành hoặc ghi mã ngành."),
            "area": (area, "Chọn tỉnh, thành phố hoặc ghi mã."),
        }

    def examples(self, user, lists) -> dict[str, str]:
        examples = super().examples(user, lists)
        examples["code"] = f"{examples['code']}-{secrets.token_hex(2)}"
        return examples


def _check_code(row: Row, file: _UnitsFile, code: str) -> None:
    """A new unit's code: a slug, not used by a unit already recorded nor by an earlier line of the file."""
    if not _SLUG.match(code):
        row.error("code", _("Mã “%(code)s” chỉ được gồm chữ không dấu, số, dấu gạch ngang (-) và gạch dưới (_).")
                  % {"code": code})
    elif code.lower() in file.existing:
        row.error("code", _("Đã có đơn vị mã “%(code)s” (%(name)s).")
                  % {"code": file.existing[code.lower()][1], "name": file.existing[code.lower()][2]})
    elif file.first_line.get(code.lower()) != row.line:
        row.error("code", _("Mã đơn vị “%(code)s” trùng với dòng %(line)s của tệp.")
                  % {"code": code, "line": file.first_line[code.lower()]})


def _sector(row: Row, file: _UnitsFile) -> int | None:
    sector_text = row.value("sector")
    if not sector_text:
        return None
    sector, _problem = _pick_reference(file.sectors, sector_text, _SECTOR_PREFIXES)
    if sector is None:
        row.error("sector", _("Không có ngành “%(sector)s”. Xem tên và mã ngành ở sheet Danh mục.")
                  % {"sector": sector_text})
        return None
    return sector.pk


def _area(row: Row, file: _UnitsFile) -> int | None:
    area_text = row.value("area")
    if not area_text:
        return None
    area, problem = _pick_reference(file.areas, area_text, _AREA_PREFIXES)
    if area is None and problem == "ambiguous":
        row.error("area", _("“%(area)s” ứng với nhiều tỉnh, thành phố; hãy ghi mã (sheet Danh mục).")
                  % {"area": area_text})
    elif area is None:
        row.error("area", _("Không có tỉnh, thành phố “%(area)s”. Xem tên và mã ở sheet Danh mục.")
                  % {"area": area_text})
    return area.pk if area is not None else None


def _parent(row: Row, file: _UnitsFile, code: str | None, parent_text: str) -> tuple[int | None, str]:
    """(id of a parent already recorded, or code of a parent on another line of the file)."""
    parent = parent_text.lower()
    if code and parent == code.lower():
        row.error("parent", _("Đơn vị không thể là cấp trên của chính nó."))
    elif parent in file.existing:
        return file.existing[parent][0], ""
    elif parent in file.parents:
        cycle = _parent_cycle(parent, file.parents)
        if cycle and code and code.lower() in cycle:
            row.error("parent", _("Cấp trên tạo thành vòng lặp: %(cycle)s.") % {"cycle": " → ".join(cycle)})
        else:
            return None, parent_text
    else:
        row.error("parent", _("Không có đơn vị mã “%(code)s” (trong dữ liệu đã có hay trong tệp).")
                  % {"code": parent_text})
    return None, ""


def _email(row: Row) -> str | None:
    email = row.text("email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error("email", _("“%(email)s” không phải địa chỉ thư điện tử hợp lệ.") % {"email": email})
    return email


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


def _id_by_code(codes: list[str]):
    for chunk in chunks(codes):
        yield from Unit.objects.filter(code__in=chunk).values_list("code", "pk")


# ---------------------------------------------------------------------------------------------------------
# The two importers, and the calls by kind that scripts and tests use

PEOPLE_IMPORTER = PeopleImporter()
UNIT_IMPORTER = UnitImporter()
IMPORTERS = {PEOPLE: PEOPLE_IMPORTER, UNITS: UNIT_IMPORTER}


def _importer(kind: str) -> Importer:
    if kind not in IMPORTERS:
        raise ImportRejected(_("Loại dữ liệu nhập không hợp lệ."))
    return IMPORTERS[kind]


def read(kind: str, source, user, filename: str = "") -> ImportResult:
    """Read and check an uploaded file of `kind` (PEOPLE or UNITS). Raises ImportRejected for unreadable files."""
    return _importer(kind).read(source, user, filename)


def check_file(kind: str, source, user) -> None:
    _importer(kind).check_file(source, user)


def apply(result: ImportResult, actor) -> int:
    """Write every row of a checked file in one transaction (nothing when it has an error)."""
    return _importer(result.kind).apply(result, actor)


def build_template(kind: str, user) -> bytes:
    return _importer(kind).build_template(user)
