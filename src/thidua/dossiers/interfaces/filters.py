import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import FilterForm, YearFilter
from thidua.dossiers.enums import Channel, State
from thidua.dossiers.models import Proposal


class ProposalFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=State.choices, empty_label=_("— Tất cả —"))
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=Channel.choices, empty_label=_("— Tất cả —"))
    year = YearFilter(label=_("Năm thành tích"), widget=forms.NumberInput(attrs={"min": 1945}))
    hop = django_filters.CharFilter(label=_("Hộp"), method="keep", widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        form = FilterForm
        fields = ["state", "channel", "year", "hop"]

    def keep(self, queryset, name, value):
        return queryset  # the box is chosen by the view; kept here so the filters remember it
