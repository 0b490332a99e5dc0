import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from thidua.core.formatting import format_date
from thidua.core.tables import PythonRows, display
from thidua.orgs.domain.areas import name_with_successor
from thidua.orgs.models import Person, Unit


class UnitTable(PythonRows, tables.Table):
    total_noun = _("đơn vị")
    total_cap = 100_000  # 15.000 units in the country: counted whole (a few milliseconds), never "hơn 10.000"
    name = tables.Column(verbose_name=_("Tên đơn vị"), order_by=("sort_key",), linkify=True)
    short_name = tables.Column(verbose_name=_("Viết tắt"), default="")
    kind = tables.Column(verbose_name=_("Loại đơn vị"))
    sector = tables.Column(verbose_name=_("Ngành"), accessor="sector__name", order_by=("sector__sort_key",), default="—")
    area = tables.Column(verbose_name=_("Tỉnh, thành phố"), accessor="area__name", order_by=("area__sort_key",),
                         default="—")
    code = tables.Column(verbose_name=_("Mã đơn vị"))

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "sector", "area", "code"]
        order_by = ("name",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "unit-table"}

    def render_kind(self, record):
        return display(record, "kind")

    def value_kind(self, record):
        return display(record, "kind")

    def render_area(self, record):
        # the recorded province, with the one it became on 1/7/2025 (area__successor read with the row)
        return name_with_successor(record.area)

    value_area = render_area


class PersonTable(PythonRows, tables.Table):
    total_noun = _("người")
    full_name = tables.Column(verbose_name=_("Họ và tên"), order_by=("sort_key",), linkify=True)
    gender = tables.Column(verbose_name=_("Giới tính"))
    birth_date = tables.Column(verbose_name=_("Ngày sinh"), default="")
    position = tables.Column(verbose_name=_("Chức vụ"), default="")
    category = tables.Column(verbose_name=_("Đối tượng"))
    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name", order_by=("unit__sort_key", "sort_key"))
    status = tables.Column(verbose_name=_("Tình trạng"))

    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_date", "position", "category", "unit", "status"]
        order_by = ("full_name",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "person-table"}

    def render_birth_date(self, value):
        return format_date(value)

    def value_birth_date(self, value):
        return value  # an Excel date, shown dd/mm/yyyy (core.export)

    def render_gender(self, record):
        return display(record, "gender")

    value_gender = render_gender

    def render_category(self, record):
        return display(record, "category")

    value_category = render_category

    def render_status(self, record):
        return display(record, "status")

    value_status = render_status
