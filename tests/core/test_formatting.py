import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from thidua.core.formatting import format_number, format_percent, parse_date


def test_numbers_the_vietnamese_way():
    assert format_number(1003) == "1.003"
    assert format_number(3427) == "3.427"
    assert format_number(1234567) == "1.234.567"
    assert format_number(89.4, 1) == "89,4"
    assert format_number(0) == "0"
    assert format_number(-1500) == "-1.500"
    assert format_number(None) == ""
    assert format_percent(89.4) == "89,4%"
    assert format_number(89.45, 1) == "89,5"  # half up, as offices round


def test_template_filters():
    out = Template("{% load vn %}{{ a|so }} {{ b|so:1 }} {{ b|phantram }} {{ d|ngay }}").render(
        Context({"a": 1003, "b": 89.4, "d": dt.date(2025, 6, 5)}))
    assert out == "1.003 89,4 89,4% 05/06/2025"


def test_05_06_2025_is_5_june():
    assert parse_date("05/06/2025") == dt.date(2025, 6, 5)
    assert parse_date("2025-06-05") == dt.date(2025, 6, 5)
    assert parse_date(dt.datetime(2025, 6, 5, 0, 0)) == dt.date(2025, 6, 5)
    with pytest.raises(ValueError, match="không phải ngày hợp lệ"):
        parse_date("31/02/2025")


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_forms_read_day_first_in_every_language(language):
    with translation.override(language):
        form = DateForm({"day": "05/06/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2025, 6, 5)


def test_date_display_in_templates():
    with translation.override("vi"):
        out = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": dt.date(2025, 6, 5)}))
    assert out == "05/06/2025"
