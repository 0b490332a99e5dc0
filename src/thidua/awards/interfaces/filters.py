"""The registry's filters: accent-free name search, year, award, level, subject, type, unit."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardType, Level, Subject
from thidua.awards.models import Award, AwardRecord
from thidua.core.forms import FilterForm, YearFilter, shared_queryset
from thidua.core.search import apply_search
from thidua.orgs.models import Unit

SEARCH_WIDGET = forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")})


class RegistryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tên người, tập thể được khen"), method="search", widget=SEARCH_WIDGET)
    year = YearFilter(label=_("Năm"), widget=forms.NumberInput(attrs={"min": 1945, "max": 2100}))
    award = django_filters.ModelChoiceFilter(label=_("Danh hiệu, hình thức"),
                                             queryset=shared_queryset(Award.objects.order_by("sort_key")),
                                             empty_label=_("— Tất cả —"))
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Level.choices, empty_label=_("— Tất cả —"))
    subject = django_filters.ChoiceFilter(label=_("Đối tượng"), choices=Subject.choices, empty_label=_("— Tất cả —"))
    award_type = django_filters.ChoiceFilter(label=_("Loại hình"), choices=AwardType.choices, empty_label=_("— Tất cả —"))
    don_vi = django_filters.CharFilter(label=_("Đơn vị"), method="search_unit", widget=SEARCH_WIDGET)
    unit = django_filters.NumberFilter(label=_("Mã số đơn vị"), field_name="unit_id", widget=forms.HiddenInput)

    class Meta:
        model = AwardRecord
        form = FilterForm
        fields = ["q", "year", "award", "level", "subject", "award_type", "don_vi", "unit"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)

    def search_unit(self, queryset, name, value):
        units = apply_search(Unit.objects.all(), value)
        return queryset.filter(unit_id__in=units.values("pk"))
