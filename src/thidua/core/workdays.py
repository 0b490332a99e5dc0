"""The government's yearly working-day swaps (ngày làm bù, nghỉ bù) on the "Quy định" pages.

National, the system administrator's: the swaps for civil servants are set for the whole country by the
government's notice (Labour Code 2019, art 111–112; the Prime Minister's yearly decision, the Ministry's notice),
so a swap has no province (and core, below orgs, could not name one). One swap a day: a day's row decides it
(core.calendar). A swap on a day already passed was counted in the periods of that time: it is kept (not deleted,
its day and status no longer change)."""

import django_tables2 as tables
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core import calendar, dated
from thidua.core.formatting import format_date
from thidua.core.law_pages import LawForm, LawRowsTable, LawTable
from thidua.core.models import WorkdayOverride

FIELDS = ["day", "is_working_day", "reason", "source"]
LOCKED = ("day", "is_working_day")
DATING = dated.Dating(start="day", end=None)

# -- writes -------------------------------------------------------------------------------------------------------


def workday_uses(row: WorkdayOverride) -> list[str]:
    if row.pk and row.day < timezone.localdate():
        return [_("ngày đã qua, đã tính vào thời hạn")]
    return []


def write_for(row: WorkdayOverride) -> dated.Write:
    return dated.Write(fields=FIELDS, scope="law", dating=DATING, locked=LOCKED if workday_uses(row) else ())


@transaction.atomic
def save_workday(row: WorkdayOverride, actor=None, version: str = "") -> list[dict]:
    """A swap changes the day: a working day made a day off, or a weekend day or holiday made a working day."""
    if row.day and calendar.is_working_day(row.day) == row.is_working_day:
        usual = _("ngày làm việc") if row.is_working_day else _("ngày nghỉ")
        raise ValidationError({"is_working_day": _("Ngày %(day)s vốn đã là %(usual)s: không cần hoán đổi.")
                               % {"day": format_date(row.day), "usual": usual}})
    return dated.save_row(row, write_for(row), actor, version)


# -- page ---------------------------------------------------------------------------------------------------------


class WorkdayForm(LawForm):
    class Meta:
        model = WorkdayOverride
        fields = FIELDS
        help_texts = {"is_working_day": gettext_lazy("Đánh dấu nếu là ngày làm bù (đi làm); bỏ trống nếu là ngày "
                                                     "nghỉ bù.")}


class WorkdayTable(LawRowsTable):
    day = tables.Column(verbose_name=gettext_lazy("Ngày"))
    is_working_day = tables.Column(verbose_name=gettext_lazy("Hoán đổi thành"))
    reason = tables.Column(verbose_name=gettext_lazy("Lý do"))
    source = tables.Column(verbose_name=gettext_lazy("Căn cứ"))

    class Meta(LawRowsTable.Meta):
        sequence = ["day", "is_working_day", "reason", "source", "actions"]

    def render_day(self, value):
        return format_date(value)

    def render_is_working_day(self, value):
        return _("Ngày làm việc (làm bù)") if value else _("Ngày nghỉ (nghỉ bù)")

    def value_is_working_day(self, value):
        return self.render_is_working_day(value)


class Workdays(LawTable):
    name = "workdays"
    path = "ngay-lam-viec"
    title = gettext_lazy("Ngày làm việc hoán đổi")
    intro = gettext_lazy("Ngày làm bù, nghỉ bù theo thông báo hằng năm của Chính phủ, áp dụng cho cả nước; dùng khi "
                         "đếm ngày làm việc (thời gian công khai danh sách). Ngày lễ, Tết đã có sẵn. Quản trị hệ "
                         "thống cập nhật.")
    model = WorkdayOverride
    form_class = WorkdayForm
    table_class = WorkdayTable
    fields = FIELDS
    dating = DATING
    locked = LOCKED
    order_by = ("-day",)

    def uses(self, row):
        return workday_uses(row)

    def write(self, row):
        return write_for(row)

    def save(self, form, actor):
        save_workday(form.instance, actor, form.cleaned_data.get("version", ""))


NATIONAL_TABLES = [Workdays()]
