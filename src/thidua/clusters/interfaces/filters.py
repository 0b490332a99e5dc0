import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from thidua.clusters.enums import ClusterKind
from thidua.clusters.models import Cluster, EmulationPeriod
from thidua.core.forms import FilterForm, YearFilter, shared_queryset
from thidua.core.search import apply_search
from thidua.orgs.interfaces.filters import ProvinceFilter
from thidua.orgs.models import Organiser

# The select boxes offer what can match: the organisers and the provinces that have clusters (at national scale
# the 34 provinces in force, not the 86 records of the old and the new ones, and a former province only if a
# cluster still names it; not every organiser of the country).
ORGANISERS = Organiser.objects.filter(Exists(Cluster.objects.filter(organiser_id=OuterRef("pk")))).order_by("sort_key")


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Tên cụm, khối (gõ không dấu được)")}))
    organiser = django_filters.ModelChoiceFilter(label=_("Cơ quan tổ chức"), queryset=shared_queryset(ORGANISERS),
                                                 empty_label=_("— Tất cả —"))
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=ClusterKind.choices, empty_label=_("— Tất cả —"))
    year = YearFilter(label=_("Năm thi đua"), method="in_year")
    # A province in force finds the clusters of the provinces merged into it on 1/7/2025 too.
    area = ProvinceFilter(label=_("Tỉnh, thành phố"), rows=Cluster.objects.all)

    class Meta:
        model = Cluster
        form = FilterForm
        fields = ["q", "organiser", "kind", "year", "area"]

    def search(self, queryset, name, value):
        return apply_search(queryset, value)

    def in_year(self, queryset, name, value):
        return queryset.filter(Exists(EmulationPeriod.objects.filter(cluster=OuterRef("pk"), year=value)))
