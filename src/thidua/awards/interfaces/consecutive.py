"""The list of who has held a title N consecutive years by the end of a year: its form and its table."""

import datetime as dt

import django_tables2 as tables
from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind
from thidua.awards.interfaces.tables import ATTRS
from thidua.awards.models import Award
from thidua.clusters.models import Cluster
from thidua.core.forms import FilterForm, YearField
from thidua.core.search import apply_search

SEARCH_WIDGET = forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")})
DEFAULT_AWARD, DEFAULT_COUNT = "cstd-cs", 3


class ConsecutiveForm(FilterForm):
    award = forms.ModelChoiceField(label=_("Danh hiệu"), queryset=None, empty_label=None)
    count = forms.TypedChoiceField(label=_("Số năm liên tục"), coerce=int,
                                   choices=[(n, str(n)) for n in range(1, 11)])
    year = YearField(label=_("Đến hết năm"), min_value=1945, max_value=2100,
                     widget=forms.NumberInput(attrs={"min": 1945, "max": 2100}))
    q = forms.CharField(label=_("Tên người, tập thể"), required=False, widget=SEARCH_WIDGET)
    don_vi = forms.CharField(label=_("Đơn vị"), required=False, widget=SEARCH_WIDGET)
    # A typed name rather than a select box of every cluster of the country (1.400 at national scale); a link
    # may still name one cluster by its id.
    cum = forms.CharField(label=_("Cụm, khối (thành viên trong năm)"), required=False, widget=forms.TextInput(
        attrs={"placeholder": _("Tên cụm, khối (gõ không dấu được)")}))
    cluster = forms.IntegerField(label=_("Cụm, khối"), required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(label=_("Mã số đơn vị"), required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data else {}
        if not data.get("award"):  # the first visit: CSTĐCS, 3 years, up to last year
            data["award"] = Award.objects.filter(code=DEFAULT_AWARD).values_list("pk", flat=True).first()
            data["count"] = data.get("count") or DEFAULT_COUNT
            data["year"] = data.get("year") or dt.date.today().year - 1
        super().__init__(data, **kwargs)
        self.fields["award"].queryset = Award.objects.filter(kind=AwardKind.TITLE).order_by("sort_key")

    def clusters(self) -> QuerySet | None:
        """The clusters whose members to list (call after is_valid()): those named as typed, or the one of the
        id; None for every unit."""
        data = self.cleaned_data
        if not data.get("cum") and not data.get("cluster"):
            return None
        clusters = Cluster.objects.all()
        if data.get("cluster"):
            clusters = clusters.filter(pk=data["cluster"])
        return apply_search(clusters, data.get("cum"))


def _years(record, table) -> str:
    start, end = record["run_from"], table.last_year
    return str(end) if start == end else f"{start}–{end}"


class PeopleRunTable(tables.Table):
    """One row per person: the run of years ending in the chosen year."""
    total_noun = _("người")

    name = tables.Column(verbose_name=_("Họ và tên"), order_by=("sort_key", "holder"))
    unit_name = tables.Column(verbose_name=_("Đơn vị hiện nay"), order_by=("unit_sort_key", "sort_key", "holder"))
    years = tables.Column(verbose_name=_("Các năm đạt liên tục"), accessor="run_from",
                          order_by=("run_from", "sort_key", "holder"))
    run_length = tables.Column(verbose_name=_("Số năm liên tục"), order_by=("run_length", "sort_key", "holder"),
                               attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    note = tables.Column(verbose_name=_("Ghi chú"), accessor="under_discipline", orderable=False)

    class Meta:
        attrs = {**ATTRS, "id": "consecutive-table"}
        order_by = ("-run_length", "name")

    def __init__(self, data, *, last_year: int, **kwargs):
        super().__init__(data, **kwargs)
        self.last_year = last_year

    def render_name(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("awards:person_history", args=[record["holder"]]), value)

    def render_unit_name(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("awards:unit_history", args=[record["unit_pk"]]), value)

    def value_name(self, value):
        return value

    def value_unit_name(self, value):
        return value

    def render_years(self, record):
        return _years(record, self)

    def value_years(self, record):
        return _years(record, self)

    def render_note(self, value):
        return _("Đang bị kỷ luật") if value else ""

    def value_note(self, value):
        return _("Đang bị kỷ luật") if value else ""


class UnitRunTable(PeopleRunTable):
    """One row per collective (the unit itself): collective titles."""

    total_noun = _("tập thể")
    name = tables.Column(verbose_name=_("Tập thể"), order_by=("sort_key", "holder"))
    unit_name = None
    note = None

    def render_name(self, record, value):
        return format_html('<a href="{}">{}</a>', reverse("awards:unit_history", args=[record["holder"]]), value)
