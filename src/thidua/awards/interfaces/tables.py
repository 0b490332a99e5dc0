"""The registry as a table: compact columns on the page, every field of the decision in its own column in the
Excel export (the hidden columns export, the composite ones do not)."""

import inspect

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardRecord
from thidua.core.formatting import format_date, format_number

ATTRS = {"class": "table table-sm table-vcenter table-striped card-table"}


def _exported(verbose_name, **kwargs):
    """A column only the Excel export shows."""
    return tables.Column(verbose_name=verbose_name, visible=False, **kwargs)


class RecordTable(tables.Table):
    """One award per row (one lượt), as the decision wrote it."""

    who = tables.Column(verbose_name=_("Người, tập thể được khen"), accessor="recipient_name", order_by=("search_text",),
                        exclude_from_export=True)
    what = tables.Column(verbose_name=_("Danh hiệu, hình thức"), accessor="award__name", order_by=("award__sort_key",),
                         exclude_from_export=True)
    year = tables.Column(verbose_name=_("Năm"))
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
        template_name = "awards/_record_table.html"

    link_people = True

    def body_rows(self):
        """The page's rows as HTML — the same HTML django-tables2's template writes, cell by cell through a
        template loop that inspects each render_* method's signature and recomputes each column's attributes
        for every cell. Profiling put two thirds of the registry page's time there (25 rows, 5 columns); written
        here, the table costs a third of that. A column with a render_* method of this class is rendered by
        calling it; any other (no method, a link, a choices field) goes through django-tables2 as before."""
        plan = []
        for column in self.columns:  # the visible ones, in order
            method = getattr(self, f"render_{column.name}", None)
            field = column.accessor.get_field(self._meta.model) if self._meta.model else None
            fast = method is not None and not column.link and not getattr(field, "choices", None)
            wanted = set(inspect.signature(method).parameters) & {"record", "value"} if fast else None
            plan.append((column, method if fast else None, wanted, mark_safe(column.attrs["td"].as_html())))
        for row in self.paginated_rows:
            record = row.record
            cells = []
            for column, method, wanted, td in plan:
                if method is None:
                    cell = row.get_cell(column.name)
                else:
                    value = column.accessor.resolve(record, quiet=True)
                    if value in column.column.empty_values:
                        cell = column.default
                    else:
                        arguments = {"record": record, "value": value}
                        cell = method(**{name: arguments[name] for name in wanted})
                cells.append(format_html("<td {}>{}</td>", td, conditional_escape(localize(cell))))
            yield format_html("<tr {}>{}</tr>", mark_safe(row.attrs.as_html()), mark_safe("".join(cells)))

    def render_who(self, record, value):
        name = value
        if record.person_id and self.link_people:
            name = format_html('<a href="{}">{}</a>', reverse("awards:person_history", args=[record.person_id]), value)
        unit = format_html('<a href="{}">{}</a>', reverse("awards:unit_history", args=[record.unit_id]),
                           record.unit.name)
        position = f"{record.position_as_written} · " if record.position_as_written else ""
        return format_html('{}<div class="small text-secondary">{} · {}{}{}</div>', name,
                           record.get_subject_display(), position, unit,
                           " · " + str(_("NLĐ trực tiếp")) if record.direct_worker else "")

    def render_what(self, record, value):
        return format_html('{}<div class="small text-secondary">{} · {}</div>', value, record.get_award_type_display(),
                           _("cấp %(level)s") % {"level": record.get_level_display().lower()})

    def render_decision(self, record):
        return format_html('{}<div class="small text-secondary">{}</div>',
                           _("%(number)s ngày %(date)s") % {"number": record.decision_number,
                                                             "date": format_date(record.decision_date)},
                           record.signed_by)

    def value_subject(self, record):
        return record.get_subject_display()

    def value_award_type(self, record):
        return record.get_award_type_display()

    def value_level(self, record):
        return record.get_level_display()

    def value_decision_date(self, value):
        return format_date(value)

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
