"""Past awards from Excel into the registry: what this import declares to the flow of `core.importing`
(columns, lookups loaded once per file, the check of one row, the save in one transaction, the template's
lists). Reading the workbook, all or nothing, the template and the pages are in core. What is particular to
awards:

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
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from thidua.awards.domain.money import CashTable
from thidua.awards.enums import AwardType, Level, Subject
from thidua.awards.models import Award, AwardRecord
from thidua.core import text
from thidua.core.bulk import insert_many
from thidua.core.formatting import format_date, format_number, parse_number
from thidua.core.importing import (  # noqa: F401  (ImportRejected, ImportResult: for callers)
    Column,
    Importer,
    ImportRejected,
    ImportResult,
    Row,
    choice_map,
    chunks,
    log_import,
    match_key,
    vi,
    write_list,
)
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.interfaces.lookups import FileUnits
from thidua.orgs.models import Person

KIND = "khen-thuong"
LABEL = "Khen thưởng"
BATCH_SIZE = 5000
FIRST_YEAR = 1945
YES_NO = {"co": True, "c": True, "x": True, "1": True, "true": True, "khong": False, "k": False, "0": False,
          "false": False}
UNIT_REFUSED = "Không có quyền nhập khen thưởng cho đơn vị “%(name)s” (mã %(code)s)."

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
    Column("subject", "Đối tượng", allowed="; ".join(vi(c.label) for c in Subject), example="Cá nhân", width=14,
           help="Để trống là Cá nhân."),
    Column("award", "Danh hiệu, hình thức", required=True, width=32, example="Chiến sĩ thi đua cơ sở",
           aliases=("Danh hiệu - hình thức", "Danh hiệu/hình thức", "Danh hiệu hình thức", "Danh hiệu",
                    "Hình thức khen thưởng"),
           help="Tên, tên viết tắt hoặc mã trong danh mục (sheet Danh mục)."),
    Column("year", "Năm", required=True, width=8, example="2023", aliases=("Năm thành tích",),
           help="Năm thành tích được khen (không sau năm của quyết định)."),
    Column("award_type", "Loại hình", allowed="; ".join(vi(c.label) for c in AwardType), width=20,
           example=vi(AwardType.MERIT.label), aliases=("Loại hình khen thưởng",),
           help="Để trống là Công trạng. Khen đột xuất, chuyên đề không được tính cho khen thưởng cấp cao hơn."),
    Column("level", "Cấp", allowed="; ".join(vi(c.label) for c in Level), width=14, aliases=("Cấp khen",),
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

SUBJECTS = choice_map(Subject, {"Tập thể lao động": "collective", "Hộ": "household", "Gia đình": "household"})
AWARD_TYPES = choice_map(AwardType, {"Thường xuyên": "merit", "Chuyên đề": "thematic",
                                     "Phong trào": "thematic", "Cống hiến": "service", "Niên hạn": "tenure"})
LEVELS = choice_map(Level, {"TW": "central", "Cấp Trung ương": "central", "Tỉnh": "local",
                            "Cấp tỉnh": "local", "Ngành": "sector", "Cấp ngành": "sector"})


def _name_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def _award_lookup() -> tuple[dict[str, Award], dict[int, str]]:
    lookup, names = {}, {}
    for award in Award.objects.all():
        names[award.pk] = award.name
        for value in (award.code, award.name, award.short_name):
            if value:
                lookup.setdefault(match_key(value), award)
    return lookup, names


def _people_of(unit_ids: list[int]):
    """By (unit, staff code) and by (unit, name): (id, full name, position, category) of everyone in the units."""
    by_code, by_name = {}, {}
    for chunk in chunks(unit_ids):
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
    for chunk in chunks(unit_ids):
        rows = AwardRecord.objects.filter(unit_id__in=chunk, year__in=sorted(years)).values_list(
            "unit_id", "person_id", "search_text", "award_id", "year", "decision_number", "decision_date")
        for unit_id, person_id, search, award_id, year, number, day in rows:
            found[(unit_id, person_id or search, award_id, year, number.casefold())] = (number, day)
    return found


def _years_mentioned(rows) -> set[int]:
    years = set()
    for _line, record in rows:
        try:
            years.add(int(parse_number(record.get("year"), decimals_allowed=False)))
        except ValueError:
            continue
    return years


@dataclass
class _AwardsFile:
    units: FileUnits
    unit_names: dict[int, str]
    by_code: dict  # (unit id, staff code) → person
    by_name: dict  # (unit id, name key) → [person, …]
    awards: dict[str, Award]
    existing: dict[tuple, tuple[str, dt.date]]
    cash: CashTable
    today: dt.date
    seen: dict[tuple, int] = field(default_factory=dict)  # key of a record → its line in the file


class AwardImporter(Importer):
    kind = KIND
    label = LABEL
    name = gettext_lazy("Khen thưởng")
    noun = "khen thưởng"
    columns = COLUMNS
    done = gettext_lazy("Đã nhập %(count)s khen thưởng từ tệp %(filename)s.")
    preview_headers = (gettext_lazy("Tên trong quyết định"), gettext_lazy("Đối tượng"), gettext_lazy("Đơn vị"),
                       gettext_lazy("Danh hiệu, hình thức"), gettext_lazy("Năm"), gettext_lazy("Loại hình"),
                       gettext_lazy("Cấp"), gettext_lazy("Số QĐ"), gettext_lazy("Ngày QĐ"),
                       gettext_lazy("Cấp quyết định"), gettext_lazy("NLĐ trực tiếp"),
                       gettext_lazy("Tiền thưởng (đồng)"))

    def prepare(self, rows, user, result) -> _AwardsFile:
        units = FileUnits.load(rows, "unit", user)
        unit_ids = units.ids
        by_code, by_name = _people_of(unit_ids)
        awards, result.names["award"] = _award_lookup()
        result.names["unit"] = units.labels
        existing = _existing(unit_ids, _years_mentioned(rows))
        return _AwardsFile(units, units.names, by_code, by_name, awards, existing, CashTable(), dt.date.today())

    def check_row(self, row: Row, file: _AwardsFile) -> dict | None:
        subject = row.choice("subject", SUBJECTS, Subject.INDIVIDUAL.value)
        unit_id = file.units.check(row, "unit", UNIT_REFUSED)
        award = _award(row, file, subject)
        decision_date = _decision_date(row)
        values = {
            "subject": subject, "unit_id": unit_id, "year": _year(row, decision_date, file.today),
            "award_type": row.choice("award_type", AWARD_TYPES, AwardType.MERIT.value),
            "level": row.choice("level", LEVELS, ""), "decision_number": row.text("decision_number"),
            "decision_date": decision_date, "signed_by": row.text("signed_by"), "position": row.text("position"),
            "note": row.text("note"), "direct_worker": _direct_worker(row),
        }
        name = row.text("name") or ""
        staff_code = row.text("staff_code") or ""
        person = _person(row, file, subject, unit_id, name, staff_code)
        if row.errors:
            return None
        return _record(row, file, values, award, person, name)

    def save(self, result, actor) -> int:
        source = f" (tệp {result.filename})" if result.filename else ""
        _insert(result.rows, f"Nhập từ Excel{source}")
        log_import(actor, result, self.noun, len(result.rows), {r["unit_id"] for r in result.rows})
        return len(result.rows)

    def preview_row(self, r, names) -> list:
        return [r["recipient_name"], Subject(r["subject"]).label, names.get("unit", {}).get(r["unit_id"], ""),
                names.get("award", {}).get(r["award_id"], ""), str(r["year"]), AwardType(r["award_type"]).label,
                Level(r["level"]).label, r["decision_number"], format_date(r["decision_date"]), r["signed_by"],
                _("Có") if r["direct_worker"] else "", format_number(r["cash_amount"])]

    def done_url(self, result) -> str:
        unit_ids = {row["unit_id"] for row in result.rows}
        url = reverse("awards:registry")
        return f"{url}?unit={unit_ids.pop()}" if len(unit_ids) == 1 else url

    def lists(self, sheet, user) -> dict[str, tuple[str, str]]:
        """The allowed values, the catalogue and the units the user may import for."""
        validations = {
            "subject": write_list(sheet, 1, "Đối tượng", [(str(c.label),) for c in Subject]),
            "award_type": write_list(sheet, 2, "Loại hình", [(str(c.label),) for c in AwardType]),
            "level": write_list(sheet, 3, "Cấp", [(str(c.label),) for c in Level]),
            "direct_worker": write_list(sheet, 4, "Có/Không", [("Có",), ("Không",)]),
        }
        award_rows = list(Award.objects.order_by("sort_key").values_list("name", "short_name", "code"))
        validations["award"] = write_list(sheet, 6, "Danh hiệu, hình thức", award_rows)
        sheet.cell(row=1, column=7, value="Tên viết tắt").font = Font(bold=True)
        sheet.cell(row=1, column=8, value="Mã").font = Font(bold=True)
        units = list(units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                     .values_list("code", "name")[:5000])
        validations["unit"] = write_list(sheet, 10, "Mã đơn vị", units)
        sheet.cell(row=1, column=11, value="Tên đơn vị").font = Font(bold=True)
        for letter, width in (("A", 14), ("B", 24), ("C", 14), ("D", 10), ("F", 40), ("G", 18), ("H", 12),
                              ("J", 18), ("K", 50)):
            sheet.column_dimensions[letter].width = width
        return {key: (formula, "") for key, formula in validations.items()}  # prompts: the columns' help

    def examples(self, user, lists) -> dict[str, str]:
        examples = super().examples(user, lists)
        examples["unit"] = lists["J2"].value or "ma-don-vi"  # the first unit of the list
        return examples


def _award(row: Row, file: _AwardsFile, subject: str | None) -> Award | None:
    """The catalogue's title or form the row names, if it is for the row's subject."""
    award_text = row.text("award")
    if not award_text:
        return None
    award = file.awards.get(match_key(award_text))
    if award is None:
        row.error("award", f"Không có danh hiệu, hình thức “{award_text}” trong danh mục. Xem tên và mã ở sheet "
                           "Danh mục.")
    elif subject and subject not in award.subjects:
        row.error("award", f"{award.name} không dành cho {Subject(subject).label.lower()}.")
        return None
    return award


def _decision_date(row: Row) -> dt.date | None:
    if row.cell("decision_date") is None:
        row.error("decision_date", "Không được để trống ngày quyết định.")
        return None
    return row.date("decision_date")


def _year(row: Row, decision_date: dt.date | None, today: dt.date) -> int | None:
    """The achievement year: from FIRST_YEAR to this year, not after the decision's year."""
    year_text = row.text("year")
    if not year_text:
        return None
    try:  # a number cell as it is, a text cell read like every typed number (2.023 is 2023)
        year = int(parse_number(row.cell("year"), decimals_allowed=False))
    except ValueError:
        row.error("year", f"“{year_text}” không phải năm hợp lệ (ví dụ 2023).")
        return None
    if not FIRST_YEAR <= year <= today.year:
        row.error("year", f"Năm {year} không hợp lệ (từ {FIRST_YEAR} đến {today.year}).")
        return None
    if decision_date and year > decision_date.year:
        row.error("year", f"Năm thành tích {year} sau năm của quyết định ({format_date(decision_date)}).")
        return None
    return year


def _direct_worker(row: Row) -> bool | None:
    """Có / Không, or None when empty (then taken from the person)."""
    direct_text = row.value("direct_worker")
    if not direct_text:
        return None
    direct = YES_NO.get(match_key(direct_text))
    if direct is None:
        row.error("direct_worker", f"“{direct_text}” không hợp lệ; ghi Có hoặc Không.")
    return direct


def _person(row: Row, file: _AwardsFile, subject, unit_id, name: str, staff_code: str):
    """An individual's person record in the unit: by staff code, else by a name unique in the unit."""
    if subject in (Subject.COLLECTIVE, Subject.HOUSEHOLD) and staff_code:
        row.error("staff_code", "Tập thể, hộ gia đình không ghi mã cán bộ.")
    if subject != Subject.INDIVIDUAL or unit_id is None:
        return None
    where = f"đơn vị “{file.unit_names[unit_id]}”"
    if staff_code:
        person = file.by_code.get((unit_id, staff_code.casefold()))
        if person is None:
            row.error("staff_code", f"Không tìm thấy cá nhân mã cán bộ “{staff_code}” trong {where}.")
        elif name and text.fold(name) != text.fold(person[1]):
            row.error("name", f"Mã cán bộ “{staff_code}” là của {person[1]}, không phải “{name}”.")
            return None
        return person
    if not name:
        row.error("name", "Cá nhân: cần ghi họ tên hoặc mã cán bộ.")
        return None
    found = file.by_name.get((unit_id, _name_key(name)), [])
    if not found:
        row.error("name", f"Không tìm thấy cá nhân “{name}” trong {where}. Kiểm tra họ tên hoặc ghi mã cán bộ.")
    elif len(found) > 1:
        row.error("name", f"{where[0].upper()}{where[1:]} có {len(found)} cá nhân tên “{name}”; ghi mã cán bộ để "
                          "phân biệt.")
    return found[0] if len(found) == 1 else None


def _record(row: Row, file: _AwardsFile, values: dict, award: Award, person, name: str) -> dict | None:
    """The record to write from a row without errors, unless the file or the registry has it already."""
    if person is not None:
        recipient = name or person[1]
        person_id = person[0]
        direct = person[3] == "direct" if values["direct_worker"] is None else values["direct_worker"]
        position = values["position"] or person[2]
    else:
        recipient = name or file.unit_names[values["unit_id"]]
        person_id = None
        direct = bool(values["direct_worker"])
        position = values["position"]
    search = text.fold(recipient)
    key = (values["unit_id"], person_id or search, award.pk, values["year"], values["decision_number"].casefold())
    if key in file.seen:
        row.error("decision_number", f"Trùng với dòng {file.seen[key]} của tệp (cùng người nhận, danh hiệu, năm và "
                                     "số quyết định).")
        return None
    if key in file.existing:
        old_number, old_day = file.existing[key]
        row.error("decision_number", f"Đã có trong sổ khen thưởng: {recipient} — {award.name} năm {values['year']}, "
                                     f"quyết định số {old_number} ngày {format_date(old_day)}.")
        return None
    file.seen[key] = row.line
    rule_set = file.cash.rule_set_on(values["decision_date"])
    return {
        **values, "person_id": person_id, "recipient_name": recipient, "position": position or "",
        "award_id": award.pk, "level": values["level"] or award.level, "direct_worker": direct,
        "note": values["note"] or "", "search_text": search[:300], "rule_set_id": rule_set.pk if rule_set else None,
        "cash_amount": file.cash.cash(award.pk, values["subject"], values["decision_date"]),
    }


_FIELDS = ["award_id", "rule_set_id", "subject", "person_id", "unit_id", "recipient_name", "position_as_written",
           "direct_worker", "year", "award_type", "level", "decision_number", "decision_date", "signed_by",
           "cash_amount", "note", "search_text"]


def _insert(rows: list[dict], default_note: str) -> None:
    """The records by COPY on PostgreSQL, by multi-row INSERTs on SQLite (core.bulk.insert_many): many times
    faster than building 100.000 model instances for bulk_create. Runs in the caller's transaction."""
    ops = connection.ops
    table = ops.quote_name(AwardRecord._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _FIELDS)
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
            insert_many(cursor, table, [ops.quote_name(c) for c in _FIELDS], values[start:start + BATCH_SIZE])


# ---------------------------------------------------------------------------------------------------------
# The importer, and the calls that scripts and tests use

AWARDS = AwardImporter()


def read(source, user, filename: str = "") -> ImportResult:
    """Read and check a file of past awards. Raises ImportRejected for a file that cannot be read at all."""
    return AWARDS.read(source, user, filename)


def apply(result: ImportResult, actor) -> int:
    """Write every row of a checked file in one transaction (nothing when it has an error)."""
    return AWARDS.apply(result, actor)


def build_template(user) -> bytes:
    return AWARDS.build_template(user)
