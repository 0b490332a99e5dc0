"""One Excel import flow for every kind of data (people, units, past awards; criteria and targets next): read the
uploaded workbook, check every row, import all rows or none, and give the template to fill in.

An app declares an `Importer` per kind of data: its kind and labels, its columns, what it loads once per file
(`prepare`), the check of one row (`check_row`, noting the row's errors on the `Row` it gets), its `save`
(called in one transaction, only for a file without errors), who may use it (`allowed`), its preview columns
and its template lists. The rest is here:

- `Importer.read(source, user, filename)` reads an .xlsx (streaming, read-only) and returns an `ImportResult`
  with the valid rows and every error as (line as Excel shows it, column, reason); a file that cannot be read at
  all (not .xlsx, empty, too large, headers missing, not allowed) raises `ImportRejected` with a message for the
  user;
- `Importer.apply(result, actor)` writes the rows in one transaction, and only when there is no error;
- `Importer.build_template(user)` gives the workbook to download: data sheet, guide, lists of allowed values;
- `store_upload`, `stored_path`, `claim`, `release`, `discard` keep an upload between the preview and the
  confirmation.

The pages (start → preview → confirm → errors → template) are `core.import_views.ImportFlow`.

Lookups are the importer's business but must be loaded once per file in `prepare`, never per row, so 50.000
rows cost the same handful of queries as 10. This module imports no other thidua app.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import re
import secrets
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core import activity, text
from thidua.core.export import defuse
from thidua.core.formatting import format_date, format_number, parse_date
from thidua.core.models import Activity

GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
MAX_ROWS = 200_000
BATCH_SIZE = 5000
HEADER_SEARCH_ROWS = 10
PROGRESS_EVERY = 1000  # rows between two progress reports
# SQLite accepts up to 32.766 parameters in a query; PostgreSQL more. Lists of codes go in chunks below both.
CHUNK = 900
TEMPLATE_ROWS = 5000  # rows that get the dropdowns and text format in a template


# ---------------------------------------------------------------------------------------------------------
# Values as the files write them

def vi(label) -> str:
    """A choice label in Vietnamese whatever the interface language: the files are written and read in Vietnamese."""
    with translation.override("vi"):
        return str(label)


def match_key(value) -> str:
    """Accent-free, lower case, punctuation as spaces: "Lãnh đạo, quản lý" → "lanh dao quan ly"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.fold(str(value or ""))).split())


def choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Match key of every value and (Vietnamese) label of `choices`, and of the `extra` aliases → the value."""
    mapping = {}
    for choice in choices:
        mapping[match_key(choice.value)] = choice.value
        mapping[match_key(vi(choice.label))] = choice.value
    for alias, value in (extra or {}).items():
        mapping[match_key(alias)] = value
    return mapping


def as_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as d/m/Y, spaces collapsed, accents composed, control
    and direction-override characters removed (`core.text.clean_input`, as in every form)."""
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
    return text.clean_input(raw)


def chunks(values: list, size: int = CHUNK):
    """`values` in slices small enough for an `__in` lookup on any database."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


# ---------------------------------------------------------------------------------------------------------
# What a file and its rows are

class ImportRejected(Exception):
    """The whole file cannot be read: the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportNotAllowed(Exception):
    """`apply` of a file with errors or without rows: nothing is ever half imported."""


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
    kind_label: str = ""  # the importer's name in the interface language
    filename: str = ""
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # Names to show in the preview, loaded with the lookups: e.g. "unit" → {unit id: name}.
    names: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def bad_lines(self) -> int:
        return len({e.line for e in self.errors})


class Row:
    """One data row being checked. Each check returns the cleaned value, or None after noting an error with the
    row's line and the column's label; `errors` holds them all."""

    def __init__(self, line: int, record: dict, columns: dict[str, Column]):
        self.line = line
        self.record = record
        self.columns = columns
        self.errors: list[RowError] = []

    def cell(self, key: str):
        """The cell as read (None when empty)."""
        return self.record.get(key)

    def value(self, key: str) -> str:
        """The cell as text, unchecked."""
        return as_text(self.record.get(key))

    def error(self, key: str, reason: str) -> None:
        self.errors.append(RowError(self.line, self.columns[key].label, reason))

    def text(self, key: str) -> str | None:
        value = self.value(key)
        column = self.columns[key]
        if column.required and not value:
            self.error(key, _("Không được để trống %(column)s.") % {"column": column.label.lower()})
            return None
        if column.max_length and len(value) > column.max_length:
            self.error(key, _("Dài quá %(max)s ký tự (đang có %(length)s).")
                       % {"max": column.max_length, "length": len(value)})
            return None
        return value

    def choice(self, key: str, mapping: dict[str, str], default: str | None) -> str | None:
        """A value of `mapping` (see `choice_map`); empty gives `default`, or an error when it is None."""
        value = self.value(key)
        column = self.columns[key]
        allowed = column.allowed.split("; ")
        if len(allowed) == 2:
            hint = _("%(first)s hoặc %(second)s") % {"first": allowed[0], "second": allowed[1]}
        else:
            hint = _("một trong: %(values)s") % {"values": ", ".join(f"“{a}”" for a in allowed)}
        if not value:
            if default is None:
                self.error(key, _("Không được để trống %(column)s; ghi %(hint)s.")
                           % {"column": column.label.lower(), "hint": hint})
            return default
        found = mapping.get(match_key(value))
        if found is None:
            self.error(key, _("“%(value)s” không hợp lệ; ghi %(hint)s.") % {"value": value, "hint": hint})
        return found

    def date(self, key: str) -> dt.date | None:
        """A day (d/m/Y text or an Excel date), not after today nor before 1900; empty gives None."""
        value = self.record.get(key)
        if value is None:
            return None
        if isinstance(value, dt.time):
            self.error(key, _("“%(value)s” không phải ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/06/2025)")
                       % {"value": value})
            return None
        try:
            day = parse_date(value if isinstance(value, dt.date) else as_text(value))
        except ValueError as exc:
            self.error(key, f"{exc}.")
            return None
        if day > dt.date.today():
            self.error(key, _("Ngày %(day)s ở sau hôm nay.") % {"day": format_date(day)})
            return None
        if day.year < 1900:
            self.error(key, _("Năm %(year)s không hợp lệ (phải từ năm 1900).") % {"year": day.year})
            return None
        return day


# ---------------------------------------------------------------------------------------------------------
# What an importer declares

class Importer:
    """One kind of data imported from Excel. Subclasses set the attributes and fill in the hooks; instances hold
    no state (the per-file state is what `prepare` returns), so one module-level instance serves every request."""

    kind: str = ""  # slug in URLs and the session, and in the template's file name
    label: str = ""  # the data sheet's name, in Vietnamese as the files are ("Cá nhân")
    name = ""  # the same in the interface's language (gettext_lazy)
    noun: str = ""  # what one row is, for the guide ("cá nhân")
    columns: tuple[Column, ...] = ()
    refusal = ""  # why `allowed` says no (ImportRejected)
    done = ""  # after the import: %(count)s and %(filename)s (gettext_lazy)
    preview_headers: tuple = ()  # columns of the preview after the line (gettext_lazy)

    # ---- hooks

    def allowed(self, user) -> bool:
        """May `user` import this kind (on top of the flow's permission)?"""
        return True

    def prepare(self, rows: list[tuple[int, dict]], user, result: ImportResult):
        """Load what checking needs, once per file (e.g. the units the file names); may fill `result.names`.
        Whatever it returns is passed to every `check_row` (and may keep what earlier rows saw)."""
        return None

    def check_row(self, row: Row, lookups) -> dict | None:
        """Check one row: note errors on `row`; return the row's values to save (ignored if it has errors)."""
        raise NotImplementedError

    def save(self, result: ImportResult, actor) -> int:
        """Write every row of a checked file; runs in one transaction. Returns the number of records written."""
        raise NotImplementedError

    def preview_row(self, row: dict, names: dict) -> list:
        """A valid row as the preview shows it, under `preview_headers`."""
        raise NotImplementedError

    def done_url(self, result: ImportResult) -> str:
        """Where the user goes after the import."""
        raise NotImplementedError

    def lists(self, sheet, user) -> dict[str, tuple[str, str]]:
        """Fill the template's lists sheet (`write_list`); returns column key → (range of its allowed values,
        prompt; an empty prompt shows the column's help)."""
        return {}

    def examples(self, user, lists) -> dict[str, str]:
        """The template's example row (the lists sheet is filled already)."""
        return {c.key: c.example for c in self.columns}

    # ---- the flow

    @property
    def template_filename(self) -> str:
        return f"mau-nhap-{self.kind}.xlsx"

    def refuse_unless_allowed(self, user) -> None:
        if not self.allowed(user):
            raise ImportRejected(str(self.refusal))

    def check_file(self, source, user) -> None:
        """The quick checks of a whole file, stopping at the first data row: readable .xlsx, not too large,
        headers present, some data, and the user may import this kind. Raises ImportRejected."""
        self.refuse_unless_allowed(user)
        read_sheet(source, self.columns, self.label, limit=1)

    def read(self, source, user, filename: str = "", progress=None) -> ImportResult:
        """Read and check every row of an uploaded file. Raises ImportRejected for a file that cannot be read.
        `progress(done, total)` follows it: reading the sheet's lines, then checking the rows (as many again)."""
        self.refuse_unless_allowed(user)
        lines = 0

        def reading(line: int, total: int) -> None:
            nonlocal lines
            lines = total
            if progress is not None:
                progress(line, 2 * total)

        raw_rows, ignored = read_sheet(source, self.columns, self.label, progress=reading)
        result = ImportResult(self.kind, str(self.name), filename=filename, total=len(raw_rows),
                              ignored_columns=ignored)
        lookups = self.prepare(raw_rows, user, result)
        columns = {c.key: c for c in self.columns}
        for index, (line, record) in enumerate(raw_rows):
            if progress is not None and index % PROGRESS_EVERY == 0 and lines:
                progress(lines + lines * index // max(1, len(raw_rows)), 2 * lines)
            row = Row(line, record, columns)
            values = self.check_row(row, lookups)
            if row.errors:
                result.errors.extend(row.errors)
            elif values is not None:
                result.rows.append({"line": line, **values})
        return result

    def apply(self, result: ImportResult, actor) -> int:
        """Write every row of a checked file in one transaction. Refuses a file with errors, so nothing is ever
        half imported. Returns the number of records written."""
        if result.errors or not result.rows:
            raise ImportNotAllowed("Tệp còn lỗi hoặc không có dòng hợp lệ: không nhập dòng nào.")
        with transaction.atomic():
            return self.save(result, actor)

    def preview(self, result: ImportResult, limit: int = 50) -> tuple[list[str], list[list[str]]]:
        """Headers and the first `limit` valid rows as the user will read them."""
        headers = [_("Dòng"), *(str(h) for h in self.preview_headers)]
        body = [[str(r["line"]), *(str(v) for v in self.preview_row(r, result.names))] for r in result.rows[:limit]]
        return headers, body

    def build_template(self, user) -> bytes:
        """The workbook to fill in: the data sheet with its headers and one example row, a guide to every column,
        and the lists of allowed values. Written in Vietnamese whatever the interface language, as the reader
        expects."""
        with translation.override("vi"):
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = self.label
            guide = workbook.create_sheet(GUIDE_SHEET)
            lists = workbook.create_sheet(LISTS_SHEET)
            validations = self.lists(lists, user)
            write_data_sheet(sheet, self.columns, self.examples(user, lists), validations)
            write_guide(guide, self.label, self.noun, self.columns)
            defuse(workbook)  # a unit or person named "=…" in the lists stays text
            buffer = io.BytesIO()
            workbook.save(buffer)
            return buffer.getvalue()


def log_import(actor, result: ImportResult, noun: str, count: int, unit_ids: set | None = None) -> None:
    """The one activity entry of an import: under the unit when all rows are of one unit (`unit_ids`), else
    under "import"."""
    source = f" (tệp {result.filename})" if result.filename else ""
    label = f"Nhập {noun} từ Excel"
    if unit_ids and len(unit_ids) == 1:
        unit_id = next(iter(unit_ids))
        activity.record(actor, Activity.Action.IMPORT, None, f"unit:{unit_id}",
                        summary=f"Nhập {format_number(count)} {noun} từ Excel{source}",
                        label=result.names.get("unit", {}).get(unit_id, "") or label)
    elif unit_ids:
        activity.record(actor, Activity.Action.IMPORT, None, "import",
                        summary=f"Nhập {format_number(count)} {noun} của {format_number(len(unit_ids))} đơn vị "
                                f"từ Excel{source}", label=label)
    else:
        activity.record(actor, Activity.Action.IMPORT, None, "import",
                        summary=f"Nhập {format_number(count)} {noun} từ Excel{source}", label=label)


# ---------------------------------------------------------------------------------------------------------
# Reading the workbook

def size_of(source) -> int:
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


# An .xlsx is a zip of XML parts. Its parts are weighed before openpyxl parses a byte: a small file may hold
# millions of empty rows (432 KB → 3 million rows took a worker 86 s to walk) or unpack to gigabytes.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all parts together, unpacked
MAX_RATIO = 200  # unpacked / packed, for a file large enough to matter
RATIO_FLOOR = 50 * 1024 * 1024  # below this unpacked size any ratio is harmless
ROW_TAG = b"<row"
SCAN_CHUNK = 1024 * 1024


def check_package(source) -> int:
    """Refuse, before parsing, a workbook whose parts unpack too large or whose sheets hold more rows than an
    import takes (MAX_ROWS, counted from the <row> elements of each sheet, empty rows included). Streams each
    sheet once, so a 3-million-row file is refused in about a second. Returns the rows of the longest sheet (what
    reading it will walk, for a progress bar). Raises ImportRejected."""
    with zipfile.ZipFile(source) as package:
        parts = package.infolist()
        unpacked = sum(part.file_size for part in parts)
        packed = sum(part.compress_size for part in parts) or 1
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > RATIO_FLOOR and unpacked / packed > MAX_RATIO):
            raise ImportRejected(
                _("Tệp nén quá mức (giải nén ra %(size)s MB): không phải bảng tính thông thường, không nhập. "
                  "Hãy mở tệp bằng Excel, xóa các dòng, cột trống thừa rồi lưu lại.")
                % {"size": format_number(unpacked / 1024 / 1024, 0)})
        limit, longest = MAX_ROWS + HEADER_SEARCH_ROWS, 0
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                longest = max(longest, _count_rows(package, part, limit))
                if longest > limit:
                    raise ImportRejected(
                        _("Tệp có hơn %(rows)s dòng (kể cả dòng trống đã định dạng). Hãy chia thành nhiều tệp, "
                          "hoặc xóa các dòng trống thừa ở cuối trang tính.") % {"rows": format_number(MAX_ROWS)})
    return longest


def _count_rows(package: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int) -> int:
    """The <row> elements of a sheet, counted on the unpacked stream (stops once past `limit`)."""
    count, tail = 0, b""
    with package.open(part) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            window = tail + chunk
            count += window.count(ROW_TAG)
            # A tag cut by the chunk's edge is whole in the next window; 3 bytes cannot hold a whole one twice.
            tail = window[-(len(ROW_TAG) - 1):]
            if count > limit:
                break
    return count


def _open(source):
    """The workbook (read-only) and the rows of its longest sheet, once the file passed the checks."""
    check_size(size_of(source))
    if hasattr(source, "seek"):
        source.seek(0)
    if not zipfile.is_zipfile(source):
        raise ImportRejected(str(NOT_XLSX))
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        lines = check_package(source)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise ImportRejected(str(NOT_XLSX)) from exc
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return load_workbook(source, read_only=True, data_only=True), lines
    except Exception as exc:  # openpyxl raises many kinds (KeyError, InvalidFileException, BadZipFile, …)
        raise ImportRejected(str(NOT_XLSX)) from exc


def _data_sheet(workbook, label: str):
    names = workbook.sheetnames
    for name in names:
        if match_key(name) == match_key(label):
            return workbook[name]
    for name in names:
        if match_key(name) not in {match_key(GUIDE_SHEET), match_key(LISTS_SHEET)}:
            return workbook[name]
    raise ImportRejected(_("Tệp không có trang tính dữ liệu nào."))


def _header_key(value) -> str:
    cleaned = re.sub(r"\(\s*\*\s*\)|\*|\(\s*bắt buộc\s*\)", " ", str(value or ""), flags=re.IGNORECASE)
    return match_key(cleaned)


def _find_header(rows: Iterable[tuple[int, tuple]], columns) -> tuple[int, dict[int, Column], list[str]]:
    """The header row (within the first rows), which column index holds which field, and unknown headers."""
    by_key = {}
    for column in columns:
        for name in (column.label, *column.aliases):
            by_key[_header_key(name)] = column
    for line, values in rows:
        mapping, ignored = _header_columns(line, values, by_key)
        if mapping:
            return line, mapping, ignored
        if line >= HEADER_SEARCH_ROWS:
            break
    raise ImportRejected(_("Không tìm thấy dòng tiêu đề (tên các cột) trong tệp. Hãy dùng tệp mẫu tải từ trang này "
                           "và giữ nguyên dòng tiêu đề."))


def _header_columns(line: int, values: tuple, by_key: dict[str, Column]) -> tuple[dict[int, Column], list[str]]:
    """The known columns of one row read as a header (index → column) and the unknown headers."""
    mapping: dict[int, Column] = {}
    ignored = []
    seen: set[str] = set()
    for index, value in enumerate(values):
        key = _header_key(value)
        if not key:
            continue
        column = by_key.get(key)
        if column is None:
            ignored.append(as_text(value))
            continue
        if column.key in seen:
            raise ImportRejected(_("Cột “%(column)s” xuất hiện hai lần ở dòng tiêu đề (dòng %(line)s).")
                                 % {"column": column.label, "line": line})
        seen.add(column.key)
        mapping[index] = column
    return mapping, ignored


def read_sheet(source, columns, label: str, limit: int | None = None,
               progress=None) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
    """(Excel line, {field: cell value}) for every non-empty data row (or the first `limit`) of the sheet
    named `label` (else the first data sheet), and the headers that were not used. `progress(line, lines)` is
    told how far the reading has come."""
    workbook, lines = _open(source)
    try:
        return _rows_of(workbook, columns, label, limit, progress, lines)
    except ImportRejected:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip: say so rather than fail with a 500
        raise ImportRejected(_("Không đọc được nội dung tệp: tệp có thể bị hỏng. Hãy mở tệp bằng Excel, lưu lại dưới "
                               "dạng .xlsx rồi tải lên lại.")) from exc
    finally:
        workbook.close()


def _rows_of(workbook, columns, label: str, limit: int | None, progress=None,
             lines: int = 0) -> tuple[list[tuple[int, dict[str, object]]], list[str]]:
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
        if progress is not None and line % PROGRESS_EVERY == 0:
            progress(line, lines)
        record = _record(values, indexes)
        if record is None:
            continue
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


def _record(values: tuple, indexes: list[tuple[int, Column]]) -> dict[str, object] | None:
    """{field: cell value} of one row, blank text as None; None for a row with nothing filled in."""
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
    return record if filled else None


# ---------------------------------------------------------------------------------------------------------
# The template to download

HEADER_FILL = PatternFill("solid", fgColor="DCE7F7")
REQUIRED_FONT = Font(bold=True, color="B42318")


def write_data_sheet(sheet, columns, examples: dict[str, str], validations: dict[str, tuple[str, str]]) -> None:
    """Headers (required ones in red), the example row, text format where asked, dropdowns of allowed values."""
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = REQUIRED_FONT if column.required else Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        example = sheet.cell(row=2, column=index, value=examples.get(column.key, ""))
        if column.as_text:
            # Typed dates stay text (so 05/06/2025 is read as 5 June whatever the computer's settings),
            # codes and phone numbers keep their leading zeros.
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
            example.number_format = "@"
        if column.key in validations:
            formula, prompt = validations[column.key]
            rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False,
                                  showInputMessage=True, promptTitle=column.label[:32],
                                  prompt=(prompt or column.help or column.label)[:255])
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30


def write_list(lists, column: int, title: str, values: list[tuple[str, ...]]) -> str:
    """Write a list from row 2 of `column` (and the next ones for more fields); returns the range of the first."""
    lists.cell(row=1, column=column, value=title).font = Font(bold=True)
    for offset, value in enumerate(values, start=2):
        for shift, part in enumerate(value):
            lists.cell(row=offset, column=column + shift, value=part)
    letter = get_column_letter(column)
    last = max(2, len(values) + 1)
    return f"'{LISTS_SHEET}'!${letter}$2:${letter}${last}"


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
        cell.fill = HEADER_FILL
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
    check_size(size_of(upload))
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


def store_result(token: str, result: ImportResult) -> None:
    """Keep a file's checked rows beside it, so that the preview and the error list read the file once. Written
    by the server only (a pickle is never read from anyone else)."""
    if _TOKEN.match(token):
        path = upload_dir() / f"{token}.result"
        path.with_suffix(".part").write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(path.with_suffix(".part"), path)


def stored_result(token: str | None) -> ImportResult | None:
    if not token or not _TOKEN.match(token):
        return None
    path = upload_dir() / f"{token}.result"
    try:
        return pickle.loads(path.read_bytes())  # noqa: S301 — written by store_result above
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


def discard(token: str | None) -> None:
    if not token or not _TOKEN.match(token):
        return
    for suffix in (".xlsx", ".claimed.xlsx", ".result"):
        (upload_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def purge_stale() -> None:
    cutoff = time.time() - STALE_AFTER
    for path in upload_dir().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
