"""The table head of a form as the official layout draws it, shared by the page and the Excel file: columns A
(the row's label), B (Mã số), C (Đơn vị tính, where the form has it), then the form's columns, whose header labels
(top to bottom) merge with equal neighbours; a column with fewer levels reaches down to the last header row; a
numbering row below ("A", "B", "C", "1", "2", …)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.reports.domain.statforms.model import Form


@dataclass
class Head:
    label: str
    row: int          # 0-based header row
    col: int          # 0-based column in the whole table
    rowspan: int = 1
    colspan: int = 1


def lead_columns(form: Form) -> list[str]:
    return ["", "Mã số", "Đơn vị tính"] if form.unit_column else ["", "Mã số"]


def head(form: Form) -> tuple[list[list[Head]], list[tuple[str, int]]]:
    """(header rows of cells, the numbering row as (label, colspan))."""
    lead = lead_columns(form)
    depth = max(len(c.heads) for c in form.columns)
    rows: list[list[Head]] = [[] for _ in range(depth)]
    for i, label in enumerate(lead):
        rows[0].append(Head(label, 0, i, rowspan=depth))
    offset = len(lead)
    for level in range(depth):
        i = 0
        while i < len(form.columns):
            column = form.columns[i]
            if level >= len(column.heads):
                i += 1
                continue
            last = level == len(column.heads) - 1
            j = i + 1
            while (j < len(form.columns) and len(form.columns[j].heads) > level
                   and form.columns[j].heads[:level + 1] == column.heads[:level + 1]
                   and (not last and len(form.columns[j].heads) - 1 != level)):
                j += 1
            rows[level].append(Head(column.heads[level], level, offset + i, colspan=j - i,
                                    rowspan=depth - level if last else 1))
            i = j
    numbering: list[tuple[str, int]] = [(letter, 1) for letter in "ABC"[:len(lead)]]
    for column in form.columns:
        if numbering and len(numbering) > len(lead) and numbering[-1][0] == column.number:
            numbering[-1] = (column.number, numbering[-1][1] + 1)
        else:
            numbering.append((column.number, 1))
    return rows, numbering
