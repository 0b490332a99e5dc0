"""Template filters for the Vietnamese way of writing numbers and dates."""

from django import template

from thidua.core.formatting import format_date, format_number, format_percent
from thidua.core.tables import count_line, total_line

register = template.Library()


@register.filter
def so(value, decimals=None):
    """{{ 1003|so }} → 1.003 ; {{ 89.4|so:1 }} → 89,4"""
    return format_number(value, None if decimals is None else int(decimals))


@register.filter
def phantram(value, decimals=1):
    return format_percent(value, int(decimals))


@register.filter
def ngay(value):
    return format_date(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed, for links that keep the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def tong(rows, noun=None):
    """The total under a list: {{ table|tong }} → "Tổng: 1.234 đơn vị" (core.tables.total_line, the table's noun);
    a hand-made list's rows or count with its noun: {{ organisers|tong:noun }}."""
    if hasattr(rows, "columns") and hasattr(rows, "data"):  # a django-tables2 table
        return total_line(rows)
    return count_line(rows if isinstance(rows, int) else len(rows), noun)
