"""The year-end report's narrative: one box per section, with the version it was loaded from (core.versions)."""

from django import forms

from thidua.core import versions
from thidua.core.forms import style_fields
from thidua.reports.domain.year_report import MAX_SECTION_CHARS, SECTIONS, section_title


class NarrativeForm(forms.Form):
    def __init__(self, *args, period, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.CharField(
                label=section_title(section, period.year), required=False, max_length=MAX_SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 5}))  # what to write: the hint beneath the box
        style_fields(self)  # every box cleaned (core.text.clean_input, lines kept) and styled
        if current is not None:
            versions.attach(self, current)

    def texts(self) -> dict[str, str]:
        return {section.key: self.cleaned_data.get(section.key, "") for section in SECTIONS}
