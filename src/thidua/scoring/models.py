"""A cluster year's criteria tree and scale, each member's score sheet (self-assessment, appraisal by the head,
explanation, second look, lock), evidence files, and the peer-review matrix."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import EmulationPeriod
from thidua.orgs.models import Unit
from thidua.scoring.enums import CriterionType, PeerRule, SheetState

POINTS = {"max_digits": 8, "decimal_places": 2}


def default_bands():
    # The cluster's regulation sets its bands; these defaults are a 100-point scale as many regulations use.
    return [{"label": "Xuất sắc", "min": 90}, {"label": "Tốt", "min": 80}, {"label": "Khá", "min": 65},
            {"label": "Trung bình", "min": 50}, {"label": "Yếu", "min": 0}]


def default_tie_rules():
    return ["peer", "bonus", "penalty", "name"]


class CriteriaSet(models.Model):
    """The scale of a cluster year, from its regulation: peer rule, weights, bands, tie rules."""

    period = models.OneToOneField(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                                  related_name="criteria_set")
    regulation_ref = models.CharField(_("căn cứ (quy chế, thang điểm)"), max_length=255, blank=True)
    peer_rule = models.CharField(_("cách tổng hợp điểm chấm chéo"), max_length=16, choices=PeerRule.choices,
                                 default=PeerRule.TRIMMED_MEAN)
    trim_count = models.PositiveSmallIntegerField(
        _("số điểm bỏ ở mỗi đầu (trung bình cắt)"), default=1,
        help_text=_("Bỏ ngần ấy điểm cao nhất và ngần ấy điểm thấp nhất trước khi lấy trung bình."))
    peer_weight = models.DecimalField(
        _("tỷ trọng điểm chấm chéo (%)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0 nghĩa là điểm chấm chéo chỉ dùng để xếp khi bằng điểm."))
    outlier_gap = models.DecimalField(
        _("ngưỡng lệch bất thường (điểm %)"), max_digits=5, decimal_places=2, default=Decimal("15"),
        help_text=_("Điểm chấm chéo lệch quá ngần ấy so với điểm tổng hợp thì được đánh dấu."))
    bands = models.JSONField(_("xếp loại theo điểm"), default=default_bands)
    tie_rules = models.JSONField(_("thứ tự xét khi bằng điểm"), default=default_tie_rules)
    max_evidence_mb = models.PositiveSmallIntegerField(_("dung lượng tối đa mỗi tệp minh chứng (MB)"), default=10)

    class Meta:
        verbose_name = _("bảng tiêu chí, thang điểm")
        verbose_name_plural = _("bảng tiêu chí, thang điểm")

    def __str__(self):
        return f"Bảng tiêu chí {self.period}"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mục"), max_length=20)
    name = models.CharField(_("tiêu chí"), max_length=500)
    type = models.CharField(_("loại"), max_length=16, choices=CriterionType.choices)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS, validators=[MinValueValidator(0)])
    points_per_occurrence = models.DecimalField(_("điểm mỗi lần"), **POINTS, null=True, blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def is_scored(self) -> bool:
        return self.type != CriterionType.GROUP

    @property
    def counts_toward_max(self) -> bool:
        """Bonus and penalty points sit on top of the scale; they do not raise the maximum."""
        return self.type in (CriterionType.QUANTITATIVE, CriterionType.PASS_FAIL, CriterionType.PER_OCCURRENCE)


class CriterionExclusion(models.Model):
    """A criterion that does not apply to a unit: it leaves that unit's maximum."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="exclusions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tiêu chí không áp dụng")
        verbose_name_plural = _("tiêu chí không áp dụng")
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="criterion_exclusion_unit")]

    def __str__(self):
        return f"{self.criterion.code} không áp dụng cho {self.unit}"


class ScoreSheet(models.Model):
    period = models.ForeignKey(EmulationPeriod, on_delete=models.CASCADE, related_name="score_sheets")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="score_sheets")
    state = models.CharField(_("trạng thái"), max_length=10, choices=SheetState.choices, default=SheetState.DRAFT)
    submitted_at = models.DateTimeField(_("gửi tự chấm lúc"), null=True, blank=True)
    appraised_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    explained_at = models.DateTimeField(_("giải trình lúc"), null=True, blank=True)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="score_sheet_period_unit")]

    def __str__(self):
        return f"Phiếu chấm điểm {self.unit} năm {self.period.year}"


class ScoreEntry(models.Model):
    """One criterion of one sheet: what the unit claimed, what the head appraised and why, the unit's
    explanation, and the head's second look. Values are the raw input (an achieved figure, a count, 1/0 for
    pass, points for bonus/penalty); points are computed from them by the criterion's rule."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="entries")
    self_value = models.DecimalField(_("số liệu tự chấm"), max_digits=14, decimal_places=2, null=True, blank=True)
    self_points = models.DecimalField(_("điểm tự chấm"), **POINTS, null=True, blank=True)
    self_comment = models.TextField(_("thuyết minh"), blank=True)
    appraised_value = models.DecimalField(_("số liệu thẩm định"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    appraised_points = models.DecimalField(_("điểm thẩm định"), **POINTS, null=True, blank=True)
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    explanation = models.TextField(_("giải trình của đơn vị"), blank=True)
    final_value = models.DecimalField(_("số liệu sau xem xét lại"), max_digits=14, decimal_places=2, null=True,
                                      blank=True)
    final_points = models.DecimalField(_("điểm sau xem xét lại"), **POINTS, null=True, blank=True)
    final_reason = models.TextField(_("kết luận xem xét lại"), blank=True)

    class Meta:
        verbose_name = _("điểm theo tiêu chí")
        verbose_name_plural = _("điểm theo tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_entry_sheet_criterion")]

    def __str__(self):
        return f"{self.sheet.unit} — {self.criterion.code}"

    @property
    def points(self):
        """The points that count: the second look, else the appraisal, else the self-assessment."""
        for value in (self.final_points, self.appraised_points, self.self_points):
            if value is not None:
                return value
        return None


def evidence_path(instance, filename):
    return f"evidence/{instance.entry.sheet.period_id}/{instance.entry.sheet.unit_id}/{filename}"


class Evidence(models.Model):
    entry = models.ForeignKey(ScoreEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self):
        return self.original_name


class PeerScore(models.Model):
    """One member's overall score (0–100) for another member."""

    period = models.ForeignKey(EmulationPeriod, on_delete=models.CASCADE, related_name="peer_scores")
    rater = models.ForeignKey(Unit, verbose_name=_("đơn vị chấm"), on_delete=models.PROTECT, related_name="+")
    ratee = models.ForeignKey(Unit, verbose_name=_("đơn vị được chấm"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("điểm chấm chéo")
        verbose_name_plural = _("điểm chấm chéo")
        constraints = [
            models.UniqueConstraint(fields=["period", "rater", "ratee"], name="peer_score_unique"),
            models.CheckConstraint(condition=~Q(rater=F("ratee")), name="peer_score_not_self"),
            models.CheckConstraint(condition=Q(points__gte=0) & Q(points__lte=100), name="peer_score_range"),
        ]

    def __str__(self):
        return f"{self.rater} chấm {self.ratee}: {self.points}"
