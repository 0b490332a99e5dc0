"""QuickSelect writes the same HTML as Django's template-rendered Select."""

import re

from django import forms

from thidua.core.forms import FilterForm
from thidua.core.widgets import QuickSelect


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_same_html_as_django():
    choices = [("", "— Tất cả —"), ("a", "Nội chính & <Đảng>"), ("Nhóm", [("b", "Bắc"), ("c", "Cà Mau")]), (3, "Ba")]
    for value in ("", "a", "c", 3, None):
        attrs = {"class": "form-select", "id": "id_x", "data-x": 'say "hi"', "required": True}
        expected = forms.Select(choices=choices).render("x", value, attrs=attrs)
        assert squeeze(QuickSelect(choices=choices).render("x", value, attrs=attrs)) == squeeze(expected)


def test_filter_forms_use_it():
    class Form(FilterForm):
        kind = forms.ChoiceField(choices=[("cum", "Cụm"), ("khoi", "Khối")], required=False)
        many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)

    form = Form({"kind": "khoi"})
    assert type(form.fields["kind"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert '<option value="khoi" selected>Khối</option>' in str(form["kind"])
