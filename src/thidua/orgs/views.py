"""Unit and person pages. Views parse the request, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from thidua.core import versions
from thidua.core.activity import visible_entries
from thidua.core.export import table_response
from thidua.core.models import Activity
from thidua.core.tables import BoundedLazyPaginator, own_first
from thidua.orgs.domain.people import save_person_changes
from thidua.orgs.domain.queries import own_people, own_units, people_visible_to
from thidua.orgs.domain.units import save_unit_changes
from thidua.orgs.interfaces.filters import PersonFilter, UnitFilter
from thidua.orgs.interfaces.forms import PersonForm, UnitForm, limit_parent_choices
from thidua.orgs.interfaces.panels import unit_panels
from thidua.orgs.interfaces.tables import PersonTable, UnitTable
from thidua.orgs.models import Person, Unit

PAGE_SIZE = 25


@login_required
def unit_list(request):
    units = own_first(Unit.objects.select_related("sector", "area__successor"), own_units(request.user))
    filterset = UnitFilter(request.GET, queryset=units)
    table = UnitTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "don-vi.xlsx", _("Đơn vị"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    # The filter form refreshes only the table through htmx (core/_filter_form.html targets #table-wrap).
    template = "core/_table_card.html" if request.htmx else "orgs/unit_list.html"
    return render(request, template, {"filter": filterset, "table": table})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.select_related("sector", "area__successor", "parent"), pk=pk)
    if not request.user.has_perm("orgs.view_unit", unit):
        raise PermissionDenied
    # The unit's timeline: entries about its people and proposals only to who may see them; the files imported
    # into it (entries about no one record) to who may see its people.
    timeline = visible_entries(request.user, Activity.objects.for_scope(f"unit:{unit.pk}"),
                               untargeted=request.user.has_perm("orgs.view_people_of_unit", unit))
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "panels": unit_panels(unit),
        "names": unit.names.all(),
        "successions_in": unit.successions_in.select_related("predecessor"),
        "successions_out": unit.successions_out.select_related("successor"),
        "can_change": request.user.has_perm("orgs.change_unit", unit),
        "can_see_people": request.user.has_perm("orgs.change_unit", unit) or unit.pk in request.user.unit_ids,
        "timeline": timeline[:30],
    })


@login_required
def unit_edit(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm("orgs.change_unit", unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit)
    limit_parent_choices(form)
    if request.method == "POST" and form.is_valid():
        try:
            save_unit_changes(form.instance, actor=request.user, loaded_version=versions.loaded(form))
        except ValidationError as error:  # changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect(unit)
    return render(request, "core/form_page.html", {"form": form, "page_title": _("Sửa đơn vị: %(name)s") % {"name": unit.name},
                                                   "cancel_url": unit.get_absolute_url()})


@login_required
def person_list(request):
    people = own_first(people_visible_to(request.user), own_people(request.user))
    filterset = PersonFilter(request.GET, queryset=people)
    table = PersonTable(filterset.qs)
    unit = None
    if filterset.form.is_valid() and filterset.form.cleaned_data.get("unit"):
        unit = Unit.objects.filter(pk=filterset.form.cleaned_data["unit"]).first()
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "ca-nhan.xlsx", _("Cá nhân"))
    # No COUNT(*) over millions of rows: the lazy paginator only asks whether a next page exists.
    RequestConfig(request, paginate={"per_page": PAGE_SIZE, "paginator_class": BoundedLazyPaginator}).configure(table)
    template = "core/_table_card.html" if request.htmx else "orgs/person_list.html"
    return render(request, template, {"filter": filterset, "table": table, "unit": unit,
                                      "can_add_person": unit is not None and request.user.has_perm("orgs.add_person", unit)})


def _person_for(request, pk, perm: str) -> Person:
    person = get_object_or_404(Person.objects.select_related("unit__area__successor"), pk=pk)
    if not request.user.has_perm(perm, person):
        raise PermissionDenied
    return person


@login_required
def person_detail(request, pk):
    person = _person_for(request, pk, "orgs.view_person")
    return render(request, "orgs/person_detail.html", {
        "person": person, "can_change": request.user.has_perm("orgs.change_person", person),
        "timeline": Activity.objects.filter(target_id=person.pk, scope=f"unit:{person.unit_id}",
                                            target_type__model="person").select_related("actor")[:20],
    })


@login_required
def person_edit(request, pk):
    person = _person_for(request, pk, "orgs.change_person")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            save_person_changes(form.instance, PersonForm.Meta.fields, actor=request.user,
                                loaded_version=versions.loaded(form))
        except ValidationError as error:  # a staff code another person of the unit has, or a newer version
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect(person)
    return render(request, "core/form_page.html", {"form": form, "page_title": _("Sửa cá nhân: %(name)s") % {"name": person.full_name},
                                                   "cancel_url": person.get_absolute_url()})
