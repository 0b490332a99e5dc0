"""The catalogue of titles and forms with their terms under each dated rule set, the base salary table, and the
registry of every award given (with the names and authority as written in the decision)."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind, AwardType, Level, Subject, TaskRating
from thidua.clusters.models import EmulationPeriod
from thidua.core.formatting import format_date, format_number
from thidua.core.models import NamedRecord
from thidua.orgs.models import Organiser, Person, Unit

MULTIPLE = {"max_digits": 6, "decimal_places": 2, "null": True, "blank": True}


class RuleSet(models.Model):
    """A dated set of rules: Decree 98/2023/NĐ-CP until 30/6/2025, Decree 152/2025/NĐ-CP from 1/7/2025."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("văn bản"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("bộ quy định")
        verbose_name_plural = _("bộ quy định")
        ordering = ["valid_from"]

    def __str__(self):
        return self.name


class Award(NamedRecord):
    """A title or form of commendation (its stable identity; its terms depend on the rule set)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=6, choices=AwardKind.choices)
    subjects = models.JSONField(_("đối tượng"), default=list)  # values of Subject
    level = models.CharField(_("cấp"), max_length=8, choices=Level.choices)
    law_article = models.CharField(_("điều luật"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name


class AwardTerms(models.Model):
    """An award under one rule set: who decides, its rank and its cash multiples of the base salary."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="terms")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="terms")
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=255, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), null=True, blank=True)
    cash_individual = models.DecimalField(_("hệ số tiền thưởng cá nhân"), **MULTIPLE)
    cash_collective = models.DecimalField(_("hệ số tiền thưởng tập thể"), **MULTIPLE)
    article = models.CharField(_("căn cứ"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("quy định theo thời kỳ")
        verbose_name_plural = _("quy định theo thời kỳ")
        constraints = [models.UniqueConstraint(fields=["award", "rule_set"], name="award_terms_rule_set")]

    def __str__(self):
        return f"{self.award} — {self.rule_set}"


class BaseSalary(models.Model):
    """Mức lương cơ sở, dated. Cash is computed on the salary in force at the decision date."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_ref = models.CharField(_("căn cứ"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{format_number(self.amount)} đồng từ {format_date(self.valid_from)}"


class AwardLocalName(models.Model):
    """The name a province's decisions print for a catalogue award — "Cờ thi đua của UBND tỉnh" for the catalogue's
    "Cờ thi đua của bộ, ban, ngành, tỉnh" — dated, with the province's act that sets it. Kept by the province's
    emulation administrator. Read by awards.domain.names (printed_names: the organiser whose decision prints the
    award, on the day of the paper): a proposal's papers and page, and a ballot's questions, print it; stored award
    records (AwardRecord) are not rewritten."""

    organiser = models.ForeignKey(Organiser, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(Award, verbose_name=_("danh hiệu, hình thức trong danh mục"), on_delete=models.PROTECT,
                              related_name="local_names")
    name = models.CharField(_("tên ghi trong quyết định của tỉnh"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("đến hết ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("tên danh hiệu, hình thức của tỉnh")
        verbose_name_plural = _("tên danh hiệu, hình thức của tỉnh")
        ordering = ["organiser", "award", "-valid_from"]

    def __str__(self):
        return self.name


class AwardRecord(models.Model):
    """One award given (one lượt). Keeps what the decision wrote: names, authority, number and date."""

    award = models.ForeignKey(Award, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT,
                              related_name="records")
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("theo quy định"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    person = models.ForeignKey(Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="awards")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="awards",
                             help_text=_("Cá nhân: đơn vị công tác khi được khen; tập thể: đơn vị hoặc đơn vị chủ quản."))
    recipient_name = models.CharField(_("tên ghi trong quyết định"), max_length=300)
    position_as_written = models.CharField(_("chức vụ ghi trong quyết định"), max_length=255, blank=True)
    direct_worker = models.BooleanField(_("người lao động trực tiếp"), default=False)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    award_type = models.CharField(_("loại hình khen thưởng"), max_length=10, choices=AwardType.choices,
                                  default=AwardType.MERIT)
    level = models.CharField(_("cấp khen"), max_length=8, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    signed_by = models.CharField(_("cấp quyết định, người ký"), max_length=255)
    initiative = models.ForeignKey("awards.Initiative", verbose_name=_("sáng kiến làm căn cứ"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="awards")
    cash_amount = models.PositiveBigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    period = models.ForeignKey(EmulationPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    search_text = models.CharField(max_length=300, editable=False, default="")

    class Meta:
        verbose_name = _("khen thưởng đã quyết định")
        verbose_name_plural = _("sổ khen thưởng")
        indexes = [
            models.Index(fields=["person", "year"], name="award_person_year"),
            models.Index(fields=["unit", "year"], name="award_unit_year"),
            # A year's members' figures (a cluster year's, a province's dashboards): by unit, subject, level and
            # direct worker, counted from the index alone (an index-only scan on PostgreSQL).
            models.Index(fields=["year", "unit", "subject", "level", "direct_worker"], name="award_year_unit_figures"),
            # The statistical forms (reports.domain.statforms): a province's or a ministry's awards decided in a
            # report period, by award, subject, type, direct worker and level, counted from the index alone.
            models.Index(fields=["unit", "decision_date", "award", "subject", "award_type", "direct_worker", "level"],
                         name="award_unit_decided_figures"),
            # The registry's default order, newest decision first (a decision date alone left every record of
            # the latest day to sort: thousands at national scale).
            models.Index(fields=["decision_date", "id"], name="award_decision_order"),
            # The registry lists newest first, filtered by year and by level.
            models.Index(fields=["-year", "-decision_date", "-id"], name="award_registry_order"),
            models.Index(fields=["level", "-year", "-decision_date"], name="award_level_order"),
            # Name search: the records of the names found in AwardRecordName, newest decision first, read one
            # name at a time (core.search.first_rows_by_name); the year and who may see a record (subject, unit:
            # awards.domain.queries.records_visible_to) carried along on PostgreSQL, so that a unit's officer's
            # search and its count are decided from the index alone (SQLite ignores INCLUDE).
            models.Index(fields=["search_text", "decision_date", "id"], include=["year", "subject", "unit"],
                         name="award_search_text_cover"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(subject="individual") | Q(person__isnull=False),
                                   name="award_individual_has_person"),
        ]

    def __str__(self):
        return f"{self.award} — {self.recipient_name} ({self.year})"

    def get_absolute_url(self):
        if self.person_id:
            return reverse("awards:person_history", args=[self.person_id])
        return reverse("awards:unit_history", args=[self.unit_id])


class UnitYearFigures(models.Model):
    """A unit's records of a year in the registry, counted: all of them (`n`), of collectives and of individuals
    by level, of households, and of individuals who are direct workers. One row per unit and year with records
    (some 2.000 for a province's three years, where its records are 128.000). Database triggers keep it exact on
    every insert, update, delete and truncate of a record (awards/count_table.py, core/count_table.py); the
    dashboards and figures that sum many units read it (reports.domain.figures.unit_counts)."""

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    n = models.IntegerField(default=0)
    collective_central = models.IntegerField(default=0)
    collective_local = models.IntegerField(default=0)
    collective_sector = models.IntegerField(default=0)
    individual_central = models.IntegerField(default=0)
    individual_local = models.IntegerField(default=0)
    individual_sector = models.IntegerField(default=0)
    household = models.IntegerField(default=0)
    direct_workers = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số lượt khen thưởng của đơn vị theo năm")
        verbose_name_plural = _("số lượt khen thưởng của đơn vị theo năm")
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="award_unit_year_figures_key")]

    def __str__(self):
        return f"{self.year} {self.unit_id}: {self.n}"


class AwardRecordName(models.Model):
    """Every distinct name of the registry (a record's `search_text`, its recipient's name folded): some
    170.000 for 10 million records at national scale. Registry search first finds the matching names here,
    then the records with those names through the index on (search_text, decision_date, id) — see
    thidua.core.search and core/name_index.py. Database triggers keep it filled on every insert and update of
    a record; a name no record has any more stays and matches nothing."""

    search_text = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("tên trong sổ khen thưởng (chỉ mục tìm kiếm)")
        verbose_name_plural = _("tên trong sổ khen thưởng (chỉ mục tìm kiếm)")
        constraints = [models.UniqueConstraint(fields=["search_text"], name="award_record_name_unique")]

    def __str__(self):
        return self.search_text


class AnnualRating(models.Model):
    """A person's or unit's task-completion rating for a year: the chains for higher forms need it."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("mức độ hoàn thành nhiệm vụ"), max_length=10, choices=TaskRating.choices)

    class Meta:
        verbose_name = _("xếp loại hoàn thành nhiệm vụ")
        verbose_name_plural = _("xếp loại hoàn thành nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], condition=Q(person__isnull=False),
                                    name="rating_person_year"),
            models.UniqueConstraint(fields=["unit", "year"], condition=Q(unit__isnull=False, person__isnull=True),
                                    name="rating_unit_year"),
        ]

    def __str__(self):
        return f"{self.person or self.unit} {self.year}: {self.get_rating_display()}"


class Discipline(models.Model):
    """A disciplinary measure: no award while it runs; achievements count again from its end (Decree 152 art 4)."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField(_("hình thức kỷ luật"), max_length=120)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")

    def __str__(self):
        return f"{self.person or self.unit}: {self.form}"

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class Initiative(models.Model):
    """An initiative (sáng kiến) or S&T work recognised; it may ground one commendation only (MoHA 5007/BNV-TĐKT)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=[
        ("unit", _("Cơ sở")), ("province", _("Bộ, ngành, tỉnh")), ("national", _("Toàn quốc"))], default="unit")
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=255, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")

    def __str__(self):
        return self.title
