"""Forms of the movements pages: a movement and the periods taking part, the covenant and its items, a
signature, and a member's registration with its list of targets.

Lists of rows (covenant items, targets) are `core.forms` row formsets."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.forms import (
    NumberField,
    RowForm,
    RowFormSet,
    StyledForm,
    StyledModelForm,
    date_field,
    row_formset,
)
from thidua.movements.domain.covenants import movement_version
from thidua.movements.enums import TargetKind
from thidua.movements.models import Movement
from thidua.orgs.models import Unit

# ---- movements ----------------------------------------------------------------------------------------------


def periods_managed_by(user):
    """The cluster years a user may attach movements to: as in `movements.manage_year` (admin, the organiser's
    staff, the head unit's staff), newest first."""
    qs = EmulationPeriod.objects.select_related("cluster").order_by("-year", "cluster__sort_key")
    if user.is_system_admin:
        return qs
    condition = Q(pk__in=[])
    if user.organiser_ids:
        condition |= Q(cluster__organiser_id__in=user.organiser_ids)
    if user.head_unit_ids:
        condition |= Q(leadership_terms__role="head", leadership_terms__unit_id__in=user.head_unit_ids)
    return qs.filter(pk__in=EmulationPeriod.objects.filter(condition).values("pk"))


class PeriodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(cluster)s — năm %(year)s") % {"cluster": obj.cluster.short_name or obj.cluster.name,
                                                          "year": obj.year}


class MovementForm(StyledModelForm):
    launched_on = date_field(_("Ngày phát động"), required=False)
    start_date = date_field(_("Từ ngày"), required=False)
    end_date = date_field(_("Đến ngày"), required=False)
    periods = PeriodChoiceField(
        label=_("Các năm thi đua tham gia"), queryset=EmulationPeriod.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ phím Ctrl để chọn nhiều năm, nhiều cụm."),
        error_messages={"required": _("Chọn ít nhất một năm thi đua tham gia phong trào."),
                        "invalid_choice": _("Năm thi đua đã chọn không thuộc quyền quản lý của bạn."),
                        "invalid_pk_value": _("Năm thi đua đã chọn không hợp lệ.")})

    class Meta:
        model = Movement
        fields = ["name", "motto", "kind", "level", "launched_by", "decision_ref", "launched_on", "start_date",
                  "end_date", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": _("Cần ghi tên phong trào.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periods"].queryset = periods_managed_by(user)
        if self.instance.pk is not None:  # an edit: the version it was loaded from (core.versions)
            versions.attach(self, lambda: movement_version(self.instance))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


# ---- covenant -----------------------------------------------------------------------------------------------


class CovenantForm(StyledForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300,
                            error_messages={"required": _("Cần ghi tiêu đề giao ước.")})
    preamble = forms.CharField(label=_("Căn cứ, mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Địa điểm ký"), required=False, max_length=160)


class CovenantItemForm(RowForm):
    text = forms.CharField(label=_("Nội dung giao ước"), widget=forms.Textarea(attrs={"rows": 2}))


CovenantItemFormSet = row_formset(CovenantItemForm, max_num=60)


class SignatureForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị ký"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"),
                                  error_messages={"required": _("Chọn đơn vị ký."),
                                                  "invalid_choice": _("Đơn vị này không ký được: không phải thành viên "
                                                                      "hoặc đã ký.")})
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=120,
                                  error_messages={"required": _("Cần ghi họ tên người ký.")})
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=160,
                                   error_messages={"required": _("Cần ghi chức vụ người ký.")})
    signed_on = date_field(_("Ngày ký"))

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("signed_on", dt.date.today())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean_signer_name(self):
        value = self.cleaned_data["signer_name"].strip()
        if not value:
            raise forms.ValidationError(_("Cần ghi họ tên người ký."))
        return value


# ---- registration -------------------------------------------------------------------------------------------


class RegistrationForm(StyledForm):
    aimed_titles = forms.CharField(
        label=_("Danh hiệu, hình thức khen thưởng đăng ký"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Tập thể lao động xuất sắc; Cờ thi đua của UBND tỉnh"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CriterionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}. {obj.name}"


class TargetForm(RowForm):
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=TargetKind.choices, initial=TargetKind.QUANTITATIVE)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=40,
                                      widget=forms.TextInput(attrs={"placeholder": _("%, vụ, người…")}))
    target_value = NumberField(label=_("Giá trị đăng ký"),
                               widget=forms.TextInput(attrs={"placeholder": _("ví dụ 95")}))
    criterion = CriterionChoiceField(label=_("Tiêu chí chấm điểm"), queryset=None, empty_label=_("— Không gắn —"),
                                     error_messages={"invalid_choice": _("Tiêu chí không thuộc bảng tiêu chí năm này.")})
    ignore_for_blank = ("kind",)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria

    def clean_row(self, data):
        self.need(data, "name", _("Chưa ghi tên chỉ tiêu."))
        if data.get("kind") != TargetKind.QUANTITATIVE:
            data["target_value"] = None
            return
        value = data.get("target_value")
        if "target_value" in self.errors:  # not a number: the field's message says how to write it
            pass
        elif value is None:
            self.add_error("target_value", _("Chỉ tiêu định lượng cần giá trị đăng ký."))
        elif value <= 0:
            self.add_error("target_value", _("Giá trị đăng ký phải lớn hơn 0."))
        elif abs(value) >= Decimal(10) ** 12:
            self.add_error("target_value", _("Giá trị đăng ký quá lớn."))
        else:
            data["target_value"] = value.quantize(Decimal("0.01"))
        self.need(data, "unit_of_measure", _("Chỉ tiêu định lượng cần đơn vị tính (ví dụ %, vụ, người)."))


class BaseTargetFormSet(RowFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.is_blank():
                continue
            criterion = form.cleaned_data.get("criterion")
            if criterion is None:
                continue
            if criterion.pk in seen:
                form.add_error("criterion", _("Tiêu chí %(code)s đã gắn với chỉ tiêu “%(target)s”.")
                               % {"code": criterion.code, "target": seen[criterion.pk]})
            else:
                seen[criterion.pk] = form.cleaned_data.get("name")


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=0, max_num=100,
                                      validate_max=True, absolute_max=100)
