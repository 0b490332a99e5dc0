"""A cluster year's commendation figures, computed from the registry when asked, each number a link to the
records behind it. Views parse the request, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from thidua.awards.enums import Level, Subject
from thidua.awards.interfaces.tables import RecordTable
from thidua.clusters.models import EmulationPeriod
from thidua.clusters.rules import is_organiser_staff_of_period
from thidua.core import illustrative, versions
from thidua.core.export import table_response
from thidua.core.formatting import format_number, format_percent
from thidua.core.tables import BoundedLazyPaginator
from thidua.reports.documents import report_context
from thidua.reports.domain.figures import cluster_year_figures, drill_down
from thidua.reports.domain.year_report import (
    SECTIONS,
    empty_sections,
    gather,
    narrative_version,
    save_narrative,
)
from thidua.reports.interfaces.forms import NarrativeForm
from thidua.reports.rules import may_see_ranking

PAGE_SIZE = 50


def _period(request, pk) -> EmulationPeriod:
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)
    if not request.user.has_perm("reports.view_cluster_figures", period):
        raise PermissionDenied
    return period


def _link(period, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v not in (None, ""))
    url = reverse("reports:figures_drilldown", args=[period.pk])
    return f"{url}?{query}" if query else url


@login_required
def cluster_figures(request, pk):
    period = _period(request, pk)
    figures = cluster_year_figures(period)
    levels = list(Level.choices)
    rows = []
    for subject, label, by_level, total in ((Subject.COLLECTIVE, _("Tập thể"), figures.collectives,
                                             figures.collective_total),
                                            (Subject.INDIVIDUAL, _("Cá nhân"), figures.individuals,
                                             figures.individual_total)):
        rows.append({"subject": subject, "label": label, "total": total, "link": _link(period, subject=subject),
                     "cells": [{"level": level, "value": by_level.get(level, 0),
                                "link": _link(period, subject=subject, level=level)} for level, _l in levels]})
    totals = [{"value": figures.collectives.get(level, 0) + figures.individuals.get(level, 0),
               "link": _link(period, level=level)} for level, _l in levels]
    share = figures.direct_worker_share
    return render(request, "reports/cluster_figures.html", {
        "period": period, "cluster": period.cluster, "figures": figures, "levels": levels, "rows": rows,
        "totals": totals, "grand_total": figures.collective_total + figures.individual_total + figures.households,
        "households_link": _link(period, subject=Subject.HOUSEHOLD),
        "share": format_percent(share) if share is not None else "—",
        "direct_link": _link(period, subject=Subject.INDIVIDUAL, direct=1),
        "all_link": _link(period),
    })


def _flag(value):
    if value in ("1", "true", "co"):
        return True
    if value in ("0", "false", "khong"):
        return False
    return None


@login_required
def figures_drilldown(request, pk):
    period = _period(request, pk)
    subject = request.GET.get("subject") or None
    level = request.GET.get("level") or None
    if (subject and subject not in Subject.values) or (level and level not in Level.values):
        raise Http404
    direct = _flag(request.GET.get("direct"))
    records = drill_down(period, subject=subject, level=level, direct_worker=direct)
    table = RecordTable(records, order_by=request.GET.get("sort") or ("unit", "award"))
    table.link_people = request.user.is_system_admin or is_organiser_staff_of_period(request.user, period)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"khen-thuong-cum-{period.cluster_id}-{period.year}.xlsx", _("Khen thưởng"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    parts = []
    if subject:
        parts.append(Subject(subject).label.lower())
    if level:
        parts.append(_("cấp %(level)s") % {"level": Level(level).label.lower()})
    if direct is True:
        parts.append(_("người lao động trực tiếp"))
    elif direct is False:
        parts.append(_("không phải người lao động trực tiếp"))
    template = "core/_table_card.html" if request.htmx else "reports/figures_drilldown.html"
    return render(request, template, {
        "period": period, "cluster": period.cluster, "table": table,
        "what": ", ".join(parts) or _("tất cả"), "count": format_number(records.count()) if not request.htmx else "",
    })


# -- the year-end report (báo cáo tổng kết) -------------------------------------------------------------------

@login_required
def year_report(request, pk):
    """The report as the document will print it, with its narrative boxes for who may write them."""
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)
    if not request.user.has_perm("reports.view_year_report", period):
        raise PermissionDenied
    may_edit = request.user.has_perm("reports.change_year_report", period)
    form = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = NarrativeForm(request.POST, period=period, current=lambda: narrative_version(period))
        if form.is_valid():
            try:
                save_narrative(period, form.texts(), actor=request.user, loaded_version=versions.loaded(form))
            except ValidationError as error:
                versions.show_refusal(form, error)
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo tổng kết năm %(year)s.") % {"year": period.year})
                return redirect("reports:year_report", pk=period.pk)
    data = gather(period, may_see_ranking(request.user, period))
    if may_edit and form is None:
        form = NarrativeForm(initial=data.narrative, period=period, current=lambda: narrative_version(period))
    context = report_context(data)
    sections = [{"key": s.key, "title": context["titles"][s.key], "hint": s.hint,
                 "paragraphs": context["narrative"][s.key], "field": form[s.key] if form is not None else None}
                for s in SECTIONS]
    return render(request, "reports/year_report.html", {
        "period": period, "cluster": period.cluster, "data": data, "doc": context, "form": form,
        "sections": {s["key"]: s for s in sections}, "may_edit": may_edit,
        "unfinished": empty_sections(data),
        "banner": illustrative.notes(data.illustrative_notes),
    })
