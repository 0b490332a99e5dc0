import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField

from thidua.core.forms import FilterForm, shared_queryset
from thidua.core.search import apply_search
from thidua.orgs.domain.areas import areas_merged_into, name_with_successor, province_choices
from thidua.orgs.enums import PersonStatus, UnitKind, WorkerCategory
from thidua.orgs.models import Person, Sector, Unit

SEARCH_WIDGET = forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")})


class AreaChoiceField(ModelChoiceField):
    """A province select whose former provinces say what they became: "Hà Giang (nay là tỉnh Tuyên Quang)"."""

    def label_from_instance(self, obj):
        return name_with_successor(obj)


class ProvinceFilter(django_filters.ModelChoiceFilter):
    """A list's province filter through the merger of 1/7/2025 (orgs.domain.areas): a province in force finds
    the records of the provinces merged into it too (`area_id IN (…)`, an indexed lookup), a former province
    its own. The choices are the provinces in force, then the former ones that have records, each labelled
    with the province it became. `rows` gives the records listed (a function, so that django-filter's copy of
    the filter for every request copies no query); `every_current` offers every province in force, not only
    those with records."""

    field_class = AreaChoiceField

    def __init__(self, *args, rows, every_current=False, **kwargs):
        kwargs.setdefault("queryset", lambda request=None: province_choices(rows(), every_current=every_current))
        kwargs.setdefault("empty_label", _("— Tất cả —"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.field_name}__in": areas_merged_into(value)})


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search", widget=SEARCH_WIDGET)
    area = ProvinceFilter(label=_("Tỉnh, thành phố"), rows=Unit.objects.all, every_current=True)
    sector = django_filters.ModelChoiceFilter(label=_("Ngành"),
                                              queryset=shared_queryset(Sector.objects.order_by("sort_key")),
                                              empty_label=_("— Tất cả —"))
    kind = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=UnitKind.choices, empty_label=_("— Tất cả —"))

    class Meta:
        model = Unit
        form = FilterForm
        fields = ["q", "area", "sector", "kind"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Họ tên"), method="search", widget=SEARCH_WIDGET)
    # The unit by its name (accent-free, any word): among the people the list shows already, so only the units
    # the user may see give rows; the (unit, sort key) index reads them in order.
    don_vi = django_filters.CharFilter(label=_("Đơn vị"), method="search_unit",
                                       widget=forms.TextInput(attrs={"placeholder": _("Tên đơn vị")}))
    unit = django_filters.NumberFilter(label=_("Mã số đơn vị"), field_name="unit_id", widget=forms.HiddenInput)
    category = django_filters.ChoiceFilter(label=_("Đối tượng"), choices=WorkerCategory.choices, empty_label=_("— Tất cả —"))
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=PersonStatus.choices, empty_label=_("— Tất cả —"))

    class Meta:
        model = Person
        form = FilterForm
        fields = ["q", "don_vi", "unit", "category", "status"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)

    def search_unit(self, queryset, name, value):
        return queryset.filter(unit_id__in=apply_search(Unit.objects.all(), value).values("pk"))
