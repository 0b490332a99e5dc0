"""Forms of the council pages (an organiser's Hội đồng Thi đua - Khen thưởng and its members by term). Dates are
typed dd/mm/yyyy; the checks that need the records (the same person twice, two chairs) are the domain's
(orgs.domain.councils), whose messages the views put back on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import FilterForm, StyledForm, date_field
from thidua.orgs.enums import CouncilRole


class CouncilForm(StyledForm):
    organiser = forms.ModelChoiceField(label=_("Cơ quan tổ chức"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Tên hội đồng"), max_length=255,
                           help_text=_("Ví dụ: Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn"))
    decision_ref = forms.CharField(label=_("Quyết định thành lập, kiện toàn"), max_length=255, required=False,
                                   help_text=_("Ví dụ: Quyết định số 12/QĐ-UBND ngày 05/01/2024 của UBND tỉnh"))

    def __init__(self, *args, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisers is None:  # editing: the council stays with its organiser
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers


class MemberForm(StyledForm):
    """A membership by term: a person found in the records (the hidden `person`, chosen from the search), or a
    name typed for someone who is not in them."""

    person = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Họ và tên"), max_length=160, required=False,
                           help_text=_("Chọn cá nhân trong hồ sơ ở bên phải, hoặc nhập họ và tên nếu chưa có hồ sơ."))
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=255, required=False,
                               help_text=_("Để trống: lấy chức vụ và đơn vị trong hồ sơ cá nhân."))
    role = forms.ChoiceField(label=_("Vị trí trong hội đồng"), choices=CouncilRole.choices,
                             initial=CouncilRole.MEMBER)
    valid_from = date_field(_("Từ ngày"))
    valid_to = date_field(_("Đến hết ngày"), required=False,
                          help_text=_("Ngày cuối cùng là thành viên (vẫn là thành viên trong ngày này). Để trống nếu "
                                      "đang là thành viên."))
    decision_ref = forms.CharField(label=_("Căn cứ"), max_length=255, required=False,
                                   help_text=_("Quyết định công nhận, kiện toàn hoặc thay đổi thành viên"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Cá nhân đã chọn không có trong hồ sơ bạn được xem; tìm và chọn lại.")

    def clean(self):
        data = super().clean()
        if "person" in self.errors:  # a hidden field: its message shown at the top of the form
            for message in self.errors.pop("person"):
                self.add_error(None, message)
        elif not data.get("person") and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Chọn cá nhân trong hồ sơ hoặc nhập họ và tên thành viên."))
        return data


class EndForm(StyledForm):
    valid_to = date_field(_("Ngày cuối cùng là thành viên"),
                          help_text=_("Thành viên vẫn biểu quyết trong ngày này; từ ngày hôm sau không còn là thành "
                                      "viên. Khi thay người, ghi ngày trước ngày người mới bắt đầu."))


class DayForm(FilterForm):
    day = date_field(_("Thành viên vào ngày"), required=False)


class PersonSearchForm(FilterForm):
    q = forms.CharField(label=_("Tìm cá nhân trong hồ sơ (gõ có dấu hoặc không dấu)"), max_length=120,
                        required=False)
