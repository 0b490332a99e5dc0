"""Conferences of a cluster year (launch, mid-year review sơ kết, year-end review tổng kết): when, where, who
hosted and chaired, who attended, the agenda and minutes, and the decisions taken."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import EmulationPeriod
from thidua.meetings.enums import ConferenceKind, DecisionKind
from thidua.orgs.models import Person, Unit


class Conference(models.Model):
    period = models.ForeignKey(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                               related_name="conferences")
    kind = models.CharField(_("loại hội nghị"), max_length=10, choices=ConferenceKind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=400)
    held_on = models.DateField(_("ngày họp"))
    time_of_day = models.CharField(_("thời gian"), max_length=60, blank=True, help_text=_("Ví dụ: buổi chiều, 14 giờ"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host = models.ForeignKey(Unit, verbose_name=_("đơn vị đăng cai"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    basis = models.TextField(_("căn cứ tổ chức"), blank=True,
                             help_text=_("Ví dụ: Hướng dẫn số 243/HD-SNV ngày 16/11/2023 của Sở Nội vụ"))
    agenda = models.TextField(_("chương trình"), blank=True)
    minutes = models.TextField(_("biên bản, nội dung chính"), blank=True)
    ends_at = models.CharField(_("giờ kết thúc"), max_length=60, blank=True, help_text=_("Ví dụ: 11 giờ 30 phút"))
    # The secretary (thư ký, who writes the minutes): picked from the people records or typed; rank and position
    # are copied as of the conference date, so a later change of the person does not rewrite old minutes.
    secretary = models.ForeignKey(Person, verbose_name=_("thư ký (hồ sơ cá nhân)"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    secretary_name = models.CharField(_("thư ký"), max_length=120, blank=True)
    secretary_rank = models.CharField(_("cấp bậc của thư ký"), max_length=60, blank=True)
    secretary_title = models.CharField(_("chức vụ của thư ký"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["period", "held_on"]

    def __str__(self):
        return self.title


class ConferenceChair(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="chairs")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("họ và tên"), max_length=120)
    title = models.CharField(_("chức vụ"), max_length=255)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    cluster_role = models.CharField(_("vai trò trong cụm"), max_length=120, blank=True)
    # Picked from the people records (name, rank and title copied as of the conference date) or typed.
    person = models.ForeignKey(Person, verbose_name=_("hồ sơ cá nhân"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    rank = models.CharField(_("cấp bậc, quân hàm"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("chủ trì")
        verbose_name_plural = _("chủ trì")
        ordering = ["conference", "order"]

    def __str__(self):
        return self.name


class ConferenceAttendance(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendances")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    represented_by = models.CharField(_("đại diện"), max_length=255, blank=True)
    # The representative picked from the unit's people (name, rank and position copied as of the conference
    # date), or only typed in represented_by when not in the records.
    person = models.ForeignKey(Person, verbose_name=_("hồ sơ cá nhân"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    rank = models.CharField(_("cấp bậc, quân hàm"), max_length=60, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("đơn vị dự")
        verbose_name_plural = _("đơn vị dự")
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="attendance_unique")]

    def __str__(self):
        return str(self.unit)


class ConferenceGuest(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    organisation = models.CharField(_("cơ quan"), max_length=255)

    class Meta:
        verbose_name = _("khách mời")
        verbose_name_plural = _("khách mời")

    def __str__(self):
        return self.name or self.organisation


class ConferenceDecision(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại quyết định"), max_length=14, choices=DecisionKind.choices)
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("quyết định tại hội nghị")
        verbose_name_plural = _("quyết định tại hội nghị")
        ordering = ["conference", "order"]

    def __str__(self):
        return self.text[:80]
