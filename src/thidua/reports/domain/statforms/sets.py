"""The form sets the system knows, and the one that governs a report year (chosen by the first report year each
circular applies to: the latest circular whose first report year is not after the year)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from thidua.reports.domain.statforms.model import FormSet
from thidua.reports.domain.statforms.tt02_2023 import TT02_2023
from thidua.reports.domain.statforms.tt18_2025 import TT18_2025

FORM_SETS: tuple[FormSet, ...] = (TT02_2023, TT18_2025)
EARLIEST_YEAR = 2000


def by_code(code: str) -> FormSet | None:
    return next((s for s in FORM_SETS if s.code == code), None)


@dataclass(frozen=True)
class Choice:
    """The set a report year is computed with. `governing`: the set the law applies to the year (None before the
    first known one); `shown`: the set computed (the governing one, or a loaded set asked for by reference when
    the governing one is not loaded); `message`: why the shown set is not the governing one, or why there is none."""

    year: int
    governing: FormSet | None
    shown: FormSet | None
    message: str = ""

    @property
    def for_reference(self) -> bool:
        return self.shown is not None and self.shown is not self.governing


def governing_set(year: int) -> FormSet | None:
    """The set the law applies to the year; for a set whose first report year is an assumption
    (`first_year_verified` False), the assumed one — every message naming it says so (`applies_from`)."""
    candidates = [s for s in FORM_SETS if s.first_report_year <= year]
    return max(candidates, key=lambda s: s.first_report_year) if candidates else None


def applies_from(form_set: FormSet) -> str:
    """"từ năm báo cáo N", said as an assumption when the first report year is not verified."""
    if form_set.first_year_verified:
        return _("từ năm báo cáo %(year)s") % {"year": form_set.first_report_year}
    return (_("từ năm báo cáo %(year)s (năm bắt đầu áp dụng: giả định, chưa xác minh với văn bản gốc)")
            % {"year": form_set.first_report_year})


def choose(year: int, asked: str | None = None) -> Choice:
    """The set for a report year; `asked`: a set's code the user chose (a loaded set, for reference)."""
    governing = governing_set(year)
    if asked:
        wanted = by_code(asked)
        if wanted is not None and wanted.loaded:
            if wanted is governing:
                return Choice(year, governing, wanted)
            if governing is not None and not governing.loaded:
                message = (_("Các biểu dưới đây theo mẫu %(shown)s — mẫu của %(governing)s chưa có trong hệ "
                             "thống; %(governing)s áp dụng %(applies)s. Số liệu tính theo kỳ báo cáo và cách tính "
                             "của %(shown)s.") % {"shown": wanted.circular, "governing": governing.circular,
                                                  "applies": applies_from(governing)})
            else:
                message = (_("Năm báo cáo %(year)s không thuộc phạm vi áp dụng của %(shown)s; biểu dưới đây chỉ "
                             "để tham khảo.") % {"year": year, "shown": wanted.circular})
            return Choice(year, governing, wanted, message)
    if governing is None:
        first = min(FORM_SETS, key=lambda s: s.first_report_year)
        return Choice(year, None, None,
                      _("Năm báo cáo %(year)s trước khi %(first)s được áp dụng (%(applies)s); các biểu mẫu thống "
                        "kê của chế độ báo cáo trước đó (Thông tư số 03/2018/TT-BNV) chưa có trong hệ thống.")
                      % {"year": year, "first": first.circular, "applies": applies_from(first)})
    if not governing.loaded:
        fallback = reference_set(year)
        return Choice(year, governing, None,
                      _("%(title)s áp dụng %(applies)s. Hệ thống chưa có các biểu mẫu thi đua, khen thưởng của "
                        "thông tư này (chưa tìm được văn bản gốc của phụ lục biểu mẫu).")
                      % {"title": governing.title, "applies": applies_from(governing)}
                      + ((" " + _("Có thể xem các biểu theo mẫu %(shown)s.") % {"shown": fallback.circular})
                         if fallback else ""))
    return Choice(year, governing, governing)


def reference_set(year: int) -> FormSet | None:
    """The loaded set a year whose governing set is not loaded may be shown with, for reference."""
    return max((s for s in FORM_SETS if s.loaded and s.first_report_year <= year),
               key=lambda s: s.first_report_year, default=None)
