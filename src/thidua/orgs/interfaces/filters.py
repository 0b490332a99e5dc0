import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import FilterForm, shared_queryset
from thidua.core.search import apply_search
from thidua.orgs.enums import PersonStatus, UnitKind, WorkerCategory
from thidua.orgs.models import Area, Person, Sector, Unit

SEARCH_WIDGET = forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")})


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search", widget=SEARCH_WIDGET)
    area = django_filters.ModelChoiceFilter(label=_("Tỉnh, thành phố"),
                                            queryset=shared_queryset(Area.objects.order_by("sort_key")),
                                            empty_label=_("— Tất cả —"))
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
    unit = django_filters.NumberFilter(label=_("Mã số đơn vị"), field_name="unit_id", widget=forms.HiddenInput)
    category = django_filters.ChoiceFilter(label=_("Đối tượng"), choices=WorkerCategory.choices, empty_label=_("— Tất cả —"))
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=PersonStatus.choices, empty_label=_("— Tất cả —"))

    class Meta:
        model = Person
        form = FilterForm
        fields = ["q", "unit", "category", "status"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)
