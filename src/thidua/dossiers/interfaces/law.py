"""The dossiers' law tables on the "Quy định" pages: the public-notice rules (national) and the submission
deadlines (a national row per case, and a province's own rows)."""

import django_tables2 as tables
from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import Award
from thidua.core.forms import IntegerNumberField
from thidua.core.law_pages import LawForm, LawRowsTable, LawTable, PeriodColumn
from thidua.dossiers.domain import law
from thidua.dossiers.models import DeadlineRule, NoticeRule
from thidua.orgs.interfaces.law import ProvinceLawForm, ProvinceLawTable

NUMBER_CELL = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


# -- notice rules -------------------------------------------------------------------------------------------------


class NoticeRuleForm(LawForm):
    class Meta:
        model = NoticeRule
        fields = law.NOTICE_FIELDS
        field_classes = {"working_days": IntegerNumberField}
        widgets = {"awards": forms.CheckboxSelectMultiple, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["awards"].queryset = Award.objects.order_by("sort_key")
        self.fields["working_days"].min_value = 1


class NoticeRuleTable(LawRowsTable):
    label = tables.Column(verbose_name=_("Trường hợp"))
    award_names = tables.Column(verbose_name=_("Danh hiệu, hình thức phải công khai"), empty_values=(),
                                orderable=False)
    working_days = tables.Column(verbose_name=_("Số ngày làm việc"), attrs=NUMBER_CELL)
    period = PeriodColumn(order_by=("valid_from",))
    source = tables.Column(verbose_name=_("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["label", "award_names", "working_days", "period", "source", "actions"]

    def render_award_names(self, record):
        return "; ".join(award.name for award in record.awards.all())

    def value_award_names(self, record):
        return self.render_award_names(record)


class NoticeRules(LawTable):
    name = "notice_rules"
    path = "cong-khai"
    title = _("Công khai danh sách đề nghị")
    intro = _("Danh hiệu, hình thức phải công khai danh sách để lấy ý kiến trước khi Hội đồng xét, và số ngày làm "
              "việc công khai (Nghị định 98/2023/NĐ-CP, Điều 46). Mỗi danh hiệu, hình thức chỉ thuộc một quy định "
              "trong một ngày. Quản trị hệ thống cập nhật cho mọi tỉnh.")
    model = NoticeRule
    form_class = NoticeRuleForm
    table_class = NoticeRuleTable
    fields = law.NOTICE_FIELDS
    locked = law.NOTICE_LOCKED
    order_by = ("-period",)

    def rows(self, user):
        return NoticeRule.objects.prefetch_related("awards")

    def write(self, row):
        return law.notice_rule_write(row)

    def save(self, form, actor):
        law.save_notice_rule(form.instance, form.cleaned_data["awards"], actor, form.cleaned_data.get("version", ""))


# -- deadlines ----------------------------------------------------------------------------------------------------


class DeadlineForm(ProvinceLawForm):
    class Meta:
        model = DeadlineRule
        fields = law.DEADLINE_FIELDS
        field_classes = {"day": IntegerNumberField, "month": IntegerNumberField, "year_offset": IntegerNumberField}
        help_texts = {"year_offset": _("0: cùng năm thành tích; 1: năm sau năm thành tích.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        # Rows loaded before first days were kept may stay without one; a new row gives it.
        self.fields["valid_from"].required = not (self.instance.pk and self.instance.valid_from is None)


class DeadlineTable(LawRowsTable):
    organiser = tables.Column(verbose_name=_("Tỉnh"), accessor="organiser__name", order_by=("organiser__sort_key",),
                              default=_("Toàn quốc"))
    case = tables.Column(verbose_name=_("Trường hợp"))
    label = tables.Column(verbose_name=_("Mô tả"))
    deadline = tables.Column(verbose_name=_("Hạn"), empty_values=(), order_by=("month", "day"))
    period = PeriodColumn(order_by=("valid_from",))
    source = tables.Column(verbose_name=_("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["organiser", "case", "label", "deadline", "period", "source", "actions"]

    def render_deadline(self, record):
        day = f"{record.day:02d}/{record.month:02d}"
        if record.year_offset == 1:
            return _("%(day)s năm sau năm thành tích") % {"day": day}
        if record.year_offset:
            return _("%(day)s, %(n)s năm sau năm thành tích") % {"day": day, "n": record.year_offset}
        return _("%(day)s năm thành tích") % {"day": day}

    def value_deadline(self, record):
        return str(self.render_deadline(record))


class Deadlines(ProvinceLawTable):
    name = "deadlines"
    path = "thoi-han-ho-so"
    title = _("Thời hạn nộp hồ sơ")
    intro = _("Hạn gửi hồ sơ đề nghị khen thưởng theo từng trường hợp. Dòng “Toàn quốc” là quy định chung (theo nghị "
              "định), do Quản trị hệ thống cập nhật; cán bộ thi đua của tỉnh ghi thời hạn riêng của tỉnh mình, áp "
              "dụng thay quy định chung cho hồ sơ gửi đến tỉnh.")
    model = DeadlineRule
    form_class = DeadlineForm
    table_class = DeadlineTable
    fields = law.DEADLINE_FIELDS
    order_by = ("case", "organiser")

    def write(self, row):
        return law.deadline_write(row)

    def save(self, form, actor):
        law.save_deadline(form.instance, actor, form.cleaned_data.get("version", ""))


NATIONAL_TABLES = [NoticeRules()]
PROVINCE_TABLES = [Deadlines()]
