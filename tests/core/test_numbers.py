"""One reading of a typed number everywhere: 1.003 is one thousand and three, 1,5 one and a half, 1.5 refused
with a message saying to write 1,5. The parser's edges, the form fields built on it, and a guard that no form
reads numbers through Django's own fields."""

import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from django_filters import FilterSet

import thidua
from thidua.core.formatting import NUMBER_MAX_LENGTH, NumberError, parse_number
from thidua.core.forms import IntegerNumberField, NumberField, YearField

DECIMAL_POINT = "viết phần thập phân sau dấu phẩy, ví dụ 1,5 (không viết 1.5)"
NOT_A_NUMBER = "không phải là số (dấu chấm phân cách hàng nghìn"
NOT_WHOLE = "không phải là số nguyên"


@pytest.mark.parametrize(("typed", "value"), [
    ("1.003", Decimal(1003)),
    ("1,5", Decimal("1.5")),
    ("1.003,5", Decimal("1003.5")),
    ("12.345.678", Decimal(12345678)),
    ("12.345.678,25", Decimal("12345678.25")),
    ("1003", Decimal(1003)),
    ("95", Decimal(95)),
    ("0,5", Decimal("0.5")),
    ("0", Decimal(0)),
    ("-2", Decimal(-2)),
    ("-1.003,5", Decimal("-1003.5")),
    ("\u22122,5", Decimal("-2.5")),  # the typographic minus sign
    ("+7", Decimal(7)),
    ("-0", Decimal(0)),
    ("  1.003  ", Decimal(1003)),
    ("\t95,5\n", Decimal("95.5")),
    ("1 003", Decimal(1003)),  # spaces between thousands, as some offices write them
    ("12 345 678,5", Decimal("12345678.5")),
    ("1\u00a0003", Decimal(1003)),  # no-break space (pasted from Word or Excel)
    ("1\u202f003,25", Decimal("1003.25")),  # narrow no-break space
    ("007", Decimal(7)),
])
def test_what_is_read(typed, value):
    number = parse_number(typed)
    assert number == value and isinstance(number, Decimal)
    assert not number.is_signed() or number < 0  # "-0" is plain 0


@pytest.mark.parametrize("typed", ["1.5", "1.00", "12.34", "0.5", "0.500", "1.0035", "1,234.5", "1.003.5", "-2.5",
                                   ".5", "1 003.5", "12.34.567", "1."])
def test_a_decimal_point_is_refused_with_how_to_write_it(typed):
    with pytest.raises(NumberError) as error:
        parse_number(typed)
    assert DECIMAL_POINT in str(error.value) and f"“{typed.strip()}”" in str(error.value)


@pytest.mark.parametrize("typed", ["NaN", "nan", "inf", "-inf", "Infinity", "1e5", "1E5", "0x10", "1_000", "abc",
                                   "1,2,3", "1,234,567", "1,", ",5", "1 00", "1,5 %",
                                   "--1", "١٢", "１２", "5-"])
def test_what_is_not_a_number(typed):
    with pytest.raises(NumberError, match=re.escape(NOT_A_NUMBER)):
        parse_number(typed)


@pytest.mark.parametrize("typed", ["", "   ", "\u00a0", None])
def test_nothing_typed(typed):
    with pytest.raises(NumberError, match="Chưa nhập số."):
        parse_number(typed)


def test_very_long_input_is_refused_without_being_read():
    assert parse_number("1" * NUMBER_MAX_LENGTH) == Decimal("1" * NUMBER_MAX_LENGTH)
    for typed in ("1" * (NUMBER_MAX_LENGTH + 1), "9" * 100_000, "1.003" * 1000):
        with pytest.raises(NumberError, match="quá dài"):
            parse_number(typed)


def test_whole_numbers():
    assert parse_number("1.003", decimals_allowed=False) == 1003
    assert parse_number("12 345", decimals_allowed=False) == 12345
    assert parse_number("-2", decimals_allowed=False) == -2
    for typed in ("1,5", "1,0", "1.003,5", "1.5", "1.00"):
        with pytest.raises(NumberError, match=NOT_WHOLE):
            parse_number(typed, decimals_allowed=False)
    # Where only a whole number is asked, what is not a number is not answered with a decimal's example ("1,5",
    # which would then be refused in turn)
    for typed in ("abc", "1e5", "NaN"):
        with pytest.raises(NumberError, match=NOT_WHOLE) as refused:
            parse_number(typed, decimals_allowed=False)
        assert "1,5" not in str(refused.value)


def test_numbers_that_are_not_text_are_taken_as_they_are():
    """Domain calls and Excel cells holding numbers: nothing to read, only checked."""
    assert parse_number(1003) == 1003
    assert parse_number(Decimal("1.5")) == Decimal("1.5")
    assert parse_number(1.5) == Decimal("1.5")  # an Excel cell holding a number, not text
    assert parse_number(2023.0, decimals_allowed=False) == 2023
    for value in (float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")):
        with pytest.raises(NumberError, match=re.escape(NOT_A_NUMBER)):
            parse_number(value)
    with pytest.raises(NumberError, match=NOT_WHOLE):
        parse_number(Decimal("1.5"), decimals_allowed=False)
    with pytest.raises(NumberError):
        parse_number(True)


def test_the_messages_follow_the_language():
    with translation.override("en"):
        with pytest.raises(NumberError) as error:
            parse_number("1.5")
    assert "1,5" in str(error.value) and "1.5" in str(error.value) and "viết" not in str(error.value)


# ---- the form fields --------------------------------------------------------------------------------------


class AmountsForm(forms.Form):
    amount = NumberField(label="Số tiền", required=False, min_value=0, max_digits=8, decimal_places=2)
    count = IntegerNumberField(label="Số phiếu", required=False)
    year = YearField(label="Năm", required=False)


@pytest.mark.parametrize(("data", "cleaned"), [
    ({"amount": "1.003", "count": "1.003", "year": "2.025"}, {"amount": Decimal(1003), "count": 1003, "year": 2025}),
    ({"amount": "1,5", "count": "15", "year": "2025"}, {"amount": Decimal("1.5"), "count": 15, "year": 2025}),
    ({"amount": "1.003,5", "count": "", "year": " "}, {"amount": Decimal("1003.5"), "count": None, "year": None}),
])
def test_fields_clean_what_the_parser_reads(data, cleaned):
    form = AmountsForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == cleaned
    assert isinstance(form.cleaned_data["count"], int | None)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"amount": "1.5"}, "amount", DECIMAL_POINT),
    ({"count": "1,5"}, "count", NOT_WHOLE),
    ({"count": "1.5"}, "count", NOT_WHOLE),
    ({"amount": "NaN"}, "amount", NOT_A_NUMBER),
    ({"amount": "-1"}, "amount", "lớn hơn hoặc bằng 0"),
    ({"amount": "1,005"}, "amount", "tối đa 2 chữ số sau dấu phẩy"),
    ({"amount": "1.000.000"}, "amount", "tối đa 6 chữ số trước dấu phẩy"),
    ({"year": "1800"}, "year", "lớn hơn hoặc bằng 1900"),
    ({"year": "3000"}, "year", "nhỏ hơn hoặc bằng 2100"),
])
def test_fields_refuse_with_the_parsers_message(data, field, message):
    form = AmountsForm(data)
    assert not form.is_valid()
    assert message in form.errors[field][0], form.errors


def test_fields_show_numbers_the_vietnamese_way():
    form = AmountsForm(initial={"amount": Decimal("1003.50"), "count": 1003, "year": 2025})
    html = str(form)
    assert 'value="1.003,5"' in html and 'value="1.003"' in html and 'value="2025"' in html
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html and 'type="number"' not in html
    bound = AmountsForm({"amount": "1.5"})  # what was typed stays in the box
    assert 'value="1.5"' in str(bound)
    assert not AmountsForm({"amount": "1.003,50"}, initial={"amount": Decimal("1003.5")}).has_changed()


# ---- every form reads numbers through these fields ----------------------------------------------------------

DJANGO_NUMBER_FIELDS = (forms.DecimalField, forms.FloatField, forms.IntegerField)


def _project_modules():
    for info in pkgutil.walk_packages(thidua.__path__, "thidua."):
        if any(part in info.name for part in (".migrations", ".management", "thidua.settings", "thidua.wsgi",
                                               "thidua.__main__", ".demo")):
            continue
        yield importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_form_reads_numbers_through_djangos_own_fields():
    """A field a user types into is NumberField, IntegerNumberField or YearField; Django's number fields read
    1.003 and 1.5 according to the language and `localize`, which is how 1.003 came to mean two things."""
    list(_project_modules())
    offenders = []
    for form_class in _subclasses(forms.BaseForm):
        if not form_class.__module__.startswith("thidua."):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, DJANGO_NUMBER_FIELDS) and not isinstance(field.widget, forms.HiddenInput):
                offenders.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    for filterset in _subclasses(FilterSet):
        if not filterset.__module__.startswith("thidua."):
            continue
        for name, list_filter in filterset.base_filters.items():
            hidden = isinstance(list_filter.extra.get("widget"), forms.HiddenInput) or \
                list_filter.extra.get("widget") is forms.HiddenInput
            if issubclass(list_filter.field_class, DJANGO_NUMBER_FIELDS) and not hidden:
                offenders.append(f"{filterset.__module__}.{filterset.__name__}.{name}")
    assert offenders == []
