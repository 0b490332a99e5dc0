"""Form styling in one place: every form and filter gets Tabler's classes without touching each field.

Lists of rows (covenant items, targets, a conference's chairs, guests and decisions) are formsets whose rows
are all optional at field level: a row left blank is skipped, a row half filled gets a message on the field
that is missing. The "Thêm dòng" button posts the form back with one more row, so a list can grow without any
script and without losing what was typed.

Numbers are typed into `NumberField` (decimals), `IntegerNumberField` and `YearField`, all read by
`core.formatting.parse_number`: 1.003 is one thousand and three, 1,5 one and a half, 1.5 refused. No form uses
Django's DecimalField, FloatField or IntegerField, whose reading depends on the language and `localize`. A
number field without its own number of digits takes at most NUMBER_MAX_WHOLE_DIGITS before the comma.

Every form passes its fields through `style_fields`, which also guards what they take in: text boxes cleaned
(NFC, no control or direction-override characters) and bounded, dates between 1900 and 2100."""

import datetime as dt
from decimal import Decimal

import django_filters
from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.core.formatting import format_date, format_number, parse_number
from thidua.core.text import clean_input
from thidua.core.widgets import quick_widget

# A text box without its own limit takes this many characters; a multi-line box this many.
LINE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 10_000
NUMBER_MAX_WHOLE_DIGITS = 15
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


def _cleaning(to_python, multiline: bool):
    def to_python_cleaned(value):
        value = to_python(value)
        return clean_input(value, multiline=multiline) if isinstance(value, str) and value else value

    to_python_cleaned.cleans_text = True
    return to_python_cleaned


def guard_text(field: forms.Field) -> None:
    """A text box's input as the app keeps it: NFC, without control or direction-override characters
    (`core.text.clean_input`; line breaks kept in a multi-line box), and bounded (`LINE_MAX_LENGTH`,
    `TEXT_MAX_LENGTH`) when the field sets no limit. Passwords and hidden values are kept as typed."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput | forms.HiddenInput):
        return
    if getattr(field.to_python, "cleans_text", False):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    field.to_python = _cleaning(field.to_python, multiline)
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH if multiline else LINE_MAX_LENGTH
        field.validators.append(MaxLengthValidator(field.max_length))


def _sane_day(value) -> None:
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise forms.ValidationError(
            gettext("Ngày %(day)s không hợp lệ: năm phải từ %(first)s đến %(last)s.")
            % {"day": format_date(value), "first": EARLIEST_DAY.year, "last": LATEST_DAY.year}, code="date_range")


def guard_date(field: forms.Field) -> None:
    """Every date typed into a form lies between 1900 and 2100 (01/01/0001 is a typing slip, not a day)."""
    if isinstance(field, forms.DateField) and _sane_day not in field.validators:
        field.validators.append(_sane_day)


_BIGGEST_KEY = 2**63 - 1


_WHOLE_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
               "PositiveIntegerField")


def _whole_keys(field: forms.ModelChoiceField) -> bool:
    if field.queryset is None:
        return False
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    return key.get_internal_type() in _WHOLE_KEYS


def _checking_keys(clean, field: forms.ModelChoiceField):
    def clean_checked(value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item in field.empty_values or not _whole_keys(field):
                continue
            try:
                fits = abs(int(str(item).strip())) <= _BIGGEST_KEY
            except ValueError:
                fits = False
            if not fits:
                raise forms.ValidationError(gettext("Lựa chọn “%(value)s” không có trong danh sách.")
                                            % {"value": str(item)[:40]}, code="invalid_choice")
        return clean(value)

    clean_checked.checks_keys = True
    return clean_checked


def guard_choice(field: forms.Field) -> None:
    """A choice of records posted as something that is not a key (“abc”, 30 nines, which SQLite cannot even compare)
    is refused as a choice not in the list, before any query."""
    if isinstance(field, forms.ModelChoiceField) and not getattr(field.clean, "checks_keys", False):
        field.clean = _checking_keys(field.clean, field)


def guard_number(field: forms.Field) -> None:
    """Django's own number fields (left only as hidden record ids of list filters) take no number a database key
    cannot hold: 30 nines made SQLite raise OverflowError."""
    if isinstance(field, forms.IntegerField | forms.DecimalField) and not getattr(field, "key_bounded", False):
        field.validators += [MinValueValidator(-_BIGGEST_KEY), MaxValueValidator(_BIGGEST_KEY)]
        field.key_bounded = True


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        guard_text(field)
        guard_date(field)
        guard_choice(field)
        guard_number(field)
        widget = field.widget
        quick_widget(widget)  # plain selects and inputs: the same HTML, written without templates
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm" if getattr(form, "compact", False) else "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control form-control-sm" if getattr(form, "compact", False) else "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class FilterForm(forms.Form):
    """The form behind every list's filters: compact controls."""

    compact = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


DATE_INVALID = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2024.")
ADD_ROW = "add_row"  # name of the "Thêm dòng" submit button; its value is the formset's prefix


def _required_message(label) -> str:
    return gettext("Cần nhập %(field)s.") % {"field": str(label).lower()}


def date_field(label: str, required: bool = True, **kwargs) -> forms.DateField:
    """A date typed dd/mm/yyyy, with a clear message when the day does not exist (31/02/2024)."""
    messages = {"invalid": DATE_INVALID, "required": lazy(_required_message, str)(label)}
    return forms.DateField(label=label, required=required, error_messages=messages,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"), **kwargs)


# ---- numbers ------------------------------------------------------------------------------------------------


class NumberField(forms.Field):
    """A number typed the Vietnamese way (see `parse_number`); cleaned to a Decimal, None when left empty.

    A text box, never `<input type=number>`: a browser sends what such a box holds as "1.5" whatever the user's
    language, which would then be refused. Takes the arguments Django's model fields give their form fields
    (`max_digits`, `decimal_places`, `min_value`, `max_value`), so a ModelForm may name it in `field_classes`."""

    widget = forms.TextInput
    decimals_allowed = True
    grouping = True  # shown with thousands dots (1.003); a year is shown 2025
    input_mode = "decimal"

    def __init__(self, *, min_value=None, max_value=None, max_digits=None, decimal_places=None, step_size=None,
                 **kwargs):
        self.min_value, self.max_value = min_value, max_value
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": self.input_mode, "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_number(value, decimals_allowed=self.decimals_allowed)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(gettext("Cần một số lớn hơn hoặc bằng %(min)s.")
                                        % {"min": self.show(self.min_value)}, code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(gettext("Cần một số nhỏ hơn hoặc bằng %(max)s.")
                                        % {"max": self.show(self.max_value)}, code="max_value")
        places = max(0, -Decimal(value).as_tuple().exponent)
        if self.decimal_places is not None and places > self.decimal_places:
            raise forms.ValidationError(gettext("Chỉ ghi tối đa %(places)s chữ số sau dấu phẩy.")
                                        % {"places": self.decimal_places}, code="max_decimal_places")
        whole = NUMBER_MAX_WHOLE_DIGITS if self.max_digits is None else self.max_digits - (self.decimal_places or 0)
        if abs(value) >= Decimal(10) ** whole:
            raise forms.ValidationError(gettext("Số quá lớn: tối đa %(digits)s chữ số trước dấu phẩy.")
                                        % {"digits": whole}, code="max_whole_digits")

    def show(self, value) -> str:
        """A number as it is written back into the box: 1.003,5 (2025 for a year)."""
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        text = format_number(number.normalize())
        return text if self.grouping else text.replace(".", "")

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return self.show(value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class IntegerNumberField(NumberField):
    """A whole number: 1.003 is 1003; 1,5 and 1.5 are refused. Cleaned to an int."""

    decimals_allowed = False
    input_mode = "numeric"

    def to_python(self, value):
        number = super().to_python(value)
        return None if number is None else int(number)


class YearField(IntegerNumberField):
    """A year: read like any whole number, written back without a thousands dot (2025)."""

    grouping = False

    def __init__(self, *, min_value=1900, max_value=2100, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def shared_queryset(queryset):
    """A list filter's choices (ModelChoiceFilter's `queryset`) as a function returning them: django-filter
    deep-copies every filter of a filter set for every request, a queryset given as such with it (its whole
    query tree); a function is not copied, and the field takes its own `.all()` of the queryset anyway."""
    return lambda request=None: queryset


class YearFilter(django_filters.NumberFilter):
    """A list's year filter, read by YearField."""

    field_class = YearField


# ---- lists of rows ------------------------------------------------------------------------------------------


class RowForm(StyledForm):
    """One row of a list. Every field is optional on its own; `clean_row` says what a filled row needs."""

    # Fields whose value alone does not make a row "filled" (a select with a default, for instance).
    ignore_for_blank: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(value not in (None, "", [], ()) for name, value in data.items()
                       if name not in self.ignore_for_blank)

    def clean(self):
        data = super().clean()
        if not self.is_blank():
            self.clean_row(data)
        return data

    def clean_row(self, data: dict) -> None:
        """Add errors for what a filled row lacks."""

    def need(self, data: dict, field: str, message: str) -> None:
        if data.get(field) in (None, "") and field not in self.errors:
            self.add_error(field, message)


class RowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled rows, in the order shown (call after is_valid())."""
        return [form.cleaned_data for form in self.forms if not form.is_blank()]


def row_formset(form_class, max_num: int = 100):
    return forms.formset_factory(form_class, formset=RowFormSet, extra=0, max_num=max_num, validate_max=True,
                                 absolute_max=max_num)


def posted_rows(formset_class, request, prefix: str, **kwargs):
    """The formset bound to the POST, with one more empty row when "Thêm dòng" of this list was pressed."""
    data = request.POST
    if data.get(ADD_ROW) == prefix:
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, 0)) + 1, formset_class.max_num))
        except ValueError:
            pass
    return formset_class(data, prefix=prefix, **kwargs)


def initial_rows(formset_class, prefix: str, initial: list[dict] | None = None, extra: int = 2, **kwargs):
    """The formset unbound: the saved rows and `extra` empty ones."""
    formset_class = type(formset_class.__name__, (formset_class,), {"extra": extra})
    return formset_class(initial=list(initial or []), prefix=prefix, **kwargs)


def adding_row(request) -> bool:
    """Whether the POST only asks for one more row (nothing is saved then)."""
    return request.method == "POST" and bool(request.POST.get(ADD_ROW))
