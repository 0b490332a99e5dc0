"""Table rows written in Python.

django-tables2 writes a table's body through a template loop over every cell: for each cell it resolves the
value through the accessor (a dictionary lookup tried first, an exception per attribute), inspects the render
method's signature to know which arguments it takes, recomputes the column's attributes, and renders the cell
through the template engine. Profiling put half to two thirds of a list page's time there for 25 rows. The
same HTML written here costs a fraction of that:

- `write_rows(records, cells)` writes `<tr><td …>…</td>…</tr>` from column specs (`Cell`: the `<td>`'s
  attributes and a function of the record giving its content), for pages that write their own table;
- `PythonRows`, a mixin for django-tables2 tables: `core/table.html` takes the body from `body_rows()`, which
  builds the specs from the table's own columns once per page — the value through the accessor, a field's
  choices through `get_FOO_display()`, empty values to the column's default, the table's `render_<name>`
  method called with the arguments it names, linkify, the column's `<td>` attributes and the row's even/odd
  class. A column whose class renders in its own way (anything but a plain `tables.Column`), or whose
  attributes depend on the cell, goes through django-tables2 cell by cell as before.

The HTML is django-tables2's (tests/core/test_tables.py renders every table of the project both ways and
compares); only the white space between tags differs. A cell is written as `{{ cell }}` writes it: localized
(numbers, dates), escaped unless already safe."""

from __future__ import annotations

import html
import inspect
from collections.abc import Callable, Iterable, Iterator
from functools import partialmethod
from typing import Any, NamedTuple

import django_tables2 as tables
from django.core.paginator import PageNotAnInteger
from django.db import models
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.templatetags.l10n import localize as localize_filter
from django.templatetags.l10n import unlocalize as unlocalize_filter
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, pgettext
from django_tables2.paginators import LazyPaginator

from thidua.core.formatting import format_number
from thidua.core.search import SEARCH_RANK

EVEN_ODD = ('class="even"', 'class="odd"')
_MISSING = object()
_choice_labels: dict = {}


def display(record, name: str):
    """`record.get_<name>_display()`, without what Django does at every call: a dictionary of the field's
    every choice rebuilt, each label hashed, so translated, again (a third of a registry row's time). The
    labels are read once per model, field and language (choices fixed in the code, as every model's here)."""
    key = (type(record), name, get_language())
    found = _choice_labels.get(key)
    if found is None:
        field = record._meta.get_field(name)
        labels = {value: force_str(label, strings_only=True) for value, label in make_hashable(field.flatchoices)}
        found = _choice_labels[key] = (field.attname, labels)
    attname, labels = found
    value = getattr(record, attname)
    try:
        label = labels.get(value, _MISSING)
    except TypeError:  # an unhashable value, as Django's make_hashable would make it
        label = labels.get(make_hashable(value), _MISSING)
    return force_str(value, strings_only=True) if label is _MISSING else label


def pk_url(viewname: str) -> Callable[[Any], str]:
    """`reverse(viewname, args=[pk])` for the rows of one page: reversed once with a marker in place of the
    key, then the marker replaced (a reverse() per row cost as much as the rest of a registry row). Falls back
    to reverse() when the marker cannot be told apart. Build it per page: the URL prefix is the request's."""
    marker = "9876543211"
    url = reverse(viewname, args=[int(marker)])
    head, found, tail = url.partition(marker)
    if not found or marker in tail or marker in head:
        return lambda pk: reverse(viewname, args=[pk])
    return lambda pk: f"{head}{int(pk)}{tail}"


def escaped(value) -> str:
    """conditional_escape(value): HTML kept, anything else escaped — without the checks for lazy arguments
    Django's escape() runs at every call (a fifth of a row's time)."""
    if type(value) is str:
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def format_cell(template: str, *args) -> SafeString:
    """format_html(template, *args) for the cells of a table: the arguments escaped the same way."""
    return mark_safe(template.format(*(escaped(arg) for arg in args)))


def shown(value) -> str:
    """`{{ value }}` in a template: local time, localized, escaped unless already safe."""
    if type(value) is str:
        return html.escape(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return conditional_escape(localize(template_localtime(value)))


class Cell(NamedTuple):
    """A column as `write_rows` writes it: the `<td>`'s attributes as HTML (`class="text-end"`, or "") and the
    cell's content from the record (text is escaped, safe HTML kept, numbers and dates localized)."""

    td: str
    content: Callable[[Any], Any]


def write_rows(records: Iterable, cells: list[Cell], row_attrs: Callable[[int, Any], str] | None = None
               ) -> Iterator[SafeString]:
    """One `<tr>` per record, its cells as the specs say; `row_attrs(index, record)` gives the `<tr>`'s
    attributes as HTML (none by default)."""
    opening = [f"<td {cell.td}>" if cell.td else "<td>" for cell in cells]
    for index, record in enumerate(records):
        parts = [f"<tr {row_attrs(index, record)}>" if row_attrs else "<tr>"]
        for start, cell in zip(opening, cells, strict=True):
            parts += (start, shown(cell.content(record)), "</td>")
        parts.append("</tr>")
        yield mark_safe("".join(parts))


# ---------------------------------------------------------------------------------------------------------
# django-tables2 tables


def _depends_on_cell(attrs) -> bool:
    if callable(attrs):
        return True
    if isinstance(attrs, dict):
        return any(_depends_on_cell(value) for value in attrs.values())
    return False


def _wanted(method) -> tuple[frozenset[str], bool]:
    """The arguments a render method names, and whether it takes **kwargs (then it gets them all)."""
    names, catch_all = set(), False
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind == parameter.VAR_KEYWORD:
            catch_all = True
        elif parameter.kind != parameter.VAR_POSITIONAL:
            names.add(parameter.name)
    return frozenset(names), catch_all


def _resolver(accessor) -> Callable[[Any], Any]:
    """accessor.resolve(record, quiet=True), without its dictionary lookup and exception per attribute when the
    record is a model instance (the same rules: a callable is called unless it alters data or must not be
    called in templates; None stops the walk; any error gives None)."""
    bits = accessor.bits

    def resolve(record):
        if not isinstance(record, models.Model) or hasattr(record, "__getitem__"):
            return accessor.resolve(record, quiet=True)
        current = record
        try:
            for bit in bits:
                current = getattr(current, bit)
                if callable(current):
                    if getattr(current, "alters_data", False):
                        return None
                    if not getattr(current, "do_not_call_in_templates", False):
                        current = current()
                if current is None:
                    break
        except Exception:  # as accessor.resolve(quiet=True): a missing attribute gives None
            return accessor.resolve(record, quiet=True)
        return current
    return resolve


# ---------------------------------------------------------------------------------------------------------
# Rows that come first whatever the column sorted by: the user's own (clusters, units, people), then the best
# matches of a search (core.search: `search_rank`), then the table's order.

OWN_FIRST = "own_first"
PINNED = (OWN_FIRST, SEARCH_RANK)


def own_first(queryset: QuerySet, condition: Q | None) -> QuerySet:
    """The queryset with the alias `own_first` (0 for the rows that meet `condition`, 1 for the others), which a
    PythonRows table orders by before its columns. No condition, no alias."""
    if condition is None:
        return queryset
    return queryset.alias(**{OWN_FIRST: Case(When(condition, then=Value(0)), default=Value(1),
                                             output_field=IntegerField())})


def pin_first(queryset: QuerySet) -> QuerySet:
    """The queryset ordered by its pinned aliases (`own_first`, `search_rank`) before its own order."""
    pinned = [name for name in PINNED if name in queryset.query.annotations]
    if not pinned:
        return queryset
    current = [o for o in queryset.query.order_by if o not in pinned] or list(queryset.model._meta.ordering)
    return queryset.order_by(*pinned, *current)


class PinnedOrder:
    """Mix into a `tables.Table`: its pinned rows first (`pin_first`: one's own, the best matches of a search)
    whatever column it is sorted by."""

    # What a row is, for the total under the table: "Tổng: 1.234 đơn vị" (set by each table; "dòng" by default).
    total_noun = None
    # The whole list the total counts, when the table holds only its first rows (core.search.first_rows_by_name);
    # None: the table's own data.
    counted = None

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        data = getattr(self.data, "data", None)
        if isinstance(data, QuerySet):
            self.data.data = pin_first(data)


class PythonRows(PinnedOrder):
    """Mix into a `tables.Table`: core/table.html then writes the body from `body_rows()`. `rows_in_python =
    False` on an instance renders it through django-tables2's loop again (the tests compare both). Its pinned
    rows come first (PinnedOrder)."""

    rows_in_python = True

    def header_cells(self) -> Iterator[SafeString]:
        """The `<th>` of every column as django-tables2's template writes them: a link that sorts by the column
        (the request's query string with the sort parameter replaced) when it is orderable."""
        params = dict(self.request.GET)
        for column in self.columns:
            header = shown(column.header)
            if column.orderable:
                query = urlencode({**params, self.prefixed_order_by_field: column.order_by_alias.next}, doseq=True)
                header = f'<a href="{html.escape("?" + query)}">{header}</a>'
            yield mark_safe(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')

    def body_rows(self) -> Iterator[SafeString]:
        rows = list(self.paginated_rows)
        if not rows:
            return
        model = getattr(self._meta, "model", None) or type(rows[0].record)
        writers = [self._cell_writer(column, model) for column in self.columns]
        fixed_row_attrs = not self.row_attrs
        for row in rows:
            parts = [f"<tr {EVEN_ODD[row.row_counter % 2] if fixed_row_attrs else row.attrs.as_html()}>"]
            for writer in writers:
                parts.append(writer(row))
            parts.append("</tr>")
            yield mark_safe("".join(parts))

    def _cell_writer(self, column, model) -> Callable[[Any], str]:
        """A function of the row giving the cell's whole `<td>…</td>`, planned once per page."""
        table_cell_attrs = {key: value for key, value in self.attrs.items()
                            if key in ("td", "cell")}
        if _depends_on_cell(table_cell_attrs) or _depends_on_cell(column.column.attrs):
            return self._slow_cell(column, None)
        td = f"<td {column.attrs['td'].as_html()}>"
        if type(column.column) is not tables.Column:
            return self._slow_cell(column, td)
        content = self._content(column, model)
        if column.localize is None:
            return lambda row: f"{td}{shown(content(row))}</td>"
        shown_as = localize_filter if column.localize else unlocalize_filter
        return lambda row: f"{td}{conditional_escape(shown_as(content(row)))}</td>"

    def _slow_cell(self, column, td: str | None) -> Callable[[Any], str]:
        """django-tables2's own cell, and its attributes computed for the cell when they depend on it."""
        def write(row) -> str:
            cell = row.get_cell(column.name)
            column.current_value, column.current_record = cell, row.record
            start = td or f"<td {column.attrs['td'].as_html()}>"
            shown_cell = (shown(cell) if column.localize is None else
                          conditional_escape((localize_filter if column.localize else unlocalize_filter)(cell)))
            return f"{start}{shown_cell}</td>"
        return write

    def _content(self, column, model) -> Callable[[Any], Any]:
        """The cell's content as BoundRow.get_cell gives it, for a plain tables.Column."""
        field = column.accessor.get_field(model)
        bits = column.accessor.bits
        resolve = _resolver(column.accessor)
        if getattr(field, "choices", None) and bits:
            parent = _resolver(type(column.accessor)("__".join(bits[:-1])))
            name, method = bits[-1], f"get_{bits[-1]}_display"
            own = not isinstance(inspect.getattr_static(field.model, method, None), partialmethod)

            def value_of(record):
                owner = parent(record) if len(bits) > 1 else record
                if not isinstance(owner, models.Model) or not hasattr(owner, method):
                    return resolve(record)
                return getattr(owner, method)() if own else display(owner, name)
        else:
            value_of = resolve
        empty, default = column.column.empty_values, column.default
        render = column.render
        plain = getattr(render, "__func__", None) is tables.Column.render
        names, catch_all = _wanted(render)
        link = column.link
        table = self

        def content(row):
            record = row.record
            value = value_of(record)
            if value in empty:
                return default
            if plain and not link:
                return value
            arguments = {"value": value, "record": record, "column": column.column, "bound_column": column,
                         "bound_row": row, "table": table}
            if catch_all:
                cell = render(**arguments)
            elif names <= arguments.keys():
                cell = render(**{name: arguments[name] for name in names})
            else:
                cell = None
            return link(cell, **arguments) if link else cell
        return content


# A page number beyond this is nobody's page: it would only ask the database for an offset it cannot hold.
LAST_PAGE = 10**6


class BoundedLazyPaginator(LazyPaginator):
    """django-tables2's LazyPaginator (no COUNT(*) over millions of rows) that takes any ?page= without a 500: a
    page number past LAST_PAGE (30 nines made SQLite answer "datatype mismatch" for the OFFSET) shows the first
    page, as a page number that is not a number does."""

    def validate_number(self, number):
        number = super().validate_number(number)
        if number > LAST_PAGE:
            raise PageNotAnInteger(gettext("Số trang không hợp lệ."))
        return number


# ---------------------------------------------------------------------------------------------------------
# The total under every list: "Tổng: 1.234 đơn vị".

# A list of millions of rows (people, the registry) is not counted: the count stops past this many rows, as the
# registry's search reads its names (core.search), and the line says "hơn 10.000".
TOTAL_CAP = 10_000


def bounded_count(queryset: QuerySet, cap: int = TOTAL_CAP) -> int:
    """COUNT(*) of at most cap + 1 rows: the query stops reading there, whatever the size of the table."""
    return queryset.order_by().values("pk")[:cap + 1].count()


def table_total(table) -> tuple[int, bool]:
    """(rows, more): the rows of a django-tables2 table's data, and whether there are more than that (a lazy
    paginator's list past TOTAL_CAP). No query when the pages tell: a counting paginator's count, the last
    page of a lazy one, or rows already read."""
    page, paginator = getattr(table, "page", None), getattr(table, "paginator", None)
    if page is not None and isinstance(paginator, LazyPaginator):
        if paginator._final_num_pages is not None:  # this page is the last: the rows before it are full pages
            return (page.number - 1) * paginator.per_page + len(page.object_list), False
        # A table shown from its first rows only (core.search.first_rows_by_name) counts its whole queryset.
        data = getattr(table, "counted", None)
        if data is None:
            data = table.data.data
        if isinstance(data, QuerySet):
            cap = getattr(table, "total_cap", None) or TOTAL_CAP
            counted = bounded_count(data, cap)
            return min(counted, cap), counted > cap
        return len(data), False
    if page is not None:
        return paginator.count, False
    return len(table.data), False  # a queryset written whole is counted from its rows


def count_line(count: int, noun: str | None = None, more: bool = False) -> str:
    """ "Tổng: 1.234 đơn vị", or "Tổng: hơn 10.000 người" when `more`: the total under a list."""
    noun = noun or pgettext("total", "dòng")
    if more:
        return gettext("Tổng: hơn %(count)s %(noun)s") % {"count": format_number(count), "noun": noun}
    return gettext("Tổng: %(count)s %(noun)s") % {"count": format_number(count), "noun": noun}


def total_line(table) -> str:
    """The total under a django-tables2 table (`table_total`); the noun is the table's `total_noun`."""
    count, more = table_total(table)
    return count_line(count, getattr(table, "total_noun", None), more)
