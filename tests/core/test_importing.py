"""The import flow of core with a toy importer: what a new import (criteria, targets) gets by declaring its
columns, row check and save — every bad row listed, all or nothing in one transaction, the template."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from thidua.core import activity
from thidua.core.importing import (
    Column,
    Importer,
    ImportNotAllowed,
    ImportRejected,
    choice_map,
    write_list,
)
from thidua.core.models import Activity
from thidua.orgs.enums import Gender

pytestmark = pytest.mark.django_db

GENDERS = choice_map(Gender)


class NotesImporter(Importer):
    """Writes one activity entry per row; fails on a row named "hỏng" while saving."""

    kind = "ghi-chu"
    label = "Ghi chú"
    name = "Ghi chú"
    noun = "ghi chú"
    columns = (
        Column("title", "Tiêu đề", required=True, max_length=20, help="Tiêu đề ngắn."),
        Column("gender", "Giới tính", allowed="Nam; Nữ"),
        Column("day", "Ngày", as_text=True),
    )
    preview_headers = ("Tiêu đề",)

    def prepare(self, rows, user, result):
        return {"seen": {}}

    def check_row(self, row, lookups):
        title = row.text("title")
        if title and title in lookups["seen"]:
            row.error("title", f"Trùng với dòng {lookups['seen'][title]}.")
        elif title:
            lookups["seen"][title] = row.line
        return {"title": title, "gender": row.choice("gender", GENDERS, "male"), "day": row.date("day")}

    def save(self, result, actor):
        for row in result.rows:
            if row["title"] == "hỏng":
                raise RuntimeError("failed half way")
            activity.record(actor, Activity.Action.IMPORT, None, "import", summary=row["title"], label="x")
        return len(result.rows)

    def preview_row(self, row, names):
        return [row["title"]]

    def lists(self, sheet, user):
        return {"gender": (write_list(sheet, 1, "Giới tính", [("Nam",), ("Nữ",)]), "")}


NOTES = NotesImporter()


def xlsx(rows, headers=("Tiêu đề (*)", "Giới tính", "Ngày")) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ghi chú"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_every_bad_row_is_listed_and_nothing_is_applied():
    result = NOTES.read(xlsx([["Một", "Nam", "05/06/2020"], ["", "x"], ["Một"], ["Hai", "nu", "31/02/2020"],
                              ["Ba"]]), None, "ghi-chu.xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(3, "Tiêu đề"), (3, "Giới tính"), (4, "Tiêu đề"),
                                                          (5, "Ngày")]
    assert result.errors[2].reason == "Trùng với dòng 2."
    assert [r["line"] for r in result.rows] == [2, 6] and result.total == 5 and result.bad_lines == 3
    assert NOTES.preview(result) == (["Dòng", "Tiêu đề"], [["2", "Một"], ["6", "Ba"]])
    with pytest.raises(ImportNotAllowed):
        NOTES.apply(result, None)
    assert not Activity.objects.exists()


def test_save_runs_in_one_transaction():
    good = NOTES.read(xlsx([["Một"], ["Hai"]]), None)
    assert NOTES.apply(good, None) == 2 and Activity.objects.count() == 2
    failing = NOTES.read(xlsx([["Ba"], ["hỏng"]]), None)
    assert failing.ok
    with pytest.raises(RuntimeError):
        NOTES.apply(failing, None)
    assert Activity.objects.count() == 2  # "Ba" was rolled back with the failure


def test_unreadable_files_and_users_not_allowed_are_refused():
    with pytest.raises(ImportRejected, match="Thiếu cột bắt buộc: Tiêu đề"):
        NOTES.read(xlsx([["Nam"]], headers=("Giới tính",)), None)

    class Closed(NotesImporter):
        refusal = "Không được nhập."

        def allowed(self, user):
            return False

    with pytest.raises(ImportRejected, match="Không được nhập"):
        Closed().check_file(xlsx([["Một"]]), None)


def test_the_template_has_the_data_sheet_the_guide_and_the_lists():
    book = load_workbook(io.BytesIO(NOTES.build_template(None)))
    assert book.sheetnames == ["Ghi chú", "Hướng dẫn", "Danh mục"]
    assert [c.value for c in book["Ghi chú"][1]] == ["Tiêu đề (*)", "Giới tính", "Ngày"]
    assert book["Ghi chú"]["C3"].number_format == "@"
    (rule,) = book["Ghi chú"].data_validations.dataValidation
    assert rule.formula1 == "'Danh mục'!$A$2:$A$3" and rule.prompt == "Giới tính"
    guide = [c.value for c in book["Hướng dẫn"]["A"] if c.value]
    assert guide[0] == "HƯỚNG DẪN NHẬP GHI CHÚ TỪ EXCEL" and "Tiêu đề" in guide


def _with_sheet_xml(write_rows) -> io.BytesIO:
    """A real workbook whose first sheet's XML is replaced by what `write_rows(stream)` writes (streamed)."""
    import zipfile

    source = xlsx([])
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for part in original.infolist():
            if part.filename == "xl/worksheets/sheet1.xml":
                with package.open(part.filename, "w") as stream:
                    stream.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                 b'spreadsheetml/2006/main"><sheetData>'
                                 b'<row r="1"><c r="A1" t="inlineStr"><is><t>Ti\xc3\xaau \xc4\x91\xe1\xbb\x81'
                                 b'</t></is></c></row>')
                    write_rows(stream)
                    stream.write(b"</sheetData></worksheet>")
            else:
                package.writestr(part, original.read(part.filename))
    out.seek(0)
    return out


def test_millions_of_empty_rows_are_refused_before_parsing():
    import time

    def three_million_formatted_rows(stream):
        for start in range(2, 3_000_002, 100_000):
            stream.write("".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(start, start + 100_000))
                         .encode())

    source = _with_sheet_xml(three_million_formatted_rows)
    began = time.perf_counter()
    with pytest.raises(ImportRejected, match="200.000 dòng"):
        NOTES.read(source, user=None)
    assert time.perf_counter() - began < 2  # issue 11: the 3-million-row file took a worker 86 s


def test_a_file_that_unpacks_to_far_more_than_it_weighs_is_refused():
    def spaces(stream):
        for _ in range(80):
            stream.write(b" " * (1024 * 1024))

    with pytest.raises(ImportRejected, match="nén quá mức"):
        NOTES.read(_with_sheet_xml(spaces), user=None)


def test_a_file_just_under_the_row_limit_is_read(monkeypatch):
    from thidua.core import importing

    monkeypatch.setattr(importing, "MAX_ROWS", 30)
    rows = [[f"dòng {n}", "Nam", ""] for n in range(30)]
    assert len(NOTES.read(xlsx(rows), user=None).rows) == 30
    with pytest.raises(ImportRejected):
        NOTES.read(xlsx(rows + [[f"thêm {n}"] for n in range(12)]), user=None)
