"""The award registry: a person's and a unit's history, the registry with its search and export, who has held
a title N consecutive years, and the import of past awards from Excel (template, preview with every bad row, all
or nothing). Views parse the request, call one domain function, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from thidua.awards.domain.queries import consecutive_list, records_visible_to
from thidua.awards.domain.queries import person_history as history_of_person
from thidua.awards.domain.queries import unit_history as history_of_unit
from thidua.awards.enums import Subject
from thidua.awards.interfaces.consecutive import ConsecutiveForm, PeopleRunTable, UnitRunTable
from thidua.awards.interfaces.filters import RegistryFilter
from thidua.awards.interfaces.importers import AWARDS
from thidua.awards.interfaces.tables import HistoryTable, RecordTable, person_history_rows
from thidua.core import search
from thidua.core.export import table_response
from thidua.core.import_views import ImportFlow
from thidua.core.tables import BoundedLazyPaginator
from thidua.orgs.models import Person, Unit

PAGE_SIZE = 25
# A search's pages up to this one are read one name at a time (_first_rows_by_name); past it, as any list.
FIRST_ROWS_PAGES = 40


@login_required
def registry(request):
    if not request.user.has_perm("awards.view_registry"):
        raise PermissionDenied
    records = records_visible_to(request.user).select_related("award", "unit")
    filterset = RegistryFilter(request.GET, queryset=records)
    table = RecordTable(filterset.qs)
    if request.GET.get("export") != "xlsx":
        table = _first_rows_by_name(request, table, filterset, records)
    unit = None
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("unit"):
        unit = Unit.objects.filter(pk=filterset.form.cleaned_data["unit"]).first()
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "so-khen-thuong.xlsx", _("Sổ khen thưởng"))
    # The registry holds millions of records: no COUNT(*), the lazy paginator only asks for the next page.
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    template = "core/_table_card.html" if request.htmx else "awards/registry.html"
    return render(request, template, {
        "filter": filterset, "table": table, "unit": unit,
        "can_import": request.user.has_perm("awards.import_records"),
    })


def _first_rows_by_name(request, table: RecordTable, filterset: RegistryFilter, records) -> RecordTable:
    """The table of a registry searched by name, read up to the asked page one name at a time where that is how
    PostgreSQL finds them fast (core.search.first_rows_by_name); its total still counts every match."""
    query = filterset.form.cleaned_data.get("q") if filterset.form.is_valid() else None
    if not query:
        return table
    page = request.GET.get("page", "1")
    # Pages past FIRST_ROWS_PAGES, a number that is none (the paginator shows page 1), or another page size
    # (?per_page=): the list as it is.
    if "per_page" in request.GET or not (page.isascii() and page.isdigit() and len(page) <= 3):
        return table
    number = max(int(page), 1)
    if number > FIRST_ROWS_PAGES:
        return table
    RequestConfig(request, paginate=False).configure(table)  # the order the page is shown in
    params = request.GET.copy()
    params["q"] = ""
    unsearched = RegistryFilter(params, queryset=records).qs  # every filter but the name
    first = search.first_rows_by_name(table.data.data, unsearched, query, number * PAGE_SIZE + 1)
    if first is None:
        return table
    shown = RecordTable(first, order_by=table.order_by)
    shown.counted = table.data.data
    return shown


@login_required
def consecutive(request):
    """Who has held a title N consecutive years by the end of a year: the list every proposal for a higher award
    starts from. A count and one query for the page, whatever the number of people."""
    if not request.user.has_perm("awards.view_registry"):
        raise PermissionDenied
    form = ConsecutiveForm(request.GET)
    context = {"filter": {"form": form}, "form": form, "table": None}
    if form.is_valid():
        data = form.cleaned_data
        award, count, year = data["award"], data["count"], data["year"]
        rows = consecutive_list(request.user, award, count, year, name=data["q"], unit_name=data["don_vi"],
                                unit_id=data["unit"], cluster=form.clusters())
        table_class = PeopleRunTable if Subject.INDIVIDUAL in award.subjects else UnitRunTable
        table = table_class(rows, last_year=year)
        if request.GET.get("export") == "xlsx":
            RequestConfig(request, paginate=False).configure(table)
            return table_response(table, f"lien-tuc-{award.code}-{count}-nam-den-{year}.xlsx",
                                  _("Đạt liên tục"))
        RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
        context.update(table=table, award=award, count=count, year=year, total=table.paginator.count)
    template = "awards/_consecutive_table.html" if request.htmx else "awards/consecutive.html"
    return render(request, template, context)


@login_required
def person_history(request, pk):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    if not request.user.has_perm("awards.view_person_history", person):
        raise PermissionDenied
    records = list(history_of_person(person))
    if request.GET.get("export") == "xlsx":
        table = HistoryTable(records)
        table.link_people = False
        return table_response(table, f"khen-thuong-ca-nhan-{person.pk}.xlsx", _("Khen thưởng"))
    # A whole career on one page, its rows written in Python (core.tables.write_rows).
    return render(request, "awards/person_history.html", {
        "person": person, "rows": person_history_rows(person, records), "count": len(records),
        "cash_total": sum(r.cash_amount or 0 for r in records),
        # "0 đồng" only when cash of 0 is recorded; records without an amount are counted apart
        "cash_recorded": sum(1 for r in records if r.cash_amount is not None),
        "cash_missing": sum(1 for r in records if r.cash_amount is None),
        "record_notes": [r.note for r in records],  # the banner of illustrative records (core.illustrative)
    })


@login_required
def unit_history(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm("awards.view_unit_history", unit):
        raise PermissionDenied
    records = history_of_unit(unit)
    table = HistoryTable(records)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"khen-thuong-don-vi-{unit.pk}.xlsx", _("Khen thưởng"))
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": BoundedLazyPaginator}).configure(table)
    can_see_people = (request.user.has_perm("orgs.change_unit", unit) or unit.pk in request.user.unit_ids)
    individuals = None
    if can_see_people:
        individuals = unit.awards.filter(subject="individual").aggregate(n=Count("id"), cash=Sum("cash_amount"))
    return render(request, "awards/unit_history.html", {
        "unit": unit, "table": table, "individuals": individuals,
    })


# ---------------------------------------------------------------------------------------------------------
# Import of past awards: the flow of core.import_views with the importer of awards/interfaces/importers.py

SESSION_KEY = "thidua_award_import"

imports = ImportFlow(
    namespace="awards", importers=[AWARDS], permission="awards.import_records", session_key=SESSION_KEY,
    start_template="awards/import_start.html", preview_template="awards/import_preview.html",
    errors_filename="loi-nhap-khen-thuong.xlsx",
)

import_start = imports.start
import_template = imports.template
import_preview = imports.preview  # ?export=errors: every error as a workbook
import_confirm = imports.confirm
import_cancel = imports.cancel
