"""What every form takes in (issue 11 item 4), through `core.forms.style_fields`: texts NFC and without control
or direction-override characters, bounded; dates between 1900 and 2100; numbers finite and of sane size; a
record's choice that is not a key refused as a choice (30 nines made SQLite raise OverflowError: a 500 found by
tests/test_fuzz_forms.py on the movement form's units)."""

import unicodedata

import pytest
from django import forms

from thidua.core.forms import (
    LINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    IntegerNumberField,
    NumberField,
    StyledForm,
    date_field,
)
from thidua.orgs.models import Unit


class Sample(StyledForm):
    name = forms.CharField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)
    code = forms.CharField(required=False, max_length=20)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    day = date_field("Ngày", required=False)
    amount = NumberField(required=False)
    count = IntegerNumberField(required=False)
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)
    units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)


def cleaned(**data):
    form = Sample(data)
    form.is_valid()
    return form


def test_names_are_nfc_without_controls_or_direction_overrides():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    form = cleaned(name=f"\u202e{decomposed}\u200f\x00\x1b \u2066X\u2069", note="Dòng 1\r\n\u202eDòng\x85 2\t.")
    assert form.cleaned_data["name"] == "Nguyễn Văn An X"
    assert unicodedata.is_normalized("NFC", form.cleaned_data["name"])
    assert form.cleaned_data["note"] == "Dòng 1\nDòng 2 ."
    assert cleaned(secret="\u202eab\x01").cleaned_data["secret"] == "\u202eab\x01"  # a password is as typed


def test_texts_are_bounded():
    assert "name" in cleaned(name="x" * (LINE_MAX_LENGTH + 1)).errors
    assert "note" in cleaned(note="x" * (TEXT_MAX_LENGTH + 1)).errors
    assert "code" in cleaned(code="x" * 21).errors
    assert cleaned(note="x" * TEXT_MAX_LENGTH, name="y" * LINE_MAX_LENGTH).is_valid()


@pytest.mark.parametrize("typed", ["01/01/0001", "31/12/1899", "01/01/2101"])
def test_far_away_days_are_refused(typed):
    form = cleaned(day=typed)
    assert "năm phải từ 1900 đến 2100" in form.errors["day"][0]


def test_an_impossible_day_is_refused_and_a_real_one_kept():
    assert "Ngày không hợp lệ" in cleaned(day="31/02/2024").errors["day"][0]
    assert cleaned(day="01/01/1900").cleaned_data["day"].year == 1900


@pytest.mark.parametrize("typed", ["NaN", "inf", "-Infinity", "1e309", "1.000.000.000.000.000", "9" * 39])
def test_numbers_must_be_finite_and_of_sane_size(typed):
    form = cleaned(amount=typed, count=typed)
    assert "amount" in form.errors and "count" in form.errors


def test_minus_zero_is_zero():
    assert str(cleaned(amount="-0").cleaned_data["amount"]) == "0"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9" * 30, "-" + "9" * 30, "abc", "1,5"])
def test_a_choice_that_is_not_a_key_is_refused_not_a_500(typed):
    form = cleaned(unit=typed, units=[typed])
    assert "unit" in form.errors and "units" in form.errors


def test_an_imported_cell_is_cleaned_like_a_form_s_text():
    from thidua.core.importing import as_text

    assert as_text("  Trần\u202e  Thị \x07Bình\u200f ") == "Trần Thị Bình"
    assert as_text(unicodedata.normalize("NFD", "Lạng Sơn")) == "Lạng Sơn"
    assert as_text(12.0) == "12"
