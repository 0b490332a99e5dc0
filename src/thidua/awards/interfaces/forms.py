from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.orgs.interfaces import importers as base


class UploadForm(StyledForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}),
                           error_messages={"required": _("Hãy chọn tệp Excel (.xlsx) để tải lên."),
                                           "empty": _("Tệp rỗng (0 byte). Hãy chọn tệp Excel đã điền dữ liệu.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            base.check_size(upload.size)
        except base.ImportRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload
