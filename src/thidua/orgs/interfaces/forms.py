from django import forms

from thidua.core.forms import StyledModelForm
from thidua.orgs.domain.units import EDITABLE_FIELDS
from thidua.orgs.models import Person, Unit


class UnitForm(StyledModelForm):
    class Meta:
        model = Unit
        fields = EDITABLE_FIELDS


class PersonForm(StyledModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_date", "staff_code", "position", "category", "status"]
        widgets = {"birth_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}


def limit_parent_choices(form: UnitForm) -> None:
    """The parent is chosen among the units of the same province, not the whole nation's."""
    unit = form.instance
    qs = Unit.objects.exclude(pk=unit.pk).order_by("sort_key")
    form.fields["parent"].queryset = qs.filter(area_id=unit.area_id) if unit.area_id else qs.filter(pk=unit.parent_id)
