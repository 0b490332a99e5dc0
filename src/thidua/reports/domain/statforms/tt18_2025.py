"""Circular 18/2025/TT-BNV (8/10/2025, signed by Phạm Thị Thanh Trà: the Home Affairs sector's statistical regime
that replaces 02/2023) — known, its forms not loaded.

Searched for in December 2026 through the project's search tool (pages, docs, code): only its index page was
found (luatvietnam.vn/hanh-chinh/thong-tu-18-2025-tt-bnv-cua-bo-noi-vu-quy-dinh-che-do-bao-cao-thong-ke-nganh-noi-
vu-414360-d1.html: number, date, signer; the text behind a log-in), no copy of its appendix of forms, and no
implementation in the deployed systems read (lifephongphanmem/thiduakhenthuong and …_php8 implement 02/2023 only).
Its date of effect and the first report year it governs are therefore not known: `first_report_year` 2026 is an
assumption (a report year 2025, due 15/12/2025, was compiled under 02/2023 before the new regime could be applied),
a parameter to correct when the text is read (with `first_year_verified`, False until then: every page that
names the year says it is assumed, not verified). Loading its forms is a new module like tt02_2023.py — rows,
columns, matches — with `loaded=True`; until then a report year it governs says so and offers 02/2023's forms for
reference."""

import datetime as dt

from thidua.reports.domain.statforms.model import FormSet

TT18_2025 = FormSet(
    code="tt18-2025", circular="Thông tư số 18/2025/TT-BNV", signed=dt.date(2025, 10, 8),
    in_force=dt.date(2025, 10, 8), first_report_year=2026, forms=(),
    period_start=(12, 1), period_start_previous_year=True, cutoff=(11, 30), due=(12, 15),
    sources_note=__doc__ or "", loaded=False, first_year_verified=False,
)
