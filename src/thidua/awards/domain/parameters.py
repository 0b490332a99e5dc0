"""Dated parameters of eligibility: the details the Law leaves to ministries, sectors and provinces, and the
conditions shared/domain/rules.md reports without a verified text ([R]). Each has its default, the days it applies
and its source; a rule reads the row in force on the day of the check (`parameters_on`), the way a proposal is
checked against the rules of the day it is made.

They are code, not data: no page edits them yet (architecture.md, Known gaps). A province's or sector's own value
is given to the rule by whoever knows it: `check_person(…, params=replace(parameters_on(day), …))`."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol, TypeVar

SOURCE_NOT_FOUND = "chưa tìm thấy nguồn"


class _Dated(Protocol):
    @property
    def valid_from(self) -> dt.date: ...

    @property
    def valid_to(self) -> dt.date | None: ...


D = TypeVar("D", bound=_Dated)


def in_force(rows: Sequence[D], day: dt.date) -> D | None:
    """The row in force on `day` (from its first day to its last day, none = until further notice)."""
    for row in rows:
        if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
            return row
    return None


@dataclass(frozen=True)
class WorkerService:
    """Lao động tiên tiến (Law art 24): time in service in the year. rules.md §2.1 reports that new hires (< 10
    months) and long absences (≥ 40 working days) were not LĐTT under Decree 91/2017 [R], and does not know whether
    Circular 15/2025/TT-BNV or the sectors keep it: a row for Decree 91's days only. The records hold neither a
    hiring date nor absences, so when a row applies the answer is a human look."""

    valid_from: dt.date
    valid_to: dt.date | None
    min_months: int
    max_absent_working_days: int
    source: str


@dataclass(frozen=True)
class AdvancedCollective:
    """Tập thể lao động tiên tiến (Law art 28; the detail is the ministries' and provinces', art 28 khoản 3): the
    share of members holding Lao động tiên tiến, and the discipline of a member that excludes the collective
    (from "cảnh cáo" up). Forms are written as the decisions write them, compared without accents and case."""

    valid_from: dt.date
    valid_to: dt.date | None
    ldtt_share: Fraction
    blocking_disciplines: tuple[str, ...]
    lighter_disciplines: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class PrimeMinisterCollective:
    """Bằng khen của Thủ tướng Chính phủ for a collective (Law art 73), by its chain: holds a Bằng khen of a
    ministry or province, then ≥ `years` consecutive years of good-or-better completion, within which
    `flags_needed` Cờ thi đua of a ministry or province or `excellent_needed` Tập thể lao động xuất sắc. rules.md
    §3.2 reports these numbers [R] ("verify"): defaults, not verified law."""

    valid_from: dt.date
    valid_to: dt.date | None
    prior_code: str
    years: int
    flags_needed: int
    excellent_needed: int
    source: str


@dataclass(frozen=True)
class Parameters:
    """The rows in force on one day (None: no row for that day, the rule asks for a human look)."""

    worker_service: WorkerService | None
    advanced_collective: AdvancedCollective | None
    pm_collective: PrimeMinisterCollective | None


WORKER_SERVICE = (
    WorkerService(dt.date(2017, 10, 1), dt.date(2023, 12, 31), 10, 40,
                  "Nghị định 91/2017/NĐ-CP (rules.md §2.1 [R], chưa đối chiếu nguyên văn)"),
)

WARNING_AND_ABOVE = ("cảnh cáo", "hạ bậc lương", "giáng chức", "cách chức", "buộc thôi việc")
ADVANCED_COLLECTIVE = (
    AdvancedCollective(dt.date(2024, 1, 1), None, Fraction(7, 10), WARNING_AND_ABOVE, ("khiển trách",),
                       "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh áp dụng Luật Thi đua, khen thưởng 2022, Điều 28 "
                       "(rules.md §2.2 [V2]; tỷ lệ trong Luật chưa đối chiếu nguyên văn)"),
)

PM_COLLECTIVE = (
    PrimeMinisterCollective(dt.date(2024, 1, 1), None, "bk-tinh", 5, 1, 2,
                            "rules.md §3.2 [R]: điều kiện tập thể chưa đối chiếu nguyên văn Luật, là tham số mặc định"),
)


def parameters_on(day: dt.date) -> Parameters:
    return Parameters(in_force(WORKER_SERVICE, day), in_force(ADVANCED_COLLECTIVE, day), in_force(PM_COLLECTIVE, day))
