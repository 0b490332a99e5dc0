"""Set-up pages of orgs ("Danh mục"): organisers, one new unit, one new person. Views parse the request, check
the permission, call one domain function (which checks, writes and logs in one transaction) and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core import versions
from thidua.orgs.domain.organisers import (
    ADMIN_FIELDS,
    STAFF_FIELDS,
    create_organiser,
    organisers_visible_to,
    save_organiser_changes,
)
from thidua.orgs.domain.people import create_person
from thidua.orgs.domain.placement import placement_choices
from thidua.orgs.domain.queries import units_user_can_change
from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.domain.units import create_unit
from thidua.orgs.interfaces.forms import OrganiserForm, PersonForm, UnitCreateForm
from thidua.orgs.models import Organiser, Person, Unit


def _form_page(request, form, title: str, cancel_url: str, intro: str = ""):
    return render(request, "core/form_page.html", {"form": form, "page_title": title, "cancel_url": cancel_url,
                                                     "intro": intro})


# ---- organisers ---------------------------------------------------------------------------------------------

@login_required
def organiser_list(request):
    if not request.user.has_perm("orgs.list_organisers"):
        raise PermissionDenied
    return render(request, "orgs/organiser_list.html", {
        "organisers": list(organisers_visible_to(request.user)),
        "may_add": request.user.has_perm("orgs.add_organiser"),
    })


@login_required
def organiser_create(request):
    if not request.user.has_perm("orgs.add_organiser"):
        raise PermissionDenied
    form = OrganiserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organiser = create_organiser(form.instance, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm cơ quan tổ chức %(name)s. Bước tiếp theo: tạo cụm, khối thi đua.")
                             % {"name": organiser.name})
            return redirect(f"{reverse('clusters:cluster_create')}?organiser={organiser.pk}")
    return _form_page(request, form, _("Thêm cơ quan tổ chức cụm, khối"), reverse("orgs:organiser_list"),
                      _("Ủy ban nhân dân tỉnh, thành phố (Hội đồng Thi đua - Khen thưởng tỉnh), Hội đồng Thi đua - "
                        "Khen thưởng Trung ương, hoặc bộ, ngành tổ chức cụm, khối thi đua."))


@login_required
def organiser_edit(request, pk):
    organiser = get_object_or_404(Organiser, pk=pk)
    if not request.user.has_perm("orgs.change_organiser", organiser):
        raise PermissionDenied
    may_set_kind = request.user.is_system_admin
    form = OrganiserForm(request.POST or None, instance=organiser, may_set_kind=may_set_kind)
    if request.method == "POST" and form.is_valid():
        try:
            save_organiser_changes(form.instance, ADMIN_FIELDS if may_set_kind else STAFF_FIELDS, actor=request.user,
                                   loaded_version=versions.loaded(form))
        except ValidationError as error:
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin cơ quan tổ chức."))
            return redirect("orgs:organiser_list")
    return _form_page(request, form, _("Sửa cơ quan tổ chức: %(name)s") % {"name": organiser.name},
                      reverse("orgs:organiser_list"))


# ---- one unit -----------------------------------------------------------------------------------------------

def _named_period(request) -> int | None:
    value = request.GET.get("period", "")
    return int(value) if value.isdigit() else None


def _parent_choices(user):
    """Parents a new unit may have: the units of the user's organisers' provinces and the units they reach. The
    system administrator sets the parent on the edit page, among the units of the unit's province."""
    if user.is_system_admin:
        return None
    areas = Organiser.objects.filter(pk__in=user.organiser_ids, area__isnull=False).values("area_id")
    return (Unit.objects.filter(Q(area_id__in=areas) | Q(pk__in=units_reached_by(user.organiser_ids)),
                                valid_to__isnull=True).order_by("sort_key"))


@login_required
def unit_create(request):
    """One new unit, besides the Excel import. An organiser's staff reach the member units of their clusters'
    years only, so for them the unit joins one of their organiser's years that is not over."""
    user = request.user
    if not user.has_perm("orgs.add_unit"):
        raise PermissionDenied
    named = _named_period(request)
    periods = placement_choices(user, named)
    period_required = not user.is_system_admin
    if period_required and not periods:
        return render(request, "orgs/unit_create_blocked.html", {"page_title": _("Thêm đơn vị")})
    initial = {"period": named if named in dict(periods) else None}
    area = Organiser.objects.filter(pk__in=user.organiser_ids, area__isnull=False).values_list("area_id", flat=True)
    initial["area"] = area.first()
    form = UnitCreateForm(request.POST or None, initial=initial, periods=periods, period_required=period_required,
                          parents=_parent_choices(user))
    if request.method == "POST" and form.is_valid():
        try:
            unit = create_unit(form.instance, actor=user, period_id=form.cleaned_data.get("period"))
        except ValidationError as error:
            form.instance.pk = None  # nothing was written: the form stays a new unit's
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect(unit)
    return _form_page(request, form, _("Thêm đơn vị"), reverse("orgs:unit_list"),
                      _("Thêm từng đơn vị một. Nhiều đơn vị cùng lúc: dùng trang Nhập từ Excel."))


# ---- one person ---------------------------------------------------------------------------------------------

@login_required
def person_create(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm("orgs.add_person", unit):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=Person(unit=unit))
    if request.method == "POST" and form.is_valid():
        try:
            person = create_person(form.instance, PersonForm.Meta.fields, actor=request.user)
        except ValidationError as error:
            form.instance.pk = None
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm cá nhân %(name)s.") % {"name": person.full_name})
            if "save_and_add" in request.POST:
                return redirect("orgs:person_create", pk=unit.pk)
            return redirect(person)
    return render(request, "orgs/person_create.html", {
        "form": form, "unit": unit, "page_title": _("Thêm cá nhân: %(unit)s") % {"unit": unit.name}})


@login_required
def person_create_choose(request):
    """"Thêm cá nhân" from the menu: straight to the unit's form for an officer of one unit; otherwise the units
    the user may add people to, to choose from."""
    user = request.user
    if user.is_system_admin:
        units = None  # every unit of the country: chosen on the unit list, each unit's page has the button
    else:
        units = list(units_user_can_change(user).filter(valid_to__isnull=True).order_by("sort_key")
                     .values_list("pk", "name"))
        if not units:
            raise PermissionDenied
        if len(units) == 1:
            return redirect("orgs:person_create", pk=units[0][0])
    chosen = request.GET.get("unit", "")
    if chosen.isdigit() and (units is None or int(chosen) in {pk for pk, _name in units}):
        return redirect("orgs:person_create", pk=int(chosen))
    return render(request, "orgs/person_create_choose.html", {"units": units})
