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
    # A typed name rather than a select box of every cluster of the country (1.400 at national scale); a link
    # may still name one cluster by its id.
    cum = django_filters.CharFilter(label=_("Cụm, khối"), method="in_clusters_named", widget=forms.TextInput(
        attrs={"placeholder": _("Tên cụm, khối (gõ không dấu được)")}))
    cluster = django_filters.NumberFilter(label=_("Cụm, khối"), method="in_cluster", widget=forms.HiddenInput)

    class Meta:
        model = Movement
        form = FilterForm
        fields = ["q", "level", "kind", "year", "cum", "cluster"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)

    def in_year(self, queryset, name, value):
        return queryset.filter(Exists(PeriodLink.objects.filter(movement_id=OuterRef("pk"),
                                                                emulationperiod__year=value)))

    def in_cluster(self, queryset, name, value):
        return queryset.filter(Exists(PeriodLink.objects.filter(movement_id=OuterRef("pk"),
                                                                emulationperiod__cluster_id=value)))

    def in_clusters_named(self, queryset, name, value):
        clusters = apply_search(Cluster.objects.all(), value).values("pk")
        return queryset.filter(Exists(PeriodLink.objects.filter(movement_id=OuterRef("pk"),
                                                                emulationperiod__cluster_id__in=clusters)))
