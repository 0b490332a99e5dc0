import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.clusters.domain.words import KindWords, mixed_words
from thidua.clusters.models import Cluster
from thidua.core.formatting import format_number
from thidua.core.tables import PythonRows, display
from thidua.orgs.domain.areas import name_with_successor


class ClusterTable(PythonRows, tables.Table):
    total_noun = _("cụm, khối")
    name = tables.Column(verbose_name=_("Tên cụm, khối"), order_by=("sort_key",), linkify=True)
    kind = tables.Column(verbose_name=_("Loại"))
    organiser = tables.Column(verbose_name=_("Cơ quan tổ chức"), accessor="organiser__name",
                              order_by=("organiser__sort_key",))
    area = tables.Column(verbose_name=_("Tỉnh, thành phố"), accessor="area__name", order_by=("area__sort_key",),
                         default="—")
    member_count = tables.Column(verbose_name=_("Số thành viên"), default=0, attrs={"td": {"class": "text-end"}})
    head_name = tables.Column(verbose_name=_("Trưởng cụm"), default="—")
    deputy_name = tables.Column(verbose_name=_("Phó trưởng cụm"), default="—")

    class Meta:
        model = Cluster
        fields = ["name", "kind", "organiser", "area", "member_count", "head_name", "deputy_name"]
        order_by = ("name",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "cluster-table"}

    def __init__(self, *args, year=None, words: KindWords | None = None, **kwargs):
        """`words`: the head's and deputy's words of the kind listed ("Khối trưởng" for blocks only); both
        kinds' by default."""
        super().__init__(*args, **kwargs)
        words = words or mixed_words()
        head, deputy = words.head, words.deputy
        if year:
            self.columns["member_count"].column.verbose_name = gettext("Số thành viên %(year)s") % {"year": year}
            head, deputy = f"{head} {year}", f"{deputy} {year}"
        self.columns["head_name"].column.verbose_name = head
        self.columns["deputy_name"].column.verbose_name = deputy

    def render_kind(self, record):
        return display(record, "kind")

    def value_kind(self, record):
        return display(record, "kind")

    def render_area(self, record):
        # the recorded province, with the one it became on 1/7/2025 (area__successor read with the row)
        return name_with_successor(record.area)

    value_area = render_area

    def render_member_count(self, value):
        return format_html("{}", format_number(value))

    def value_member_count(self, value):
        return value or 0  # a number in Excel, not text
