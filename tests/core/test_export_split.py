"""A list longer than Excel's sheet continues on a next sheet with its header (issue 11 item 8)."""

import io

from openpyxl import load_workbook

from thidua.core import export


def test_rows_past_a_sheets_limit_go_on_to_a_next_sheet_with_the_header(monkeypatch):
    monkeypatch.setattr(export, "SHEET_ROWS", 4)  # Excel's 1.048.576, made small
    rows = [[f"Đơn vị {n}", n] for n in range(1, 8)]
    response = export.workbook_response("don-vi.xlsx", "Đơn vị", ["Tên", "Số"], rows)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đơn vị", "Đơn vị (2)", "Đơn vị (3)"]
    sheets = [[list(r) for r in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames]
    assert all(sheet[0] == ["Tên", "Số"] and len(sheet) <= 4 for sheet in sheets)
    assert [r for sheet in sheets for r in sheet[1:]] == rows  # every row once, in order


def test_a_list_within_the_limit_stays_on_one_sheet():
    response = export.workbook_response("x.xlsx", "Danh sách dài có tên hơn ba mươi mốt ký tự", ["A"], [[1], [2]])
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách dài có tên hơn ba mươ"]
