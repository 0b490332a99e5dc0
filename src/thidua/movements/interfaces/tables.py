import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from thidua.core.formatting import format_date
from thidua.core.tables import PinnedOrder
from thidua.movements.models import Movement


def period_label(period) -> str:
    return f"{period.cluster.short_name or period.cluster.name} — {period.year}"


class MovementTable(PinnedOrder, tables.Table):
    total_noun = _("phong trào")
    name = tables.Column(verbose_name=_("Tên phong trào"), order_by=("sort_key",))
    motto = tables.Column(verbose_name=_("Phương châm, khẩu hiệu"), default="")
    kind = tables.Column(verbose_name=_("Hình thức"))
    level = tables.Column(verbose_name=_("Cấp phát động"))
    launched_by = tables.Column(verbose_name=_("Cơ quan phát động"), default="")
    decision_ref = tables.Column(verbose_name=_("Văn bản phát động"), default="")
    launched_on = tables.Column(verbose_name=_("Ngày phát động"), default="")
    periods = tables.Column(verbose_name=_("Cụm, năm tham gia"), empty_values=(), orderable=False)
    edit = tables.Column(verbose_name="", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = Movement
        fields = ["name", "motto", "kind", "level", "launched_by", "decision_ref", "launched_on", "periods"]
        order_by = ("name",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "movement-table"}

    def __init__(self, *args, can_edit_period=lambda period: False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_edit_period = can_edit_period

    def render_kind(self, record):
        return record.get_kind_display()

    value_kind = render_kind

    def render_level(self, record):
        return record.get_level_display()

    value_level = render_level

    def render_launched_on(self, value):
        return format_date(value)

    def value_launched_on(self, value):
        return value  # an Excel date, shown dd/mm/yyyy (core.export)

    def render_periods(self, record):
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>',
                                ((reverse("screens:period_year", args=[p.pk]), period_label(p))
                                 for p in record.periods.all()))

    def value_periods(self, record):
        return "; ".join(period_label(p) for p in record.periods.all())

    def render_edit(self, record):
        if any(self.can_edit_period(p) for p in record.periods.all()):
            return format_html('<a class="btn btn-sm btn-outline-primary no-print" href="{}">{}</a>',
                               reverse("movements:movement_edit", args=[record.pk]), _("Sửa"))
        return ""
