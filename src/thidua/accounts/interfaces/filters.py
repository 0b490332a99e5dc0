import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.accounts.domain.scope import grantable_units, visible_assignments
from thidua.accounts.models import Role, User
from thidua.core.forms import FilterForm
from thidua.core.text import search_terms
from thidua.orgs.models import Unit

STATUS_CHOICES = [("active", _("Đang hoạt động")), ("inactive", _("Đã khóa"))]


def _units(request):
    if request is None:
        return Unit.objects.none()
    return grantable_units(request.user).order_by("sort_key")


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, tên đăng nhập"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")}))
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=_units, method="in_scope",
                                            empty_label=_("— Tất cả —"))
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=Role.choices, method="in_scope",
                                       empty_label=_("— Tất cả —"))
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=STATUS_CHOICES, method="by_status",
                                         empty_label=_("— Tất cả —"))

    class Meta:
        model = User
        form = FilterForm
        fields = ["q", "unit", "role", "status"]

    def search(self, queryset, name, value):
        """The typed text in the name, username or e-mail; or every accent-free word in the linked person's name."""
        value = value.strip()
        if not value:
            return queryset
        condition = Q(full_name__icontains=value) | Q(username__icontains=value) | Q(email__icontains=value)
        terms = search_terms(value)
        if terms:
            by_person = Q()
            for term in terms:
                by_person &= Q(person__search_text__contains=term)
            condition |= by_person
        return queryset.filter(condition)

    def in_scope(self, queryset, name, value):
        return queryset  # unit and role are read together in filter_queryset (one role of that unit)

    def by_status(self, queryset, name, value):
        return queryset.filter(is_active=value == "active")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        unit, role = self.form.cleaned_data.get("unit"), self.form.cleaned_data.get("role")
        if unit or role:
            assignments = visible_assignments(self.request.user)
            if unit:
                assignments = assignments.filter(unit=unit)
            if role:
                assignments = assignments.filter(role=role)
            queryset = queryset.filter(pk__in=assignments.values("user_id"))
        return queryset
