"""Forms and the exported list of a public notice (dossiers.domain.notices): the secretariat's two forms, the
public comment form, and the same columns for the page, the HTML file and the Excel file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm, date_field
from thidua.dossiers.domain.notices import CONTACT_MAX, NAME_MAX, TEXT_MAX

# The columns of the posted list, on the public page and in both files for the province's web portal.
COLUMNS = [_("TT"), _("Cá nhân, tập thể"), _("Chức vụ, đơn vị"), _("Hình thức đề nghị"), _("Tóm tắt thành tích")]


def entry_row(entry) -> list:
    where = ", ".join(part for part in (entry.position, entry.unit_name) if part)
    return [entry.order, entry.name, where, entry.award_name, entry.achievement]


class PublishForm(StyledForm):
    published_on = date_field(_("Ngày đăng"), help_text=_(
        "Ngày danh sách được đăng (trên trang này hoặc trên cổng thông tin của cơ quan). Thời gian công khai tính "
        "từ ngày làm việc tiếp theo."))


class EarlyReviewForm(StyledForm):
    reason = forms.CharField(label=_("Lý do hội đồng xét trước khi hết thời gian công khai"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Cần ghi lý do.")},
                             help_text=_("Lý do được lưu cùng danh sách công khai và trong quá trình xử lý tờ trình."))


class CommentForm(StyledForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=NAME_MAX)
    contact = forms.CharField(label=_("Địa chỉ, điện thoại hoặc thư điện tử"), max_length=CONTACT_MAX,
                              help_text=_("Để cơ quan liên hệ khi cần làm rõ; không công bố."))
    entry = forms.ChoiceField(label=_("Góp ý về"), required=False)
    text = forms.CharField(label=_("Nội dung góp ý"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("— Cả danh sách —"))] + [
            (str(e.order), f"{e.order}. {e.name} — {e.award_name}") for e in entries]

    def entry_order(self) -> int | None:
        value = self.cleaned_data.get("entry")
        return int(value) if value else None
