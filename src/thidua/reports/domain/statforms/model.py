"""What a statistical form set is, as data: a circular's forms, each a grid of rows and columns whose cells are
computed from the records by a named source (a `Match` on the source's facts), summed from other cells, or typed
by the organiser's staff (an input: a figure the system does not hold). A new circular is a new `FormSet` value in
its own module, listed in `sets.FORM_SETS`; nothing else changes.

Cells: for a data row and a column, in this order —
- a row that sums rows (`Row.sum_of`): the sum of those rows' cells in the column;
- a column that sums columns (`Column.sum_of`): the sum of the row's cells in those columns;
- an input row or an input column (`Row.input`, `Column.input`): the typed figure (empty until typed);
- otherwise computed: the facts of the form's source matching the row's and the column's `Match` and the form's
  own; where the row's and the column's matches exclude each other (a collective under a column of individuals)
  the cell is blank, as on the paper form."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from thidua.core.formatting import format_date

CUTOFF_REACH_MONTHS = 13   # a cut-off stated by hand: from the period's first day to 13 months after it


@dataclass(frozen=True)
class Match:
    """Which facts a row or a column counts: every named dimension's value in its set (`only`), and not in
    `never`. Dimensions are a source's (sources.py): awards — award, subject, award_type, direct, level,
    submitter; movements — launch, scope, duration, method."""

    only: tuple[tuple[str, frozenset[str]], ...] = ()
    never: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def of(cls, never: dict[str, tuple[str, ...] | str] | None = None, **only: tuple[str, ...] | str) -> Match:
        def norm(d):
            return tuple(sorted((k, frozenset((v,) if isinstance(v, str) else v)) for k, v in (d or {}).items()))
        return cls(only=norm(only), never=norm(never))

    def __and__(self, other: Match) -> Match | None:
        """Both matches at once; None when no fact can match both."""
        only: dict[str, frozenset[str]] = dict(self.only)
        for key, values in other.only:
            only[key] = only[key] & values if key in only else values
            if not only[key]:
                return None
        never: dict[str, frozenset[str]] = dict(self.never)
        for key, values in other.never:
            never[key] = never.get(key, frozenset()) | values
        for key, values in never.items():
            if key in only and not (only[key] - values):
                return None
        return Match(only=tuple(sorted(only.items())), never=tuple(sorted(never.items())))

    def accepts(self, dims: dict[str, str]) -> bool:
        return (all(dims.get(key) in values for key, values in self.only)
                and not any(dims.get(key) in values for key, values in self.never))

    def value(self, key: str) -> frozenset[str] | None:
        return dict(self.only).get(key)


ANY = Match()


@dataclass(frozen=True)
class Column:
    key: str
    heads: tuple[str, ...]          # header labels, top to bottom (equal neighbours are merged)
    number: str                     # the column numbering row: "1", "2", "1=(2+3+4)"
    match: Match = ANY
    sum_of: tuple[str, ...] = ()
    input: bool = False


@dataclass(frozen=True)
class Row:
    code: str                       # "Mã số" ("" for a heading)
    label: str
    unit: str = ""                  # "Đơn vị tính" where the form has the column
    match: Match = ANY
    sum_of: tuple[str, ...] = ()
    input: bool = False
    heading: bool = False
    level: int = 0                  # 0 total or heading, 1 item, 2 sub-item (indent)

    @property
    def key(self) -> str:
        return self.code


@dataclass(frozen=True)
class Form:
    code: str                       # "0601"
    number: str                     # "0601.N/BNV-TĐKT"
    title: str
    source: str                     # sources.SOURCES key, "" for a form of inputs only
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    match: Match = ANY              # what every computed cell counts
    measure_unit: str = ""          # "Đơn vị tính: Phong trào" above the table
    unit_column: bool = True        # column C "Đơn vị tính"
    note: str = ""                  # what the system computes and what is typed, shown under the title
    limits: tuple[tuple[str, tuple[str, ...]], ...] = ()   # input checks: (row code, rows whose sum it bounds)
    part_of: tuple[tuple[str, str], ...] = ()              # input checks: (column, column it is part of)

    def row(self, code: str) -> Row:
        return next(r for r in self.rows if r.code == code)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def input_keys(self) -> list[str]:
        """The cells typed by the organiser's staff, "<row>:<column>"."""
        return [f"{r.code}:{c.key}" for r in self.rows for c in self.columns
                if not r.heading and not r.sum_of and not c.sum_of and (r.input or c.input)
                and self.applies(r, c)]

    def applies(self, row: Row, column: Column) -> bool:
        """Whether the cell means something: the row's and the column's matches do not exclude each other (a
        collective under a column of individuals is left blank, as on the paper form)."""
        both = self.match & row.match
        return both is not None and (both & column.match) is not None


@dataclass(frozen=True)
class FormSet:
    code: str                       # "tt02-2023" (StatisticalInput.form_set)
    circular: str                   # "Thông tư số 02/2023/TT-BNV"
    signed: dt.date
    in_force: dt.date
    first_report_year: int          # the first report year (niên độ) it governs
    forms: tuple[Form, ...]
    # The report period of year Y: from (month, day) of Y-1 … to the cut-off (month, day) of Y; due (month, day)
    # of Y. Defaults: the circular's; a page may state another cut-off.
    period_start: tuple[int, int] = (1, 1)
    period_start_previous_year: bool = False
    cutoff: tuple[int, int] = (12, 31)
    due: tuple[int, int] = (12, 31)
    receiver: str = "Bộ Nội vụ"
    sources_note: str = ""          # where the layout was learnt, what is uncertain (shown on the set's page)
    loaded: bool = True             # False: the circular is known, its forms are not in the system
    first_year_verified: bool = True  # False: `first_report_year` is an assumption not checked against the text
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.circular} ngày {self.signed:%d/%m/%Y}"

    def form(self, code: str) -> Form | None:
        return next((f for f in self.forms if f.code == code), None)

    def period(self, year: int, cutoff: dt.date | None = None) -> tuple[dt.date, dt.date]:
        start = dt.date(year - 1 if self.period_start_previous_year else year, *self.period_start)
        return start, cutoff or dt.date(year, *self.cutoff)

    def cutoff_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        """The cut-offs a user may state for the year: from the period's first day to the day before 13 months
        after it (a cut-off later would group more than a year of the registry; earlier, an empty form)."""
        start = self.period(year)[0]
        months = start.month - 1 + CUTOFF_REACH_MONTHS
        year_to, month_to = start.year + months // 12, months % 12 + 1
        day_to = min(start.day, calendar.monthrange(year_to, month_to)[1])
        return start, dt.date(year_to, month_to, day_to) - dt.timedelta(days=1)

    def check_cutoff(self, year: int, cutoff: dt.date) -> None:
        """ValueError with the reason when a stated cut-off is outside `cutoff_bounds`."""
        first, last = self.cutoff_bounds(year)
        if not first <= cutoff <= last:
            raise ValueError(
                f"Ngày chốt số liệu {format_date(cutoff)} nằm ngoài kỳ báo cáo năm {year}: chỉ chốt được từ ngày "
                f"{format_date(first)} (ngày đầu kỳ) đến ngày {format_date(last)}. Chưa tính biểu nào; sửa ngày chốt "
                f"hoặc để trống để dùng ngày chốt của thông tư ({format_date(self.period(year)[1])}).")

    def due_date(self, year: int) -> dt.date:
        return dt.date(year, *self.due)
