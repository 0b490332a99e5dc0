"""Clusters and blocks, their emulation periods (one per year, with its own dates and phase),
the member units of each period, and the head and deputy of each period."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.clusters.domain.words import KindWords, kind_words
from thidua.clusters.enums import ChoiceMethod, ClusterKind, LeadershipRole, Phase
from thidua.core.models import NamedRecord
from thidua.orgs.models import Area, Organiser, Unit


class Cluster(NamedRecord):
    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên cụm, khối"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=8, choices=ClusterKind.choices, default=ClusterKind.CLUSTER)
    organiser = models.ForeignKey(Organiser, verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT,
                                  related_name="clusters")
    area = models.ForeignKey(Area, verbose_name=_("tỉnh, thành phố"), null=True, blank=True, on_delete=models.PROTECT)
    regulation_doc = models.CharField(_("quy chế hoạt động"), max_length=255, blank=True,
                                      help_text=_("Số, ký hiệu và ngày của văn bản ban hành quy chế"))
    description = models.TextField(_("ghi chú"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["sort_key"], name="cluster_sort"),
            models.Index(fields=["organiser", "sort_key"], name="cluster_organiser_sort"),
            models.Index(fields=["area", "sort_key"], name="cluster_area_sort"),
            models.Index(fields=["kind", "sort_key"], name="cluster_kind_sort"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:cluster_detail", args=[self.pk])

    def document_place(self) -> str:
        """The place name of a document's date line (ND 30/2020: the province where the issuing body sits)."""
        if self.area_id:
            return self.area.name
        if self.organiser.area_id:
            return self.organiser.area.name
        return ""

    @property
    def scope(self) -> str:
        return f"cluster:{self.pk}"

    @property
    def words(self) -> KindWords:
        """The words of its kind: "Trưởng cụm" or "Khối trưởng", … (clusters.domain.words)."""
        return kind_words(self.kind)


class EmulationPeriod(models.Model):
    """A cluster's emulation year. Its dates are its own: courts run from October to September."""

    cluster = models.ForeignKey(Cluster, verbose_name=_("cụm, khối"), on_delete=models.CASCADE,
                                related_name="periods")
    year = models.PositiveSmallIntegerField(_("năm thi đua"))
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=Phase.choices, default=Phase.SETUP)
    phase_changed_at = models.DateTimeField(_("chuyển giai đoạn lúc"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("năm thi đua")
        verbose_name_plural = _("năm thi đua")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="period_cluster_year"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="period_dates_order"),
        ]
        indexes = [models.Index(fields=["year", "cluster"], name="period_year_cluster")]

    def __str__(self):
        return f"{self.cluster} — năm {self.year}"

    def get_absolute_url(self):
        return reverse("clusters:period_detail", args=[self.pk])


class Membership(models.Model):
    period = models.ForeignKey(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                               related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="membership_period_unit")]
        indexes = [models.Index(fields=["unit", "period"], name="membership_unit_period")]

    def __str__(self):
        return f"{self.unit} — {self.period}"


class LeadershipTerm(models.Model):
    """The head or deputy of a period, how it was chosen and the decision or minutes that say so."""

    period = models.ForeignKey(EmulationPeriod, verbose_name=_("năm thi đua"), on_delete=models.CASCADE,
                               related_name="leadership_terms")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="leadership_terms")
    role = models.CharField(_("vai trò"), max_length=8, choices=LeadershipRole.choices)
    method = models.CharField(_("cách chọn"), max_length=12, choices=ChoiceMethod.choices)
    decision_ref = models.CharField(_("căn cứ (quyết định, biên bản)"), max_length=255, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("trưởng, phó cụm")
        verbose_name_plural = _("trưởng, phó cụm")
        ordering = ["period", "role"]
        constraints = [
            models.UniqueConstraint(fields=["period", "role"], condition=Q(role=LeadershipRole.HEAD),
                                    name="leadership_one_head"),
            models.UniqueConstraint(fields=["period", "unit"], name="leadership_period_unit"),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="leadership_unit_role")]

    def __str__(self):
        return f"{self.role_label}: {self.unit} ({self.period.year})"

    @property
    def role_label(self) -> str:
        """"Trưởng cụm" or "Khối trưởng", … as the period's cluster's kind says (select_related period__cluster)."""
        return self.period.cluster.words.role(self.role)
