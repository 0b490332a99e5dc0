import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from thidua.core.formatting import format_date
from thidua.dossiers.interfaces.forms import STATE_BADGES
from thidua.dossiers.models import Proposal


class ProposalTable(tables.Table):
    total_noun = _("hồ sơ đề nghị")
    title = tables.Column(verbose_name=_("Trích yếu"), linkify=True)
    sender = tables.Column(verbose_name=_("Đơn vị đề nghị"), accessor="sender__name", order_by=("sender__sort_key",))
    recipient = tables.Column(verbose_name=_("Gửi đến"), accessor="recipient__name", order_by=("recipient__sort_key",))
    channel = tables.Column(verbose_name=_("Kênh"))
    year = tables.Column(verbose_name=_("Năm"))
    nominee_count = tables.Column(verbose_name=_("Số đề nghị"), attrs={"td": {"class": "text-end"}})
    state = tables.Column(verbose_name=_("Trạng thái"))
    submitted_at = tables.Column(verbose_name=_("Gửi ngày"))

    class Meta:
        model = Proposal
        fields = ["title", "sender", "recipient", "channel", "year", "nominee_count", "state", "submitted_at"]
        order_by = ("-created_at",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "proposal-table"}

    def render_channel(self, record):
        return record.get_channel_display()

    value_channel = render_channel

    def render_state(self, record):
        return format_html('<span class="badge bg-{} text-white state-{}">{}</span>',
                           STATE_BADGES.get(record.state, "secondary"), record.state, record.get_state_display())

    def value_state(self, record):
        return record.get_state_display()

    def render_submitted_at(self, value):
        return format_date(self.value_submitted_at(value) if value else None)

    def value_submitted_at(self, value):
        return timezone.localtime(value).date()  # the day it was sent: an Excel date, dd/mm/yyyy (core.export)
