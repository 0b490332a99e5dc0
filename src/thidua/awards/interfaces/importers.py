"""Past awards from Excel into the registry: a template to fill in, a reader that checks every row, and a
writer that imports all rows or none.

It follows the import of units and people (orgs/interfaces/importers.py) and reuses its pieces: reading the
sheet (`read_sheet`), checking cells (`_Checker`), the guide sheet, keeping the upload between the preview and
the confirmation. What is particular to awards:

- the title or form is found by its name, short name or code in the catalogue;
- the person is found in the unit (by unit code) by staff code, or else by a name that is unique in the unit;
- the decision date may not be in the future, the achievement year not after the decision's year;
- a row already in the registry (same recipient, award, year and decision number), or twice in the file, is
  refused;
- the rule set and the cash are those in force at the decision date (awards.domain.money).

Lookups (units, people of those units, the catalogue, rule sets and salaries, records already there) are read
once per file, so 100.000 rows cost a few dozen queries."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

from django.db import connection, transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.awards.domain.money import CashTable
from thidua.awards.enums import AwardType, Level, Subject
from thidua.awards.models import Award, AwardRecord
from thidua.core import activity, text
from thidua.core.formatting import format_date, format_number
from thidua.core.models import Activity
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.interfaces import importers as base
from thidua.orgs.interfaces.importers import Column, ImportRejected, ImportResult, RowError  # noqa: F401
from thidua.orgs.models import Person

KIND = "khen-thuong"
LABEL = "Khen thưởng"
TEMPLATE_FILENAME = "mau-nhap-khen-thuong.xlsx"
BATCH_SIZE = 5000
FIRST_YEAR = 1945
YES_NO = {"co": True, "c": True, "x": True, "1": True, "true": True, "khong": False, "k": False, "0": False,
          "false": False}

COLUMNS = (
    Column("name", "Họ tên", max_length=300, width=28, example="Nguyễn Văn An",
           aliases=("Họ và tên", "Tên tập thể", "Họ tên, tên tập thể", "Tên cá nhân, tập thể"),
           help="Cá nhân: họ tên như trong quyết định (có thể để trống nếu ghi mã cán bộ). Tập thể: tên như trong "
                "quyết định (để trống là tên đơn vị)."),
    Column("staff_code", "Mã cán bộ", max_length=40, width=14, as_text=True, aliases=("Mã CB", "Mã số cán bộ"),
           help="Cá nhân: tìm theo mã cán bộ trong đơn vị; để trống thì tìm theo họ tên (họ tên phải không trùng "
                "trong đơn vị)."),
    Column("unit", "Mã đơn vị", required=True, width=16, aliases=("Mã ĐV",),
           help="Mã đơn vị công tác của cá nhân khi được khen, hoặc của tập thể (sheet Danh mục). Chỉ nhập được cho "
                "đơn vị mình quản lý."),
    Column("subject", "Đối tượng", allowed="; ".join(str(c.label) for c in Subject), example="Cá nhân", width=14,
           help="Để trống là Cá nhân."),
    Column("award", "Danh hiệu, hình thức", required=True, width=32, example="Chiến sĩ thi đua cơ sở",
           aliases=("Danh hiệu - hình thức", "Danh hiệu/hình thức", "Danh hiệu hình thức", "Danh hiệu",
                    "Hình thức khen thưởng"),
           help="Tên, tên viết tắt hoặc mã trong danh mục (sheet Danh mục)."),
    Column("year", "Năm", required=True, width=8, example="2023", aliases=("Năm thành tích",),
           help="Năm thành tích được khen (không sau năm của quyết định)."),
    Column("award_type", "Loại hình", allowed="; ".join(str(c.label) for c in AwardType), width=20,
           example=str(AwardType.MERIT.label), aliases=("Loại hình khen thưởng",),
           help="Để trống là Công trạng. Khen đột xuất, chuyên đề không được tính cho khen thưởng cấp cao hơn."),
    Column("level", "Cấp", allowed="; ".join(str(c.label) for c in Level), width=14, aliases=("Cấp khen",),
           help="Để trống là cấp của danh hiệu, hình thức trong danh mục."),
    Column("decision_number", "Số QĐ", required=True, max_length=60, width=16, example="125/QĐ-UBND", as_text=True,
           aliases=("Số quyết định",)),
    Column("decision_date", "Ngày QĐ", required=True, width=14, example="20/02/2024", as_text=True,
           aliases=("Ngày quyết định",),
           help="Ngày/tháng/năm: 05/06/2025 là ngày 5 tháng 6 năm 2025. Không được sau hôm nay."),
    Column("signed_by", "Cấp quyết định", required=True, max_length=255, width=30,
           example="Chủ tịch UBND tỉnh", aliases=("Cấp quyết định, người ký", "Người ký", "Cơ quan quyết định"),
           help="Cấp, chức danh người ký như ghi trong quyết định."),
    Column("direct_worker", "Người lao động trực tiếp", allowed="Có; Không", width=14,
           aliases=("Lao động trực tiếp", "NLĐ trực tiếp"),
           help="Cá nhân: để trống thì lấy theo đối tượng của cá nhân. Tập thể: để trống."),
    Column("position", "Chức vụ", max_length=255, width=22, help="Để trống là chức vụ hiện có của cá nhân."),
    Column("note", "Ghi chú", max_length=300, width=24),
)

SUBJECTS = base._choice_map(Subject, {"Tập thể lao động": "collective", "Hộ": "household", "Gia đình": "household"})
AWARD_TYPES = base._choice_map(AwardType, {"Thường xuyên": "merit", "Chuyên đề": "thematic",
                                           "Phong trào": "thematic", "Cống hiến": "service", "Niên hạn": "tenure"})
LEVELS = base._choice_map(Level, {"TW": "central", "Cấp Trung ương": "central", "Tỉnh": "local",
                                  "Cấp tỉnh": "local", "Ngành": "sector", "Cấp ngành": "sector"})


@dataclass
class AwardImportResult(ImportResult):
    @property
    def kind_label(self) -> str:
        return LABEL

    def preview(self, limit: int = 50) -> tuple[list[str], list[list[str]]]:
        units, awards = self.names.get("unit", {}), self.names.get("award", {})
        headers = ["Dòng", "Tên trong quyết định", "Đối tượng", "Đơn vị", "Danh hiệu, hình thức", "Năm", "Loại hình",
                   "Cấp", "Số QĐ", "Ngày QĐ", "Cấp quyết định", "NLĐ trực tiếp", "Tiền thưởng (đồng)"]
        body = [[str(r["line"]), r["recipient_name"], Subject(r["subject"]).label, units.get(r["unit_id"], ""),
                 awards.get(r["award_id"], ""), str(r["year"]), AwardType(r["award_type"]).label,
                 Level(r["level"]).label, r["decision_number"], format_date(r["decision_date"]), r["signed_by"],
                 "Có" if r["direct_worker"] else "", format_number(r["cash_amount"])]
                for r in self.rows[:limit]]
        return headers, [[str(v) for v in row] for row in body]


class _Checker(base._Checker):
    def __init__(self):  # not super().__init__(): that looks the columns up by the orgs kinds
        self.columns = {c.key: c for c in COLUMNS}
        self.errors: list[RowError] = []


def _name_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def _award_lookup() -> tuple[dict[str, Award], dict[int, str]]:
    lookup, names = {}, {}
    for award in Award.objects.all():
        names[award.pk] = award.name
        for value in (award.code, award.name, award.short_name):
            if value:
                lookup.setdefault(base._key(value), award)
    return lookup, names


def _people_of(unit_ids: list[int]):
    """By (unit, staff code) and by (unit, name): (id, full name, position, category) of everyone in the units."""
    by_code, by_name = {}, {}
    for chunk in base._chunks(unit_ids):
        rows = Person.objects.filter(unit_id__in=chunk).values_list(
            "pk", "unit_id", "staff_code", "full_name", "position", "category")
        for pk, unit_id, staff_code, full_name, position, category in rows:
            person = (pk, full_name, position, category)
            if staff_code:
                by_code[(unit_id, staff_code.casefold())] = person
            by_name.setdefault((unit_id, _name_key(full_name)), []).append(person)
    return by_code, by_name


def _existing(unit_ids: list[int], years: set[int]) -> dict[tuple, tuple[str, dt.date]]:
    """Records already in the registry for these units and years, by the key a duplicate would have."""
    found = {}
    if not years:
        return found
    for chunk in base._chunks(unit_ids):
        rows = AwardRecord.objects.filter(unit_id__in=chunk, year__in=sorted(years)).values_list(
            "unit_id", "person_id", "search_text", "award_id", "year", "decision_number", "decision_date")
        for unit_id, person_id, search, award_id, year, number, day in rows:
            found[(unit_id, person_id or search, award_id, year, number.casefold())] = (number, day)
    return found


def read(source, user, filename: str = "") -> AwardImportResult:
    """Read and check a file of past awards. Raises ImportRejected for a file that cannot be read at all."""
    raw_rows, ignored = base.read_sheet(source, COLUMNS, LABEL)
    result = AwardImportResult(KIND, filename=filename, total=len(raw_rows), ignored_columns=ignored)
    check = _Checker()
    today = dt.date.today()

    units = base._units_by_code({base._as_text(r.get("unit")) for _line, r in raw_rows})
    allowed = None if user.is_system_admin else set(units_user_can_change(user).values_list("pk", flat=True))
    unit_ids = sorted({pk for pk, _code, _name in units.values()})
    by_code, by_name = _people_of(unit_ids)
    awards, result.names["award"] = _award_lookup()
    result.names["unit"] = {pk: f"{name} ({code})" for pk, code, name in units.values()}
    unit_names = {pk: name for pk, _code, name in units.values()}
    years_mentioned = set()
    for _line, record in raw_rows:
        try:
            years_mentioned.add(int(float(base._as_text(record.get("year")))))
        except ValueError:
            continue
    existing = _existing(unit_ids, years_mentioned)
    cash = CashTable()
    seen: dict[tuple, int] = {}

    for line, record in raw_rows:
        errors_before = len(check.errors)
        subject = check.choice(line, record, "subject", SUBJECTS, Subject.INDIVIDUAL.value)

        unit_id = None
        code = check.text(line, record, "unit")
        if code:
            unit = units.get(code.lower())
            if unit is None:
                check.error(line, "unit", f"Không có đơn vị mã “{code}”. Xem mã các đơn vị ở sheet Danh mục của tệp mẫu.")
            elif allowed is not None and unit[0] not in allowed:
                check.error(line, "unit", f"Không có quyền nhập khen thưởng cho đơn vị “{unit[2]}” (mã {unit[1]}).")
            else:
                unit_id = unit[0]

        award = None
        award_text = check.text(line, record, "award")
        if award_text:
            award = awards.get(base._key(award_text))
            if award is None:
                check.error(line, "award", f"Không có danh hiệu, hình thức “{award_text}” trong danh mục. Xem tên và "
                                           "mã ở sheet Danh mục.")
            elif subject and subject not in award.subjects:
                check.error(line, "award", f"{award.name} không dành cho {Subject(subject).label.lower()}.")
                award = None

        decision_date = None
        if record.get("decision_date") is None:
            check.error(line, "decision_date", "Không được để trống ngày quyết định.")
        else:
            decision_date = check.date(line, record, "decision_date")

        year = None
        year_text = check.text(line, record, "year")
        if year_text:
            try:
                year = int(float(year_text))
                if float(year_text) != year:
                    raise ValueError
            except ValueError:
                check.error(line, "year", f"“{year_text}” không phải năm hợp lệ (ví dụ 2023).")
                year = None
            else:
                if not FIRST_YEAR <= year <= today.year:
                    check.error(line, "year", f"Năm {year} không hợp lệ (từ {FIRST_YEAR} đến {today.year}).")
                    year = None
                elif decision_date and year > decision_date.year:
                    check.error(line, "year", f"Năm thành tích {year} sau năm của quyết định "
                                              f"({format_date(decision_date)}).")
                    year = None

        award_type = check.choice(line, record, "award_type", AWARD_TYPES, AwardType.MERIT.value)
        level = check.choice(line, record, "level", LEVELS, "")
        number = check.text(line, record, "decision_number")
        signed_by = check.text(line, record, "signed_by")
        position = check.text(line, record, "position")
        note = check.text(line, record, "note")
        direct_text = base._as_text(record.get("direct_worker"))
        direct = YES_NO.get(base._key(direct_text)) if direct_text else None
        if direct_text and direct is None:
            check.error(line, "direct_worker", f"“{direct_text}” không hợp lệ; ghi Có hoặc Không.")

        name = check.text(line, record, "name") or ""
        staff_code = check.text(line, record, "staff_code") or ""
        person = None
        if subject == Subject.INDIVIDUAL and unit_id is not None:
            where = f"đơn vị “{unit_names[unit_id]}”"
            if staff_code:
                person = by_code.get((unit_id, staff_code.casefold()))
                if person is None:
                    check.error(line, "staff_code", f"Không tìm thấy cá nhân mã cán bộ “{staff_code}” trong {where}.")
                elif name and text.fold(name) != text.fold(person[1]):
                    check.error(line, "name", f"Mã cán bộ “{staff_code}” là của {person[1]}, không phải “{name}”.")
                    person = None
            elif not name:
                check.error(line, "name", "Cá nhân: cần ghi họ tên hoặc mã cán bộ.")
            else:
                found = by_name.get((unit_id, _name_key(name)), [])
                if not found:
                    check.error(line, "name", f"Không tìm thấy cá nhân “{name}” trong {where}. Kiểm tra họ tên "
                                              "hoặc ghi mã cán bộ.")
                elif len(found) > 1:
                    check.error(line, "name", f"{where[0].upper()}{where[1:]} có {len(found)} cá nhân tên “{name}”; "
                                              "ghi mã cán bộ để phân biệt.")
                else:
                    person = found[0]
        elif subject in (Subject.COLLECTIVE, Subject.HOUSEHOLD) and staff_code:
            check.error(line, "staff_code", "Tập thể, hộ gia đình không ghi mã cán bộ.")

        if len(check.errors) > errors_before:
            continue
        if person is not None:
            recipient = name or person[1]
            person_id = person[0]
            if direct is None:
                direct = person[3] == "direct"
            position = position or person[2]
        else:
            recipient = name or unit_names[unit_id]
            person_id = None
            direct = bool(direct)
        search = text.fold(recipient)
        key = (unit_id, person_id or search, award.pk, year, number.casefold())
        if key in seen:
            check.error(line, "decision_number", f"Trùng với dòng {seen[key]} của tệp (cùng người nhận, danh hiệu, "
                                                 "năm và số quyết định).")
            continue
        if key in existing:
            old_number, old_day = existing[key]
            check.error(line, "decision_number", f"Đã có trong sổ khen thưởng: {recipient} — {award.name} năm {year}, "
                                                 f"quyết định số {old_number} ngày {format_date(old_day)}.")
            continue
        seen[key] = line
        rule_set = cash.rule_set_on(decision_date)
        result.rows.append({
            "line": line, "subject": subject, "person_id": person_id, "unit_id": unit_id, "recipient_name": recipient,
            "position": position or "", "award_id": award.pk, "year": year, "award_type": award_type,
            "level": level or award.level, "decision_number": number, "decision_date": decision_date,
            "signed_by": signed_by, "direct_worker": direct, "note": note or "", "search_text": search[:300],
            "rule_set_id": rule_set.pk if rule_set else None,
            "cash_amount": cash.cash(award.pk, subject, decision_date),
        })
    result.errors = check.errors
    return result


def check_file(source) -> None:
    """The quick checks of a whole file, stopping at the first data row. Raises ImportRejected."""
    base.read_sheet(source, COLUMNS, LABEL, limit=1)


@transaction.atomic
def apply(result: AwardImportResult, actor) -> int:
    """Write every row of a checked file in one transaction, with one activity entry. Refuses a file with
    errors, so nothing is ever half imported. Returns the number of records written."""
    if result.errors or not result.rows:
        raise base.ImportNotAllowed("Tệp còn lỗi hoặc không có dòng hợp lệ: không nhập dòng nào.")
    source = f" (tệp {result.filename})" if result.filename else ""
    _insert(result.rows, f"Nhập từ Excel{source}")
    count = len(result.rows)
    unit_ids = {r["unit_id"] for r in result.rows}
    if len(unit_ids) == 1:
        unit_id = unit_ids.pop()
        activity.record(actor, Activity.Action.IMPORT, None, f"unit:{unit_id}",
                        summary=f"Nhập {format_number(count)} khen thưởng từ Excel{source}",
                        label=result.names.get("unit", {}).get(unit_id, "") or "Nhập khen thưởng từ Excel")
    else:
        activity.record(actor, Activity.Action.IMPORT, None, "import",
                        summary=f"Nhập {format_number(count)} khen thưởng của {format_number(len(unit_ids))} "
                                f"đơn vị từ Excel{source}", label="Nhập khen thưởng từ Excel")
    return count


_FIELDS = ["award_id", "rule_set_id", "subject", "person_id", "unit_id", "recipient_name", "position_as_written",
           "direct_worker", "year", "award_type", "level", "decision_number", "decision_date", "signed_by",
           "cash_amount", "note", "search_text"]


def _insert(rows: list[dict], default_note: str) -> None:
    """The records by COPY on PostgreSQL, by executemany on SQLite: many times faster than building 100.000 model
    instances for bulk_create. Runs in the caller's transaction."""
    ops = connection.ops
    table = ops.quote_name(AwardRecord._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _FIELDS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_FIELDS))})"
    values = [(r["award_id"], r["rule_set_id"], r["subject"], r["person_id"], r["unit_id"], r["recipient_name"],
               r["position"], r["direct_worker"], r["year"], r["award_type"], r["level"], r["decision_number"],
               ops.adapt_datefield_value(r["decision_date"]), r["signed_by"], r["cash_amount"],
               r["note"] or default_note, r["search_text"]) for r in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        for start in range(0, len(values), BATCH_SIZE):
            cursor.executemany(sql, values[start:start + BATCH_SIZE])


# ---------------------------------------------------------------------------------------------------------
# The template

def build_template(user) -> bytes:
    """The workbook to fill in: headers and one example row, the guide, and the lists (catalogue, the units the
    user may import for, the allowed values)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LABEL
    guide = workbook.create_sheet(base.GUIDE_SHEET)
    lists = workbook.create_sheet(base.LISTS_SHEET)
    subject = base._write_list(lists, 1, "Đối tượng", [(str(c.label),) for c in Subject])
    award_type = base._write_list(lists, 2, "Loại hình", [(str(c.label),) for c in AwardType])
    level = base._write_list(lists, 3, "Cấp", [(str(c.label),) for c in Level])
    yes_no = base._write_list(lists, 4, "Có/Không", [("Có",), ("Không",)])
    award_rows = list(Award.objects.order_by("sort_key").values_list("name", "short_name", "code"))
    award = base._write_list(lists, 6, "Danh hiệu, hình thức", award_rows)
    lists.cell(row=1, column=7, value="Tên viết tắt").font = Font(bold=True)
    lists.cell(row=1, column=8, value="Mã").font = Font(bold=True)
    units = list(units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                 .values_list("code", "name")[:5000])
    unit = base._write_list(lists, 10, "Mã đơn vị", units)
    lists.cell(row=1, column=11, value="Tên đơn vị").font = Font(bold=True)
    for letter, width in (("A", 14), ("B", 24), ("C", 14), ("D", 10), ("F", 40), ("G", 18), ("H", 12), ("J", 18),
                          ("K", 50)):
        lists.column_dimensions[letter].width = width
    validations = {"subject": subject, "award_type": award_type, "level": level, "direct_worker": yes_no,
                   "award": award, "unit": unit}
    examples = {c.key: c.example for c in COLUMNS}
    examples["unit"] = units[0][0] if units else "ma-don-vi"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = base._REQUIRED_FONT if column.required else Font(bold=True)
        cell.fill = base._HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        example = sheet.cell(row=2, column=index, value=examples.get(column.key, ""))
        if column.as_text:
            for row in range(2, base._TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
            example.number_format = "@"
        if column.key in validations:
            rule = DataValidation(type="list", formula1=validations[column.key], allow_blank=True,
                                  showErrorMessage=False, showInputMessage=True, promptTitle=column.label[:32],
                                  prompt=(column.help or column.label)[:255])
            rule.add(f"{letter}2:{letter}{base._TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    base.write_guide(guide, LABEL, "khen thưởng", COLUMNS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
