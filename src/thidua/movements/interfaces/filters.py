import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import Cluster
from thidua.core.forms import FilterForm, YearFilter
from thidua.core.search import apply_search
from thidua.movements.enums import MovementKind, MovementLevel
from thidua.movements.models import Movement

PeriodLink = Movement.periods.through


class MovementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Tên, phương châm (gõ không dấu được)")}))
    level = django_filters.ChoiceFilter(label=_("Cấp phát động"), choices=MovementLevel.choices, empty_label=_("— Tất cả —"))
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=MovementKind.choices, empty_label=_("— Tất cả —"))
    year = YearFilter(label=_("Năm thi đua"), method="in_year")
    cluster = django_filters.ModelChoiceFilter(label=_("Cụm, khối"), queryset=Cluster.objects.order_by("sort_key"),
                                               empty_label=_("— Tất cả —"), method="in_cluster")

    class Meta:
        model = Movement
        form = FilterForm
        fields = ["q", "level", "kind", "year", "cluster"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)

    def in_year(self, queryset, name, value):
        return queryset.filter(Exists(PeriodLink.objects.filter(movement_id=OuterRef("pk"),
                                                                emulationperiod__year=value)))

    def in_cluster(self, queryset, name, value):
        return queryset.filter(Exists(PeriodLink.objects.filter(movement_id=OuterRef("pk"),
                                                                emulationperiod__cluster=value)))
