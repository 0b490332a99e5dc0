"""Movements (phong trào thi đua), the covenant each cluster signs for a year (giao ước thi đua), and each
member's registration of targets and titles (đăng ký thi đua)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import EmulationPeriod
from thidua.core.models import NamedRecord
from thidua.movements.enums import CovenantState, MovementKind, MovementLevel, TargetKind
from thidua.orgs.models import Unit


class Movement(NamedRecord):
    name = models.CharField(_("tên phong trào"), max_length=300)
    motto = models.CharField(_("phương châm, khẩu hiệu"), max_length=300, blank=True)
    kind = models.CharField(_("hình thức"), max_length=10, choices=MovementKind.choices, default=MovementKind.REGULAR)
    level = models.CharField(_("cấp phát động"), max_length=10, choices=MovementLevel.choices,
                             default=MovementLevel.CLUSTER)
    launched_by = models.CharField(_("cơ quan phát động"), max_length=255, blank=True)
    decision_ref = models.CharField(_("văn bản phát động"), max_length=255, blank=True)
    launched_on = models.DateField(_("ngày phát động"), null=True, blank=True)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    periods = models.ManyToManyField(EmulationPeriod, verbose_name=_("các năm thi đua tham gia"), blank=True,
                                     related_name="movements")

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    def searchable_names(self):
        return [self.name, self.motto]


class Covenant(models.Model):
    period = models.OneToOneField(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                                  related_name="covenant")
    title = models.CharField(_("tiêu đề"), max_length=300)
    preamble = models.TextField(_("căn cứ, mở đầu"), blank=True)
    place = models.CharField(_("địa điểm ký"), max_length=160, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=CovenantState.choices, default=CovenantState.DRAFT)
    opened_at = models.DateTimeField(_("mở ký lúc"), null=True, blank=True)
    signed_at = models.DateTimeField(_("ký đủ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self):
        return self.title


class CovenantItem(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung giao ước"))

    class Meta:
        verbose_name = _("nội dung giao ước")
        verbose_name_plural = _("nội dung giao ước")
        ordering = ["covenant", "order"]
        constraints = [models.UniqueConstraint(fields=["covenant", "order"], name="covenant_item_order")]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class CovenantSignature(models.Model):
    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=160)
    signed_on = models.DateField(_("ngày ký"))

    class Meta:
        verbose_name = _("chữ ký giao ước")
        verbose_name_plural = _("chữ ký giao ước")
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="covenant_signature_unit")]

    def __str__(self):
        return f"{self.unit} — {self.signer_name}"


class Registration(models.Model):
    """A member's registration for the year: the titles it aims for and its targets."""

    period = models.ForeignKey(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                               related_name="registrations")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations")
    aimed_titles = models.TextField(_("danh hiệu, hình thức khen thưởng đăng ký"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="registration_period_unit")]

    def __str__(self):
        return f"{self.unit} — {self.period.year}"


class RegistrationTarget(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=TargetKind.choices, default=TargetKind.QUANTITATIVE)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    target_value = models.DecimalField(_("giá trị đăng ký"), max_digits=14, decimal_places=2, null=True, blank=True)
    criterion = models.ForeignKey("scoring.Criterion", verbose_name=_("tiêu chí chấm điểm"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="targets")

    class Meta:
        verbose_name = _("chỉ tiêu đăng ký")
        verbose_name_plural = _("chỉ tiêu đăng ký")
        ordering = ["registration", "order"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], condition=models.Q(criterion__isnull=False),
                                    name="registration_target_criterion"),
        ]

    def __str__(self):
        return self.name
