"""The registry as a table: compact columns on the page, every field of the decision in its own column in the
Excel export (the hidden columns export, the composite ones do not)."""

from collections.abc import Iterator
from operator import attrgetter
from types import SimpleNamespace

import django_tables2 as tables
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardRecord
from thidua.core.formatting import format_date, format_number
from thidua.core.tables import Cell, PythonRows, display, format_cell, pk_url, write_rows

ATTRS = {"class": "table table-sm table-vcenter table-striped card-table"}


def _exported(verbose_name, **kwargs):
    """A column only the Excel export shows."""
    return tables.Column(verbose_name=verbose_name, visible=False, **kwargs)


class RecordTable(PythonRows, tables.Table):
    """One award per row (one lượt), as the decision wrote it. Its rows are written in Python (core.tables):
    profiling put two thirds of the registry page's time in django-tables2's loop over every cell."""
    total_noun = _("lượt khen thưởng")

    who = tables.Column(verbose_name=_("Người, tập thể được khen"), accessor="recipient_name", order_by=("search_text",),
                        exclude_from_export=True)
    what = tables.Column(verbose_name=_("Danh hiệu, hình thức"), accessor="award__name", order_by=("award__sort_key",),
                         exclude_from_export=True)
    year = tables.Column(verbose_name=_("Năm"), order_by=("year", "decision_date", "id"))  # a total order
    decision = tables.Column(verbose_name=_("Quyết định"), accessor="decision_date", order_by=("decision_date", "id"),
                             exclude_from_export=True)
    recipient_name = _exported(_("Tên trong quyết định"))
    position_as_written = _exported(_("Chức vụ ghi trong quyết định"))
    subject = _exported(_("Đối tượng"))
    unit = _exported(_("Đơn vị"), accessor="unit__name", order_by=("unit__sort_key",))
    award = _exported(_("Danh hiệu, hình thức"), accessor="award__name", order_by=("award__sort_key",))
    award_type = _exported(_("Loại hình"))
    level = _exported(_("Cấp"))
    decision_number = _exported(_("Số QĐ"))
    decision_date = _exported(_("Ngày QĐ"))
    signed_by = _exported(_("Cấp quyết định"))
    direct_worker = _exported(_("NLĐ trực tiếp"))
    cash_amount = tables.Column(verbose_name=_("Tiền thưởng (đồng)"), attrs={"td": {"class": "text-end"},
                                                                         "th": {"class": "text-end"}})

    class Meta:
        model = AwardRecord
        fields = []
        sequence = ["recipient_name", "position_as_written", "subject", "unit", "who", "award", "what", "year",
                    "award_type", "level", "decision_number", "decision_date", "signed_by", "decision",
                    "direct_worker", "cash_amount"]
        order_by = ("-decision",)
        attrs = {**ATTRS, "id": "registry-table"}

    link_people = True

    @cached_property
    def _page(self):
        """What every row repeats, read once per page: the links' URLs and the words in the language of the
        request (a reverse() and a gettext per cell cost as much as the rest of the row)."""
        return SimpleNamespace(person_url=pk_url("awards:person_history"), unit_url=pk_url("awards:unit_history"),
                               direct=" · " + gettext("NLĐ trực tiếp"), level=gettext("cấp %(level)s"),
                               decision=gettext("%(number)s ngày %(date)s"))

    def render_who(self, record, value):
        page = self._page
        name = value
        if record.person_id and self.link_people:
            name = format_cell('<a href="{}">{}</a>', page.person_url(record.person_id), value)
        unit = format_cell('<a href="{}">{}</a>', page.unit_url(record.unit_id), record.unit.name)
        position = f"{record.position_as_written} · " if record.position_as_written else ""
        return format_cell('{}<div class="small text-secondary">{} · {}{}{}</div>', name,
                           display(record, "subject"), position, unit, page.direct if record.direct_worker else "")

    def render_what(self, record, value):
        return format_cell('{}<div class="small text-secondary">{} · {}</div>', value, display(record, "award_type"),
                           self._page.level % {"level": display(record, "level").lower()})

    def render_decision(self, record):
        return format_cell('{}<div class="small text-secondary">{}</div>',
                           self._page.decision % {"number": record.decision_number,
                                                  "date": format_date(record.decision_date)},
                           record.signed_by)

    def value_subject(self, record):
        return display(record, "subject")

    def value_award_type(self, record):
        return display(record, "award_type")

    def value_level(self, record):
        return display(record, "level")

    def value_decision_date(self, value):
        return value  # an Excel date, shown dd/mm/yyyy (core.export)

    def value_direct_worker(self, value):
        return _("Có") if value else ""

    def render_cash_amount(self, value):
        return format_number(value)

    def value_cash_amount(self, value):
        return value


class HistoryTable(RecordTable):
    """A unit's awards: newest first."""

    class Meta(RecordTable.Meta):
        attrs = {**ATTRS, "id": "history-table"}


def person_history_rows(person, records) -> Iterator[SafeString]:
    """The rows of a person's history page (awards/person_history.html), written in Python (core.tables): the
    same HTML as the template loop it replaces, a fraction of its time."""
    unit_name = person.unit.name

    def name(record):
        if not record.position_as_written:
            return record.recipient_name
        return format_cell('{}<div class="small text-secondary">{}</div>', record.recipient_name,
                           record.position_as_written)

    unit_url = pk_url("awards:unit_history")

    def unit(record):
        if record.unit_id == person.unit_id:
            return unit_name
        return format_cell('<a href="{}">{}</a>', unit_url(record.unit_id), record.unit.name)

    return write_rows(records, [
        Cell("", attrgetter("year")), Cell("", attrgetter("award.name")),
        Cell("", lambda record: display(record, "award_type")), Cell("", lambda record: display(record, "level")),
        Cell("", attrgetter("decision_number")), Cell("", lambda record: format_date(record.decision_date)),
        Cell("", attrgetter("signed_by")), Cell("", name), Cell("", unit),
        Cell('class="text-end"', lambda record: format_number(record.cash_amount)),
    ])
