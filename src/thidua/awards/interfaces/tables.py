"""The registry as a table: compact columns on the page, every field of the decision in its own column in the
Excel export (the hidden columns export, the composite ones do not)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
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

    link_people = True

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
