"""Forms of a conference record: its facts, and the lists of chairs, guests and decisions (rows; a blank row is
skipped), with the attending members as checkboxes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import RowForm, StyledForm, date_field, row_formset
from thidua.meetings.enums import ConferenceKind, DecisionKind
from thidua.orgs.models import Unit


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConferenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices, initial=ConferenceKind.YEAR_END)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=400,
                            error_messages={"required": _("Cần ghi tên hội nghị.")})
    held_on = date_field(_("Ngày họp"))
    time_of_day = forms.CharField(label=_("Thời gian"), max_length=60, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: buổi sáng, 14 giờ")}))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    host = MemberChoiceField(label=_("Đơn vị đăng cai"), queryset=Unit.objects.none(), required=False,
                             empty_label=_("— Chưa ghi —"),
                             help_text=_("Có thể là bất kỳ thành viên nào, không nhất thiết là trưởng cụm."))
    basis = forms.CharField(label=_("Căn cứ tổ chức"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Ví dụ: Hướng dẫn số 243/HD-SNV ngày 16/11/2023 của Sở Nội vụ"))
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Biên bản, nội dung chính"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    attending_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị dự"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Đơn vị dự phải là thành viên của cụm năm này.")})

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(memberships__period=period).order_by("sort_key")
        self.fields["host"].queryset = members
        self.fields["host"].error_messages["invalid_choice"] = (
            _("Đơn vị đăng cai phải là thành viên của cụm năm %(year)s.") % {"year": period.year})
        self.fields["attending_units"].queryset = members
        self.fields["attending_units"].widget.attrs["class"] = "form-check-input"


class ChairForm(RowForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    title = forms.CharField(label=_("Chức vụ"), max_length=255)
    unit = MemberChoiceField(label=_("Đơn vị"), queryset=None, empty_label="—")
    cluster_role = forms.CharField(label=_("Vai trò trong cụm"), max_length=120,
                                   widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Trưởng cụm")}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = members
        self.fields["unit"].error_messages["invalid_choice"] = _("Đơn vị của người chủ trì phải là thành viên của cụm.")

    def clean_row(self, data):
        self.need(data, "name", _("Cần ghi họ tên người chủ trì."))
        self.need(data, "title", _("Cần ghi chức vụ người chủ trì."))


class GuestForm(RowForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    title = forms.CharField(label=_("Chức vụ"), max_length=255)
    organisation = forms.CharField(label=_("Cơ quan"), max_length=255)

    def clean_row(self, data):
        self.need(data, "organisation", _("Cần ghi cơ quan của khách mời."))


class DecisionForm(RowForm):
    kind = forms.ChoiceField(label=_("Loại quyết định"), choices=[("", _("— Chọn —")), *DecisionKind.choices])
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_row(self, data):
        self.need(data, "kind", _("Chọn loại quyết định."))
        self.need(data, "text", _("Cần ghi nội dung quyết định."))


ChairFormSet = row_formset(ChairForm, max_num=20)
GuestFormSet = row_formset(GuestForm, max_num=50)
DecisionFormSet = row_formset(DecisionForm, max_num=50)
