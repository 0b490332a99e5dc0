"""What the reports keep that the records do not hold: the narrative paragraphs of a cluster year's report,
written by the head unit's staff before printing, and the figures a statistical form needs that no record holds
(staff counts and the like), typed by the province's or ministry's staff. Every figure that the records hold is
computed when a report is asked for, never stored here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearReport(models.Model):
    """The narrative of a cluster year's report (báo cáo tổng kết): section key → paragraphs as typed."""

    period = models.OneToOneField("clusters.EmulationPeriod", on_delete=models.CASCADE, related_name="year_report",
                                  verbose_name=_("năm thi đua"))
    sections = models.JSONField(_("các đoạn văn"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("sửa lần cuối"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người sửa"))

    class Meta:
        verbose_name = _("báo cáo tổng kết năm")
        verbose_name_plural = _("báo cáo tổng kết năm")

    def __str__(self):
        return str(self.period)


class StatisticalInput(models.Model):
    """The figures of one statistical form that no record holds, typed for one reporting organiser and report
    year: cell key → number, as the form set declares its input cells."""

    organiser = models.ForeignKey("orgs.Organiser", on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("cơ quan báo cáo"))
    form_set = models.CharField(_("bộ biểu mẫu"), max_length=40)
    form = models.CharField(_("biểu"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    values = models.JSONField(_("số liệu nhập"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("sửa lần cuối"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người sửa"))

    class Meta:
        verbose_name = _("số liệu nhập cho biểu thống kê")
        verbose_name_plural = _("số liệu nhập cho biểu thống kê")
        constraints = [models.UniqueConstraint(fields=["organiser", "form_set", "form", "year"],
                                               name="statistical_input_once")]

    def __str__(self):
        return f"{self.form_set} {self.form} {self.year}"
