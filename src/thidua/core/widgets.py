"""Select boxes and input boxes rendered in Python.

Django renders a select box through a template, and every `<option>` through a template include of its own,
after building a dictionary of eleven keys (attributes copied, an id computed) per option. For the filter
forms' lists of provinces and organisers (about 150 options) that cost more than the list's queries. This
widget writes the same HTML — byte for byte, tests/core/test_quick_select.py compares — straight from the
choices: each option's value and label escaped once, joined as strings.

A model select's choices are a query. Within one request the same query often feeds several boxes (a list
of rows whose every row picks a unit, a filter form rendered twice); its options are then read and escaped
once and kept for the rest of the request (`RequestChoices`, a middleware, opens and closes that memory).
Outside a request (a form rendered in a test or a command) nothing is kept.

Text, number, date and hidden inputs (`quick_input`) are written the same way: one line of HTML that Django
otherwise renders through two templates per box."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable

from django import forms
from django.core.exceptions import EmptyResultSet
from django.forms.models import ModelChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe

# (value as text, HTML up to the end of the value attribute, HTML from the end of the attributes on)
Option = tuple[str, str, str]
# (the optgroup's label as HTML, or None outside a group; its options)
Group = tuple[str | None, list[Option]]

_request_choices: contextvars.ContextVar[dict | None] = contextvars.ContextVar("thidua_request_choices",
                                                                                default=None)


class RequestChoices:
    """Middleware: a model select's options, read once per request for each distinct query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_choices.set({})
        try:
            return self.get_response(request)
        finally:
            _request_choices.reset(token)


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in order, False left out, True as a bare name."""
    return format_html_join("", "{}", ((format_html(" {}", name) if value is True else
                                        format_html(' {}="{}"', name, _text(value)),)
                                       for name, value in attrs.items() if value is not False))


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" % value (a tuple as str(tuple)), still safe if it was."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return mark_safe(text) if isinstance(value, SafeData) else text


def _shown(value) -> str:
    """`{{ value }}` in a template: localized (numbers, dates), then escaped unless already safe."""
    if type(value) is str:
        return escape(value)
    return conditional_escape(localize(value))


def _option(value, label) -> Option:
    text = _text(value)
    return text, f'\n  <option value="{conditional_escape(text)}"', f">{_shown(label)}</option>\n"


def option_groups(choices: Iterable) -> list[Group]:
    """Choices as ChoiceWidget.optgroups reads them (None as "", a list or tuple label makes a group), each
    option's HTML written once."""
    groups: list[Group] = []
    for value, label in choices:
        if value is None:
            value = ""
        if isinstance(label, list | tuple):
            groups.append((_shown(value) if value else None, [_option(v, sub) for v, sub in label]))
        else:
            groups.append((None, [_option(value, label)]))
    return groups


def _function(method):
    return getattr(method, "__func__", method)


def _field_key(choices: ModelChoiceIterator):
    """What, beside the query, makes a model select's options: the field's way of writing them."""
    field, queryset = choices.field, choices.queryset
    return (type(choices), type(field), _function(field.label_from_instance), _function(field.prepare_value),
            field.to_field_name, str(field.empty_label) if field.empty_label is not None else None,
            getattr(field, "null_label", None), getattr(field, "null_value", None), queryset.db, queryset.model)


def _query_key(queryset):
    """The query as SQL and parameters; None when it cannot be written out (an empty queryset) or holds
    something unhashable. Compiling costs about what reading a short list does: only done when a second
    select of the same model and field kind shows up in the request."""
    try:
        sql, params = queryset.query.sql_with_params()
        key = (sql, tuple(params))
        hash(key)
    except (EmptyResultSet, TypeError):
        return None
    return key


def cached_option_groups(choices) -> list[Group]:
    """option_groups(choices), kept for the rest of the request when the choices are a model query."""
    memory = _request_choices.get()
    if memory is None or not isinstance(choices, ModelChoiceIterator):
        return option_groups(choices)
    field_key = _field_key(choices)
    seen = memory.get(field_key)
    if seen is None:  # the first select of its kind in the request: nothing to compare with yet
        groups = option_groups(choices)
        memory[field_key] = [[choices.queryset, None, groups]]
        return groups
    key = _query_key(choices.queryset)
    if key is not None:
        for entry in seen:
            if entry[1] is None:
                entry[1] = _query_key(entry[0])
            if entry[1] == key:
                return entry[2]
    groups = option_groups(choices)
    seen.append([choices.queryset, key, groups])
    return groups


def render_select(name: str, attrs: dict, values: list[str], groups: list[Group]) -> str:
    """The HTML of django/forms/widgets/select.html: the first option whose value is among `values` selected."""
    parts = [format_html('<select name="{}"{}>', name, _attrs(attrs))]
    chosen = False
    for label, options in groups:
        if label is not None:
            parts.append(f'\n  <optgroup label="{label}">')
        for text, head, tail in options:
            if not chosen and text in values:
                parts += (head, " selected", tail)
                chosen = True
            else:
                parts += (head, tail)
        if label is not None:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class QuickSelect(forms.Select):
    """forms.Select's HTML without a template per option (core.forms.style_fields gives it to every plain
    select box)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        return render_select(name, attrs, self.format_value(value), cached_option_groups(self.choices))


class QuickInput:
    """forms.Input's HTML (django/forms/widgets/input.html) without its templates: mixed into the plain input
    widgets by `quick_input`; the widget's own format_value() still writes the value (dates in their format)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = self.format_value(value)
        shown = "" if value is None else format_html(' value="{}"', _text(value))
        return format_html('<input type="{}" name="{}"{}{}>', self.input_type, name, shown, _attrs(attrs))


_QUICK_INPUTS = {base: type(f"Quick{base.__name__}", (QuickInput, base), {"__module__": __name__})
                 for base in (forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.EmailInput, forms.URLInput,
                              forms.DateInput, forms.DateTimeInput, forms.TimeInput)}


def quick_widget(widget: forms.Widget) -> None:
    """Give a plain select or input box (exactly one of Django's classes, its own template) its quick rendering."""
    if "template_name" in vars(widget) or "option_template_name" in vars(widget):
        return
    if type(widget) is forms.Select:
        widget.__class__ = QuickSelect
    elif type(widget) in _QUICK_INPUTS:
        widget.__class__ = _QUICK_INPUTS[type(widget)]
