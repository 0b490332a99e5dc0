import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core import versions
from thidua.core.formatting import format_date
from thidua.core.forms import StyledModelForm
from thidua.orgs.domain import organisers, people, units
from thidua.orgs.domain.organisers import ADMIN_FIELDS, STAFF_FIELDS
from thidua.orgs.domain.units import EDITABLE_FIELDS
from thidua.orgs.models import Area, Organiser, Person, Sector, Unit


class UnitForm(StyledModelForm):
    class Meta:
        model = Unit
        fields = EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # an edit: the version it was loaded from (core.versions)
            versions.attach(self, lambda: units.version(self.instance))


class UnitCreateForm(UnitForm):
    """The "Thêm đơn vị" form: the edit form's fields, an optional code, and the year the unit joins (the organiser's
    staff reach only the members of their clusters' years, so for them the year is required)."""

    code = forms.SlugField(label=_("Mã đơn vị"), max_length=60, required=False,
                           help_text=_("Để trống thì hệ thống tự đặt theo tên. Chỉ gồm chữ không dấu, số, dấu gạch "
                                       "ngang (-) và gạch dưới (_)."),
                           error_messages={"invalid": _("Mã chỉ được gồm chữ không dấu, số, dấu gạch ngang (-) và "
                                                        "gạch dưới (_)."),
                                           "unique": _("Đã có đơn vị mang mã này: hãy ghi mã khác hoặc để trống.")})
    period = forms.TypedChoiceField(label=_("Thêm vào năm thi đua"), coerce=int, required=False, empty_value=None)
    field_order = ["period", "name", "short_name", "code"]  # the year first: where the unit goes

    class Meta(UnitForm.Meta):
        fields = ["code", *EDITABLE_FIELDS]

    def __init__(self, *args, periods: list[tuple[int, str]], period_required: bool, parents, **kwargs):
        super().__init__(*args, **kwargs)
        if periods:
            self.fields["period"].choices = [("", _("— Chọn năm thi đua —")), *periods]
            self.fields["period"].required = period_required
            self.fields["period"].help_text = (
                _("Cán bộ cơ quan tổ chức quản lý đơn vị thành viên của các cụm, khối mình tổ chức: đơn vị mới được "
                  "thêm vào năm thi đua đã chọn.") if period_required else
                _("Không bắt buộc: có thể thêm đơn vị vào cụm, khối sau, ở trang quản lý năm thi đua."))
            self.fields["period"].error_messages["required"] = _("Cần chọn năm thi đua để thêm đơn vị vào.")
        else:
            del self.fields["period"]
        if parents is None:
            del self.fields["parent"]  # chosen on the edit page, among the units of the unit's province
        else:
            self.fields["parent"].queryset = parents


class OrganiserForm(StyledModelForm):
    """The organiser's record; its own staff change its names only (STAFF_FIELDS): the kind, the province and
    the sector are the system administrator's, since they decide which units the organiser reaches."""

    class Meta:
        model = Organiser
        fields = ADMIN_FIELDS

    def __init__(self, *args, may_set_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # an edit: the version of the fields it writes (core.versions)
            written = STAFF_FIELDS if not may_set_kind else ADMIN_FIELDS
            versions.attach(self, lambda: organisers.version(self.instance, written))
        if not may_set_kind:
            for name in set(ADMIN_FIELDS) - set(STAFF_FIELDS):
                del self.fields[name]
            return
        self.fields["area"].queryset = Area.objects.order_by("valid_to", "sort_key")
        self.fields["sector"].queryset = Sector.objects.order_by("sort_key")


class PersonForm(StyledModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_date", "rank", "staff_code", "position", "category", "status"]
        widgets = {"birth_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # an edit: the version it was loaded from (core.versions)
            versions.attach(self, lambda: people.version(self.instance, self.Meta.fields))

    def clean_birth_date(self):
        """Born between 1/1/1900 and today (01/01/0001 or a day to come is a typing slip)."""
        day = self.cleaned_data.get("birth_date")
        if day is not None and not dt.date(1900, 1, 1) <= day <= dt.date.today():
            raise forms.ValidationError(_("Ngày sinh %(day)s không hợp lệ: cần từ 01/01/1900 đến hôm nay.")
                                        % {"day": format_date(day)})
        return day


def limit_parent_choices(form: UnitForm) -> None:
    """The parent is chosen among the units of the same province, not the whole nation's."""
    unit = form.instance
    qs = Unit.objects.exclude(pk=unit.pk).order_by("sort_key")
    form.fields["parent"].queryset = qs.filter(area_id=unit.area_id) if unit.area_id else qs.filter(pk=unit.parent_id)
