"""The council's vote thresholds on the "Quy định" pages (national: the system administrator's): the share of ALL
council members each award needs under each rule set, with its article, and whether it is carried over from an
earlier decree without being verified."""

from fractions import Fraction

import django_filters
import django_tables2 as tables
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.domain.money import in_force
from thidua.awards.models import Award, RuleSet
from thidua.core.dated import period_text
from thidua.core.forms import FilterForm, IntegerNumberField
from thidua.core.law_pages import LawForm, LawRowsTable, LawTable, add_errors
from thidua.core.search import apply_search
from thidua.voting.domain import law
from thidua.voting.domain.tally import fraction_text
from thidua.voting.models import VoteThreshold


class ThresholdForm(LawForm):
    class Meta:
        model = VoteThreshold
        fields = law.THRESHOLD_FIELDS
        field_classes = {"numerator": IntegerNumberField, "denominator": IntegerNumberField}
        labels = {"award": _("Danh hiệu, hình thức"), "rule_set": _("Bộ quy định")}
        help_texts = {"numerator": _("Ví dụ 9 và 10 cho ≥ 90%, 4 và 5 cho ≥ 80% tổng số thành viên hội đồng."),
                      "article": _("Ví dụ: Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.order_by("sort_key")
        if self.instance.pk:  # a row is its award under its rule set; another pair is another row
            self.fields["award"].disabled = self.fields["rule_set"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("award") and data.get("rule_set"):
            row = VoteThreshold(pk=self.instance.pk, award=data["award"], rule_set=data["rule_set"],
                                numerator=data.get("numerator") or 0, denominator=data.get("denominator") or 0,
                                basis=data.get("basis") or "", article=data.get("article") or "")
            try:  # the domain's rule, said on the field
                law.check_threshold(row)
            except forms.ValidationError as error:
                add_errors(self, error)
        return data


class ThresholdFilter(django_filters.FilterSet):
    rule_set = django_filters.ModelChoiceFilter(label=_("Bộ quy định"), queryset=RuleSet.objects.order_by("-valid_from"),
                                                empty_label=_("— Tất cả —"))
    q = django_filters.CharFilter(label=_("Danh hiệu, hình thức"), method="search",
                                  widget=forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")}))

    class Meta:
        model = VoteThreshold
        form = FilterForm
        fields = ["rule_set", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(award__in=apply_search(Award.objects.all(), value))


class ThresholdTable(LawRowsTable):
    award = tables.Column(verbose_name=_("Danh hiệu, hình thức"), accessor="award__name", order_by=("award__sort_key",))
    rule_set = tables.Column(verbose_name=_("Bộ quy định"), accessor="rule_set__name", order_by=("rule_set__valid_from",))
    period = tables.Column(verbose_name=_("Thời gian áp dụng"), accessor="rule_set", orderable=False)
    share = tables.Column(verbose_name=_("Tỷ lệ đạt"), accessor="numerator", orderable=False)
    basis = tables.Column(verbose_name=_("Tính tỷ lệ"))
    article = tables.Column(verbose_name=_("Căn cứ"))
    carried_over = tables.Column(verbose_name=_("Chuyển tiếp, chưa xác minh"))

    class Meta(LawRowsTable.Meta):
        sequence = ["award", "rule_set", "period", "share", "basis", "article", "carried_over", "actions"]

    def render_period(self, value):
        return period_text(value)

    def value_period(self, value):
        return period_text(value)

    def render_share(self, record):
        return f"{'>' if record.strict else '≥'} {fraction_text(Fraction(record.numerator, record.denominator))}"

    def value_share(self, record):
        return self.render_share(record)

    def render_carried_over(self, value):
        return _("Có") if value else ""

    def value_carried_over(self, value):
        return self.render_carried_over(value)


class VoteThresholds(LawTable):
    name = "vote_thresholds"
    path = "ty-le-bieu-quyet"
    title = _("Tỷ lệ biểu quyết của hội đồng")
    intro = _("Tỷ lệ phiếu đồng ý trên tổng số thành viên hội đồng thi đua - khen thưởng mà từng danh hiệu cần, theo "
              "từng bộ quy định (Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7: ≥ 90% với Chiến sĩ thi đua toàn quốc, cấp "
              "tỉnh; ≥ 80% với Chiến sĩ thi đua cơ sở, Cờ thi đua). Dòng “chuyển tiếp, chưa xác minh” giữ tỷ lệ của "
              "văn bản trước cho đến khi đối chiếu được điều khoản. Phiên bỏ phiếu giữ tỷ lệ đã áp dụng khi mở. "
              "Quản trị hệ thống cập nhật cho mọi tỉnh.")
    model = VoteThreshold
    form_class = ThresholdForm
    table_class = ThresholdTable
    filterset_class = ThresholdFilter
    fields = law.THRESHOLD_FIELDS
    dating = None
    locked = ("award", "rule_set")
    order_by = ("-rule_set", "award")

    def rows(self, user):
        return VoteThreshold.objects.select_related("award", "rule_set")

    def default_filters(self):
        """The rule set in force today ("— Tất cả —" shows every set)."""
        current = in_force(RuleSet.objects.order_by("-valid_from"), timezone.localdate())
        return {"rule_set": str(current.pk)} if current else {}

    def uses(self, row):
        return law.threshold_uses(row)

    def write(self, row):
        return law.threshold_write(row)

    def save(self, form, actor):
        law.save_threshold(form.instance, actor, form.cleaned_data.get("version", ""))


NATIONAL_TABLES = [VoteThresholds()]
