"""The dashboards: a cluster's years in charts (rank by year, points by criterion group, awards by level and year,
the share to direct workers), and an organiser's — the province's Department of Home Affairs — all clusters and
blocks of a year on one page, its awards by cluster and by year, and years compared, each table also as Excel.

Charts are SVG drawn on the server (core.charts): no script, the CSP stays strict. Each chart has its table
beneath, and every figure of both links to the records behind it: a year's ranking, a member's score sheet, the
drill-down of a cluster year's awards (reports:figures_drilldown), a province year's awards
(screens:province_awards), the year page, a proposal. The figures are the domain's
(screens.domain.dashboards); this module arranges them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from thidua.awards.enums import Level, Subject
from thidua.awards.interfaces.tables import RecordTable
from thidua.clusters.enums import PHASE_ORDER, ClusterKind, Phase
from thidua.clusters.models import Cluster
from thidua.core.charts import Series, bar_chart, line_chart
from thidua.core.export import table_response, workbook_response
from thidua.core.formatting import format_number, format_percent
from thidua.core.tables import BoundedLazyPaginator, escaped, format_cell, table_total
from thidua.orgs.models import Organiser
from thidua.reports.domain.figures import Figures
from thidua.screens.domain import dashboards

LEVELS = list(Level.choices)
PAGE_SIZE = 50


FIRST_YEAR, LAST_YEAR = 1945, 2100  # the years a dashboard takes in its address


def parse_year(value: str) -> int | None:
    """A year written in the address (?nam=2024): four ASCII digits between FIRST_YEAR and LAST_YEAR, else None
    ("²", "٢٠٢٤", "-1", "99999" and "abc" are not years; str.isdigit took the first two and int() then failed)."""
    value = value.strip()
    if not re.fullmatch(r"[0-9]{4}", value):
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _year_error(value: str) -> str:
    return _("Năm “%(value)s” không hợp lệ: ghi 4 chữ số, ví dụ 2024 (từ %(first)s đến %(last)s).") % {
        "value": value.strip()[:20], "first": FIRST_YEAR, "last": LAST_YEAR}


def _years_param(request, name: str = "nam") -> tuple[list[int], list[str]]:
    """The years asked for (?nam=2023&nam=2024) and a message for each that is not a year: the page is shown
    without it, never a 404 or a 500."""
    years, errors = [], []
    for value in request.GET.getlist(name):
        if not value.strip():
            continue
        year = parse_year(value)
        if year is None:
            errors.append(_year_error(value))
        else:
            years.append(year)
    return years, errors


def _year_param(request, name: str = "nam") -> tuple[int | None, list[str]]:
    """The one year asked for (the last when repeated) and the messages for what was not a year."""
    years, errors = _years_param(request, name)
    return (years[-1] if years else None), errors


@lru_cache(maxsize=8192)
def _cached_reverse(name: str, pk: int, prefix: str) -> str:
    return reverse(name, args=[pk])


def _address(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), once per object (and script prefix): a province's page links nine addresses of
    each of a hundred clusters, and reversing them 900 times a page took a third of its time."""
    return _cached_reverse(name, pk, get_script_prefix())


def _drill(period_id: int, **params) -> str:
    """The records behind a period's figure."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = _address("reports:figures_drilldown", period_id)
    return f"{url}?{query}" if query else url


def _level_total(figures: Figures, level: str) -> int:
    return figures.collectives.get(level, 0) + figures.individuals.get(level, 0)


def _share(figures: Figures) -> Decimal | None:
    return figures.direct_worker_share


# -- a cluster ------------------------------------------------------------------------------------------------------

def _rank_change(ranks: list[int | None]) -> str:
    """The last year's rank against the year before: "↑ 2" (up two places), "↓ 1", "=" ; "" without both."""
    if len(ranks) < 2 or ranks[-1] is None or ranks[-2] is None:
        return ""
    moved = ranks[-2] - ranks[-1]
    return f"↑ {moved}" if moved > 0 else f"↓ {-moved}" if moved < 0 else "="


@login_required
def cluster_dashboard(request, pk):
    cluster = get_object_or_404(Cluster.objects.select_related("organiser"), pk=pk)
    if not request.user.has_perm("screens.view_cluster_dashboard", cluster):
        raise PermissionDenied
    year, year_errors = _year_param(request)
    board = dashboards.cluster_dashboard(cluster, request.user, year)
    rank_labels = [str(y.year) for y in board.rank_years]
    ranking_links = [reverse("scoring:ranking", args=[y.period_id]) for y in board.rank_years]
    rank_chart = line_chart(
        "chart-ranks", rank_labels,
        [Series(r.name, r.ranks, links=ranking_links) for r in board.ranks],
        title=_("Thứ hạng của các đơn vị thành viên qua các năm"),
        desc=_("Thứ hạng theo năm (1 là cao nhất), từ kết quả chấm điểm của từng năm."), invert=True,
        axis_label=_("Thứ hạng"))
    rank_rows = [{"name": r.name, "change": _rank_change(r.ranks), "cells": [
        {"rank": rank, "final": final, "link": link} for rank, final, link in zip(r.ranks, r.finals, ranking_links,
                                                                                   strict=True)]}
        for r in board.ranks]

    group_chart, group_table = None, None
    if board.group_year is not None:
        year = board.group_year
        sheet = [reverse("scoring:sheet", args=[year.period_id, r.unit_id]) for r in board.group_rows]
        group_chart = bar_chart(
            "chart-groups", [r.name for r in board.group_rows],
            [Series(f"{g['code']} {g['name']}".strip(), [r.values[i] for r in board.group_rows], links=sheet)
             for i, g in enumerate(board.groups)],
            title=_("Điểm theo nhóm tiêu chí năm %(year)s") % {"year": year.year},
            desc=_("Điểm của mỗi đơn vị theo từng nhóm tiêu chí (điểm trừ tính âm), theo thứ hạng."),
            stacked=True, horizontal=True, integer=False, axis_label=_("Điểm"))
        group_table = {"groups": board.groups, "rows": [
            {"rank": r.rank, "name": r.name, "link": link, "values": r.values, "total": r.total}
            for r, link in zip(board.group_rows, sheet, strict=True)]}

    years = board.figure_years
    figures = [board.figures[y.period_id] for y in years]
    award_chart = bar_chart(
        "chart-awards", [str(y.year) for y in years],
        [Series(str(label), [_level_total(f, level) for f in figures],
                links=[_drill(y.period_id, level=level) for y in years]) for level, label in LEVELS],
        title=_("Số lượt khen thưởng theo cấp và năm"),
        desc=_("Lượt khen thưởng tập thể và cá nhân của các đơn vị thành viên, theo cấp khen và năm thành tích."),
        stacked=True, axis_label=_("Lượt"))
    award_rows = [{"year": y.year, "period_id": y.period_id,
                   "levels": [{"level": level, "label": str(label), "value": _level_total(f, level),
                               "link": _drill(y.period_id, level=level)} for level, label in LEVELS],
                   "collectives": f.collective_total, "individuals": f.individual_total, "households": f.households,
                   "total": f.collective_total + f.individual_total + f.households,
                   "links": {"collective": _drill(y.period_id, subject=Subject.COLLECTIVE),
                             "individual": _drill(y.period_id, subject=Subject.INDIVIDUAL),
                             "household": _drill(y.period_id, subject=Subject.HOUSEHOLD),
                             "all": _drill(y.period_id)}}
                  for y, f in zip(years, figures, strict=True)]
    direct_links = [_drill(y.period_id, subject=Subject.INDIVIDUAL, direct=1) for y in years]
    share_chart = bar_chart(
        "chart-direct", [str(y.year) for y in years],
        [Series(_("Tỷ lệ người lao động trực tiếp"), [_share(f) for f in figures], links=direct_links)],
        title=_("Tỷ lệ khen thưởng cá nhân là người lao động trực tiếp"),
        desc=_("Phần trăm lượt khen thưởng cá nhân dành cho người lao động trực tiếp, theo năm."),
        integer=False, value_format=format_percent, axis_label="%")
    share_rows = [{"year": y.year, "direct": f.direct_workers, "individuals": f.individual_total,
                   "share": _share(f), "shown": format_percent(_share(f)) if _share(f) is not None else "—",
                   "link": link, "all_link": _drill(y.period_id, subject=Subject.INDIVIDUAL)}
                  for y, f, link in zip(years, figures, direct_links, strict=True)]
    return render(request, "screens/cluster_dashboard.html", {
        "cluster": cluster, "board": board, "words": cluster.words, "levels": LEVELS,
        "rank_chart": rank_chart, "rank_rows": rank_rows, "rank_years": board.rank_years,
        "group_chart": group_chart, "group_table": group_table,
        "award_chart": award_chart, "award_rows": award_rows, "share_chart": share_chart, "share_rows": share_rows,
        "year_errors": year_errors,
    })


# -- an organiser (the province) --------------------------------------------------------------------------------------

def _organiser(request, pk) -> Organiser:
    organiser = get_object_or_404(Organiser.objects.select_related("area"), pk=pk)
    if not request.user.has_perm("screens.view_province", organiser):
        raise PermissionDenied
    return organiser


def _awards_link(organiser_id: int, year: int, **params) -> str:
    query = urlencode({"year": year, **{k: v for k, v in params.items() if v not in (None, "")}})
    return f"{reverse('screens:province_awards', args=[organiser_id])}?{query}"


def _default_year(years: list[int], today: dt.date) -> int:
    return next((y for y in years if y <= today.year), years[0]) if years else today.year


def _province_headers() -> list[str]:
    return [_("Cụm, khối"), _("Loại"), _("Trưởng"), _("Phó"), _("Giai đoạn"), _("Số thành viên"), _("Đã đăng ký"),
            _("Đã ký giao ước"), _("Phiếu chấm đã khóa"), _("Đơn vị dẫn đầu (đề nghị Cờ thi đua)"),
            _("Khen thưởng tập thể (lượt)"), _("Khen thưởng cá nhân (lượt)"), _("Tỷ lệ NLĐ trực tiếp (%)")]


def _province_row(c: dashboards.ClusterYear) -> list:
    p, f = c.progress, c.figures
    share = f.direct_worker_share
    return [p.cluster_name, str(ClusterKind(p.kind).label),
            p.head_name, ", ".join(c.deputies), p.phase_label, p.members,
            f"{p.registered['done']}/{p.registered['total']}", f"{p.signed['done']}/{p.signed['total']}",
            f"{p.sheets_locked['done']}/{p.sheets_locked['total']}", ", ".join(n["name"] for n in c.leaders),
            f.collective_total, f.individual_total, float(share) if share is not None else None]


# The province page's two tables of a hundred clusters are written here, a row a string (as core.tables.write_rows
# writes lists): through the template language their 2.800 values took a third of the page's time.

def _cluster_row_html(c: dashboards.ClusterYear) -> SafeString:
    p = c.progress
    leaders = "; ".join(
        escaped(n["name"]) + ("" if n["votes"] is None else format_cell(
            ' <span class="small text-secondary">({}{} {})</span>', n["votes"],
            f"/{n['electorate']}" if n.get("electorate") else "", _("phiếu")))
        for n in c.leaders) or "—"
    return mark_safe(format_cell(
        '<tr data-period="{}"><th scope="row"><a href="{}">{}</a><div class="small"><a class="text-secondary" '
        'href="{}">{}</a></div></th><td>{}</td><td>{}</td><td>{}</td><td class="text-end">{}</td>'
        '<td class="text-end text-nowrap">{}/{}</td><td class="text-end text-nowrap">{}/{}</td>'
        '<td class="text-end text-nowrap">{}/{}</td>',
        str(p.period_id), _address("screens:period_year", p.period_id), p.cluster_name,
        _address("screens:cluster_dashboard", p.cluster_id), _("Biểu đồ"), p.head_name or "—",
        ", ".join(c.deputies) or "—", p.phase_label, format_number(p.members), p.registered["done"],
        p.registered["total"], p.signed["done"], p.signed["total"], p.sheets_locked["done"],
        p.sheets_locked["total"]) + f"<td>{leaders}</td></tr>")


def _award_row_html(c: dashboards.ClusterYear) -> SafeString:
    f, period_id = c.figures, c.progress.period_id
    cells = "".join(format_cell('<td class="text-end" data-value="{}"><a href="{}">{}</a></td>', str(value),
                                _drill(period_id, level=level), format_number(value))
                    for level, value in ((level, _level_total(f, level)) for level, _label in LEVELS))
    share = f.direct_worker_share
    return mark_safe(format_cell('<tr><th scope="row">{}</th>', c.progress.cluster_name) + cells + format_cell(
        '<td class="text-end fw-bold"><a href="{}">{}</a></td><td class="text-end">{}</td></tr>',
        _drill(period_id), format_number(f.collective_total + f.individual_total + f.households),
        "—" if share is None else f"{format_number(share, 1)}%"))


@login_required
def province_dashboard(request, pk):
    organiser = _organiser(request, pk)
    today = timezone.localdate()
    years = dashboards.organiser_years(organiser.pk)
    year, year_errors = _year_param(request)
    year = year or _default_year(years, today)
    if request.GET.get("export") == "xlsx":
        overview = dashboards.province_year(organiser, year, request.user, today)
        return workbook_response(f"cum-khoi-{organiser.code}-{year}.xlsx", _("Cụm, khối năm %(year)s") % {"year": year},
                                 _province_headers(), (_province_row(c) for c in overview.clusters))
    shown_years = sorted(years[:dashboards.MAX_YEARS])
    awards = dashboards.province_awards(organiser, shown_years, detail_year=year)
    overview = dashboards.province_year(organiser, year, request.user, today, awards)
    clusters = overview.clusters
    by_cluster = bar_chart(
        "chart-cluster-awards", [c.progress.cluster_name for c in clusters],
        [Series(str(label), [_level_total(c.figures, level) for c in clusters],
                links=[_drill(c.progress.period_id, level=level) for c in clusters]) for level, label in LEVELS],
        title=_("Khen thưởng theo cụm, khối năm %(year)s") % {"year": year},
        desc=_("Lượt khen thưởng tập thể và cá nhân của các đơn vị thành viên mỗi cụm, khối, theo cấp khen."),
        stacked=True, horizontal=True, axis_label=_("Lượt"))
    totals = [awards.totals[y] for y in shown_years]
    by_year = bar_chart(
        "chart-year-awards", [str(y) for y in shown_years],
        [Series(str(label), [_level_total(f, level) for f in totals],
                links=[_awards_link(organiser.pk, y, level=level) for y in shown_years]) for level, label in LEVELS],
        title=_("Khen thưởng theo cấp và năm"),
        desc=_("Lượt khen thưởng của các đơn vị thành viên các cụm, khối (mỗi lượt tính một lần), theo cấp và năm."),
        stacked=True, axis_label=_("Lượt"))
    phases = {phase: 0 for phase in PHASE_ORDER}
    for c in clusters:
        phases[c.progress.phase] += 1
    phase_chart = bar_chart(
        "chart-phases", [str(Phase(p).label) for p in PHASE_ORDER],
        [Series(_("Số cụm, khối"), list(phases.values()))],
        title=_("Số cụm, khối theo giai đoạn năm %(year)s") % {"year": year},
        desc=_("Mỗi cụm, khối đang ở giai đoạn nào của năm thi đua."), axis_label=_("Cụm, khối"),
        horizontal=True)  # lying bars: the phases' names are read whole, not cut under upright bars
    flags = overview.flags
    return render(request, "screens/province_dashboard.html", {
        # the year shown is in the picker even when no cluster has it (?nam=1999: "no cluster that year")
        "organiser": organiser, "year": year, "years": sorted({*years, year}, reverse=True), "overview": overview,
        "clusters": clusters, "cluster_rows_html": [_cluster_row_html(c) for c in clusters],
        "levels": LEVELS, "flags": flags,
        "phase_chart": phase_chart, "phase_rows": [(str(Phase(p).label), n) for p, n in phases.items()],
        "cluster_chart": by_cluster,
        "award_rows_html": [_award_row_html(c) for c in clusters],
        "year_chart": by_year,
        "year_rows": [{"year": y, "levels": [{"value": _level_total(f, level),
                                              "link": _awards_link(organiser.pk, y, level=level)}
                                             for level, _l in LEVELS],
                       "total": f.collective_total + f.individual_total + f.households,
                       "share": format_percent(f.direct_worker_share) if f.direct_worker_share is not None else "—",
                       "direct_link": _awards_link(organiser.pk, y, subject=Subject.INDIVIDUAL, direct=1),
                       "all_link": _awards_link(organiser.pk, y)} for y, f in zip(shown_years, totals, strict=True)],
        "export_url": f"?{urlencode({'nam': year, 'export': 'xlsx'})}", "year_errors": year_errors,
    })


def _compare_rows(compared: list[dashboards.YearCompared], organiser_id: int) -> list[dict]:
    """The comparison's rows: a label and one cell a year ({"value", "shown", "link"})."""
    def cell(value, link=None, shown=None):
        return {"value": value, "shown": shown if shown is not None else format_number(value), "link": link}

    rows = [
        (_("Số cụm thi đua"), [cell(y.clusters) for y in compared]),
        (_("Số khối thi đua"), [cell(y.blocks) for y in compared]),
        (_("Số đơn vị thành viên"), [cell(y.members) for y in compared]),
        (_("Cụm, khối chưa có trưởng"), [cell(y.without_head) for y in compared]),
        (_("Cụm, khối đã tổng kết năm"), [cell(y.closed) for y in compared]),
        (_("Đơn vị dẫn đầu được suy tôn (đề nghị Cờ thi đua)"), [cell(y.leaders) for y in compared]),
        (_("Chỉ tiêu Cờ thi đua của Chính phủ"),
         [cell(y.flags.quota, shown="—" if y.flags.quota is None else None) for y in compared]),
        (_("Cờ thi đua của Chính phủ đã đề nghị"), [cell(y.flags.proposed) for y in compared]),
    ]
    for level, label in LEVELS:
        rows.append((_("Khen thưởng cấp %(level)s (lượt)") % {"level": str(label).lower()},
                     [cell(_level_total(y.figures, level), _awards_link(organiser_id, y.year, level=level))
                      for y in compared]))
    rows += [
        (_("Khen thưởng tập thể (lượt)"), [cell(y.figures.collective_total,
                                                _awards_link(organiser_id, y.year, subject=Subject.COLLECTIVE))
                                           for y in compared]),
        (_("Khen thưởng cá nhân (lượt)"), [cell(y.figures.individual_total,
                                                _awards_link(organiser_id, y.year, subject=Subject.INDIVIDUAL))
                                           for y in compared]),
        (_("Tỷ lệ khen thưởng người lao động trực tiếp"),
         [cell(y.figures.direct_worker_share, _awards_link(organiser_id, y.year, subject=Subject.INDIVIDUAL, direct=1),
               shown=format_percent(y.figures.direct_worker_share) if y.figures.direct_worker_share is not None
               else "—") for y in compared]),
    ]
    return [{"label": label, "cells": cells} for label, cells in rows]


@login_required
def province_compare(request, pk):
    organiser = _organiser(request, pk)
    today = timezone.localdate()
    years = dashboards.organiser_years(organiser.pk)
    chosen, year_errors = _years_param(request)
    chosen = sorted(set(chosen))[-dashboards.MAX_YEARS:] or sorted(years[:3])
    compared = dashboards.compare_years(organiser, chosen, today)
    rows = _compare_rows(compared, organiser.pk)
    if request.GET.get("export") == "xlsx":
        headers = [_("Chỉ tiêu")] + [str(y) for y in chosen]
        return workbook_response(
            f"so-sanh-nam-{organiser.code}.xlsx", _("So sánh các năm"), headers,
            ([row["label"]] + [float(c["value"]) if isinstance(c["value"], Decimal) else c["value"]
                               for c in row["cells"]] for row in rows))
    chart = bar_chart(
        "chart-compare", [str(y) for y in chosen],
        [Series(str(label), [_level_total(y.figures, level) for y in compared],
                links=[_awards_link(organiser.pk, y.year, level=level) for y in compared]) for level, label in LEVELS],
        title=_("Khen thưởng theo cấp, so sánh các năm"),
        desc=_("Lượt khen thưởng của các đơn vị thành viên các cụm, khối, theo cấp và năm."), axis_label=_("Lượt"))
    return render(request, "screens/province_compare.html", {
        "organiser": organiser, "years": years, "chosen": chosen, "rows": rows, "chart": chart,
        "export_url": "?" + urlencode([("nam", y) for y in chosen] + [("export", "xlsx")]),
        "year_errors": year_errors,
    })


@login_required
def province_awards(request, pk):
    """The records behind a province year's figure: the awards of that year to units that were members of the
    organiser's clusters and blocks that year, by subject, level and direct worker."""
    organiser = _organiser(request, pk)
    year, year_errors = _year_param(request, "year")
    year = year or _default_year(dashboards.organiser_years(organiser.pk), timezone.localdate())
    subject = request.GET.get("subject") or None
    level = request.GET.get("level") or None
    if (subject and subject not in Subject.values) or (level and level not in Level.values):
        raise Http404
    direct = {"1": True, "0": False}.get(request.GET.get("direct", ""))
    records = dashboards.province_records(organiser, year, subject, level, direct)
    table = RecordTable(records, order_by=request.GET.get("sort") or ("unit", "award"))
    table.link_people = True
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"khen-thuong-{organiser.code}-{year}.xlsx", _("Khen thưởng"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    parts = [str(Subject(subject).label).lower()] if subject else []
    if level:
        parts.append(_("cấp %(level)s") % {"level": str(Level(level).label).lower()})
    if direct is True:
        parts.append(_("người lao động trực tiếp"))
    elif direct is False:
        parts.append(_("không phải người lao động trực tiếp"))
    template = "core/_table_card.html" if request.htmx else "screens/province_awards.html"
    return render(request, template, {
        "organiser": organiser, "year": year, "table": table, "what": ", ".join(parts) or _("tất cả"),
        "count": _count(table) if not request.htmx else "", "year_errors": year_errors,
    })


def _count(table) -> str:
    """ "1.234", or "hơn 10.000" past core.tables.TOTAL_CAP: the registry is never counted whole."""
    count, more = table_total(table)
    return _("hơn %(count)s") % {"count": format_number(count)} if more else format_number(count)
