"""The awards' law tables on the "Quy định" pages: rule sets, an award's terms under each rule set, base salaries
(national: the system administrator's) and a province's names for catalogue awards (the province's)."""

import datetime as dt

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.domain import law
from thidua.awards.domain.money import in_force
from thidua.awards.models import Award, AwardLocalName, AwardTerms, BaseSalary, RuleSet
from thidua.core.dated import period_text
from thidua.core.formatting import format_date, format_number
from thidua.core.forms import FilterForm, IntegerNumberField, NumberField
from thidua.core.law_pages import LawForm, LawRowsTable, LawTable, PeriodColumn, add_errors
from thidua.core.search import apply_search
from thidua.orgs.interfaces.law import ProvinceLawForm, ProvinceLawTable

NUMBER_CELL = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


def _number(value) -> str:
    return format_number(value.normalize()) if hasattr(value, "normalize") else format_number(value)


# -- rule sets ----------------------------------------------------------------------------------------------------


class RuleSetForm(LawForm):
    class Meta:
        model = RuleSet
        fields = law.RULE_SET_FIELDS
        help_texts = {"code": _("Chữ thường không dấu, ví dụ nd152-2025."),
                      "valid_to": _("Ngày cuối cùng còn hiệu lực; để trống nếu đang áp dụng.")}


class RuleSetTable(LawRowsTable):
    code = tables.Column(verbose_name=_("Mã"))
    name = tables.Column(verbose_name=_("Văn bản"))
    period = PeriodColumn(order_by=("valid_from",))

    class Meta(LawRowsTable.Meta):
        sequence = ["name", "code", "period", "actions"]


class RuleSets(LawTable):
    name = "rule_sets"
    path = "bo-quy-dinh"
    title = _("Bộ quy định theo thời kỳ")
    intro = _("Nghị định hướng dẫn Luật Thi đua, khen thưởng áp dụng cho từng thời kỳ (Nghị định 98/2023/NĐ-CP đến "
              "30/6/2025, Nghị định 152/2025/NĐ-CP từ 1/7/2025). Mỗi ngày chỉ một bộ quy định; mỗi quyết định ghi "
              "bộ quy định đã áp dụng. Quản trị hệ thống cập nhật cho mọi tỉnh.")
    model = RuleSet
    form_class = RuleSetForm
    table_class = RuleSetTable
    fields = law.RULE_SET_FIELDS
    locked = ("code", "valid_from")
    order_by = ("-period",)

    def write(self, row):
        return law.rule_set_write(row)

    def save(self, form, actor):
        law.save_rule_set(form.instance, actor, form.cleaned_data.get("version", ""))


# -- an award's terms ---------------------------------------------------------------------------------------------


class TermsForm(LawForm):
    class Meta:
        model = AwardTerms
        fields = law.TERMS_FIELDS
        field_classes = {"rank": IntegerNumberField, "cash_individual": NumberField, "cash_collective": NumberField}
        labels = {"award": _("Danh hiệu, hình thức"), "rule_set": _("Bộ quy định")}
        help_texts = {"cash_individual": _("Số lần mức lương cơ sở, ví dụ 0,3; để trống nếu không có."),
                      "cash_collective": _("Số lần mức lương cơ sở, ví dụ 1,5; để trống nếu không có.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.order_by("sort_key")
        if self.instance.pk:  # a row is its award under its rule set; another pair is another row
            self.fields["award"].disabled = self.fields["rule_set"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("award") and data.get("rule_set"):
            try:  # the domain's rule, said on the field before the database constraint says it its own way
                law.check_terms(AwardTerms(pk=self.instance.pk, award=data["award"], rule_set=data["rule_set"]))
            except forms.ValidationError as error:
                add_errors(self, error)
        return data


class TermsFilter(django_filters.FilterSet):
    rule_set = django_filters.ModelChoiceFilter(label=_("Bộ quy định"), queryset=RuleSet.objects.order_by("-valid_from"),
                                                empty_label=_("— Tất cả —"))
    q = django_filters.CharFilter(label=_("Danh hiệu, hình thức"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")}))

    class Meta:
        model = AwardTerms
        form = FilterForm
        fields = ["rule_set", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(award__in=apply_search(Award.objects.all(), value))


class TermsTable(LawRowsTable):
    award = tables.Column(verbose_name=_("Danh hiệu, hình thức"), accessor="award__name", order_by=("award__sort_key",))
    rule_set = tables.Column(verbose_name=_("Bộ quy định"), accessor="rule_set__name", order_by=("rule_set__valid_from",))
    period = tables.Column(verbose_name=_("Thời gian áp dụng"), accessor="rule_set", orderable=False)
    decided_by = tables.Column(verbose_name=_("Thẩm quyền quyết định"))
    rank = tables.Column(verbose_name=_("Thứ bậc"), attrs=NUMBER_CELL)
    cash_individual = tables.Column(verbose_name=_("Hệ số cá nhân"), attrs=NUMBER_CELL)
    cash_collective = tables.Column(verbose_name=_("Hệ số tập thể"), attrs=NUMBER_CELL)
    article = tables.Column(verbose_name=_("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["award", "rule_set", "period", "decided_by", "rank", "cash_individual", "cash_collective",
                    "article", "actions"]

    def render_period(self, value):
        return period_text(value)

    def value_period(self, value):
        return period_text(value)

    def render_cash_individual(self, value):
        return _number(value)

    def render_cash_collective(self, value):
        return _number(value)


class Terms(LawTable):
    name = "award_terms"
    path = "he-so-tien-thuong"
    title = _("Thẩm quyền và hệ số tiền thưởng")
    intro = _("Cho từng danh hiệu, hình thức theo từng bộ quy định: cấp quyết định, thứ bậc và số lần mức lương cơ "
              "sở của tiền thưởng (Nghị định 91/2017/NĐ-CP, Điều 69–73; Nghị định 98/2023/NĐ-CP, Điều 54–58; Nghị "
              "định 152/2025/NĐ-CP, Điều 50–54). Thời gian áp dụng là của bộ quy định. Quản trị hệ thống cập nhật cho "
              "mọi tỉnh.")
    model = AwardTerms
    form_class = TermsForm
    table_class = TermsTable
    filterset_class = TermsFilter
    fields = law.TERMS_FIELDS
    dating = None
    locked = ("award", "rule_set")
    order_by = ("-rule_set", "award")

    def rows(self, user):
        return AwardTerms.objects.select_related("award", "rule_set")

    def default_filters(self):
        """The rule set in force today ("— Tất cả —" shows every set)."""
        current = in_force(RuleSet.objects.order_by("-valid_from"), timezone.localdate())
        return {"rule_set": str(current.pk)} if current else {}

    def uses(self, row):
        return law.terms_uses(row)

    def write(self, row):
        return law.terms_write(row)

    def save(self, form, actor):
        law.save_terms(form.instance, actor, form.cleaned_data.get("version", ""))


# -- base salaries ------------------------------------------------------------------------------------------------


class BaseSalaryForm(LawForm):
    class Meta:
        model = BaseSalary
        fields = law.SALARY_FIELDS
        field_classes = {"amount": IntegerNumberField}
        labels = {"legal_ref": _("Căn cứ (nghị định)")}
        help_texts = {"amount": _("Đồng, ví dụ 2.340.000."), "legal_ref": _("Ví dụ: Nghị định 73/2024/NĐ-CP.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = 1
        self.fields["legal_ref"].required = True


class BaseSalaryTable(LawRowsTable):
    amount = tables.Column(verbose_name=_("Mức lương cơ sở (đồng)"), attrs=NUMBER_CELL)
    valid_from = tables.Column(verbose_name=_("Áp dụng từ"))
    until = tables.Column(verbose_name=_("Đến hết ngày"), accessor="next_from", orderable=False)
    legal_ref = tables.Column(verbose_name=_("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["amount", "valid_from", "until", "legal_ref", "actions"]

    def render_amount(self, value):
        return format_number(value)

    def value_amount(self, value):
        return value

    def render_valid_from(self, value):
        return format_date(value)

    def render_until(self, value):
        return format_date(value - dt.timedelta(days=1))

    def value_until(self, value):
        return format_date(value - dt.timedelta(days=1)) if value else ""


class BaseSalaries(LawTable):
    name = "base_salaries"
    path = "luong-co-so"
    title = _("Mức lương cơ sở")
    intro = _("Tiền thưởng tính theo mức lương cơ sở áp dụng vào ngày ký quyết định (Nghị định 152/2025/NĐ-CP, "
              "Điều 49). Mỗi mức áp dụng từ ngày của nó đến trước ngày mức sau bắt đầu; một mức nhập trước cho ngày "
              "trong tương lai chỉ áp dụng từ ngày đó. Quản trị hệ thống cập nhật cho mọi tỉnh.")
    model = BaseSalary
    form_class = BaseSalaryForm
    table_class = BaseSalaryTable
    fields = law.SALARY_FIELDS
    dating = law.SALARY_DATING
    locked = ("amount", "valid_from")
    order_by = ("-valid_from",)

    def rows(self, user):
        following = BaseSalary.objects.filter(valid_from__gt=OuterRef("valid_from")).order_by("valid_from")
        return BaseSalary.objects.annotate(next_from=Subquery(following.values("valid_from")[:1]))

    def uses(self, row):
        return law.salary_uses(row)

    def write(self, row):
        return law.salary_write(row)

    def save(self, form, actor):
        law.save_base_salary(form.instance, actor, form.cleaned_data.get("version", ""))


# -- a province's names for catalogue awards ----------------------------------------------------------------------


class LocalNameForm(ProvinceLawForm):
    national_rows = False

    class Meta:
        model = AwardLocalName
        fields = law.LOCAL_NAME_FIELDS
        help_texts = {"name": _("Như quyết định của tỉnh ghi, ví dụ “Cờ thi đua của Ủy ban nhân dân tỉnh”."),
                      "decision_ref": _("Văn bản của tỉnh quy định tên này.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.order_by("sort_key")


class LocalNameTable(LawRowsTable):
    organiser = tables.Column(verbose_name=_("Tỉnh"), accessor="organiser__name", order_by=("organiser__sort_key",))
    award = tables.Column(verbose_name=_("Danh hiệu, hình thức trong danh mục"), accessor="award__name",
                          order_by=("award__sort_key",))
    local_name = tables.Column(verbose_name=_("Tên ghi trong quyết định của tỉnh"), accessor="name")
    period = PeriodColumn(order_by=("valid_from",))
    decision_ref = tables.Column(verbose_name=_("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["organiser", "award", "local_name", "period", "decision_ref", "actions"]


class LocalNames(ProvinceLawTable):
    name = "local_names"
    path = "ten-khen-thuong-cua-tinh"
    title = _("Tên danh hiệu, hình thức của tỉnh")
    intro = _("Tên quyết định của tỉnh ghi cho một danh hiệu, hình thức trong danh mục, ví dụ “Cờ thi đua của Ủy "
              "ban nhân dân tỉnh” cho “Cờ thi đua của bộ, ban, ngành, tỉnh”. Cán bộ thi đua của tỉnh cập nhật cho "
              "tỉnh mình. Chưa dùng khi in văn bản.")
    model = AwardLocalName
    form_class = LocalNameForm
    table_class = LocalNameTable
    fields = law.LOCAL_NAME_FIELDS
    order_by = ("organiser", "award")

    def rows(self, user):
        return super().rows(user).select_related("award")

    def write(self, row):
        return law.local_name_write(row)

    def save(self, form, actor):
        law.save_local_name(form.instance, actor, form.cleaned_data.get("version", ""))


NATIONAL_TABLES = [RuleSets(), Terms(), BaseSalaries()]
PROVINCE_TABLES = [LocalNames()]
