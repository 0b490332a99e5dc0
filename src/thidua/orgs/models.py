"""Areas (provinces, with the 2025 mergers linked), sectors, units with dated names, and people."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core import text
from thidua.core.models import NamedRecord
from thidua.orgs.enums import (
    AreaKind,
    CouncilRole,
    Gender,
    OrganiserKind,
    PersonStatus,
    SuccessionKind,
    UnitKind,
    WorkerCategory,
)


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Area(NamedRecord):
    """A province or centrally-run city. Unchanged provinces are one row valid throughout; those merged on
    1/7/2025 end on 30/6/2025 and point to the province that took them in."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=16, choices=AreaKind.choices)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("sáp nhập vào"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["sort_key"]

    def __str__(self):
        if self.valid_to:
            return _("%(name)s (đến %(day)s)") % {"name": self.name, "day": f"{self.valid_to:%d/%m/%Y}"}
        return self.name

    def searchable_names(self):
        return [self.name]


class Sector(NamedRecord):
    """A sector (ngành): Tòa án, Kiểm sát, Công an, Quân sự, Biên phòng, THADS, …"""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên ngành"), max_length=120)

    class Meta:
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    def searchable_names(self):
        return [self.name]


class Organiser(NamedRecord):
    """Who organises clusters: a province and its emulation council, the Central council, or a sector."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên cơ quan tổ chức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=OrganiserKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("tỉnh, thành phố"), null=True, blank=True, on_delete=models.PROTECT)
    sector = models.ForeignKey(Sector, verbose_name=_("ngành"), null=True, blank=True, on_delete=models.PROTECT)
    council_name = models.CharField(_("hội đồng thi đua - khen thưởng"), max_length=255, blank=True)
    doc_abbreviation = models.CharField(
        _("chữ viết tắt tên cơ quan trên văn bản"), max_length=40, blank=True,
        help_text=_("Phần sau tên loại văn bản trong số, ký hiệu (Nghị định 30/2020/NĐ-CP), ví dụ UBND trong "
                    "“Số: 12/QĐ-UBND”."))

    class Meta:
        verbose_name = _("cơ quan tổ chức cụm, khối")
        verbose_name_plural = _("cơ quan tổ chức cụm, khối")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name


class Unit(NamedRecord):
    """An agency or unit (đơn vị) that can be a cluster member. Its current name is kept here for lists;
    every name it has had is in UnitName with dates, and mergers and renamings in UnitSuccession."""

    code = models.SlugField(_("mã đơn vị"), max_length=60, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    doc_abbreviation = models.CharField(
        _("chữ viết tắt tên cơ quan trên văn bản"), max_length=40, blank=True,
        help_text=_("Phần sau tên loại văn bản trong số, ký hiệu (Nghị định 30/2020/NĐ-CP), ví dụ TA trong "
                    "“Số: 12/TTr-TA”; do thủ trưởng cơ quan quy định."))
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices, default=UnitKind.AGENCY)
    sector = models.ForeignKey(Sector, verbose_name=_("ngành"), null=True, blank=True, on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    parent_outside = models.CharField(
        _("cấp trên ngoài tỉnh"), max_length=255, blank=True,
        help_text=_("Ví dụ: Trung đoàn CSCĐ Đông Bắc, Bộ Tư lệnh Cảnh sát cơ động - Bộ Công an"),
    )
    area = models.ForeignKey(Area, verbose_name=_("tỉnh, thành phố"), null=True, blank=True, on_delete=models.PROTECT)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("thành lập từ"), null=True, blank=True)
    valid_to = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["sort_key"], name="unit_sort"),
            models.Index(fields=["area", "sort_key"], name="unit_area_sort"),
            models.Index(fields=["sector", "sort_key"], name="unit_sector_sort"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:unit_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def name_on(self, day: dt.date) -> str:
        """The unit's name in force on a day, as decisions of that day wrote it."""
        for record in self.names.all():
            if (record.valid_from is None or record.valid_from <= day) and (
                record.valid_to is None or record.valid_to >= day
            ):
                return record.name
        return self.name


class UnitName(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tên đơn vị theo thời gian")
        verbose_name_plural = _("tên đơn vị theo thời gian")
        ordering = ["unit", "-valid_from"]

    def __str__(self):
        return self.name


class UnitSuccession(models.Model):
    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị trước"), on_delete=models.CASCADE,
                                    related_name="successions_out")
    successor = models.ForeignKey(Unit, verbose_name=_("đơn vị sau"), on_delete=models.CASCADE,
                                  related_name="successions_in")
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    on_date = models.DateField(_("từ ngày"))
    decision_ref = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="unit_succession_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Person(NamedRecord):
    """A person working (or having worked) in a unit. Whether they are a direct worker decides the
    'share to direct workers' figure of cluster reports."""

    full_name = models.CharField(_("họ và tên"), max_length=120)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    staff_code = models.CharField(_("mã cán bộ"), max_length=40, blank=True)
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    # Police, army and border-guard officers are named with their rank ("Đại tá Nguyễn Văn A") on minutes and
    # proposals; papers copy it as of their date.
    # A database default too: the bulk loaders (gen-data, COPY) write people without naming the column.
    rank = models.CharField(_("cấp bậc, quân hàm"), max_length=60, blank=True, default="", db_default="",
                            help_text=_("Ví dụ: Đại tá, Thượng úy"))
    category = models.CharField(_("đối tượng"), max_length=8, choices=WorkerCategory.choices,
                                default=WorkerCategory.DIRECT)
    status = models.CharField(_("tình trạng"), max_length=12, choices=PersonStatus.choices,
                              default=PersonStatus.WORKING)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="person_unit_sort"),
            models.Index(fields=["sort_key"], name="person_sort"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "staff_code"], condition=~Q(staff_code=""),
                                    name="person_unit_staff_code"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("orgs:person_detail", args=[self.pk])

    def searchable_names(self):
        return [self.full_name]


class PersonName(models.Model):
    """Every distinct name (sort key, search text) that people have: tens of thousands of rows for millions
    of people. Person search first finds the matching names here, then fetches the people with those sort
    keys through the sort-key index, already in order (see thidua.core.search and orgs/name_index.py).
    Database triggers keep it filled on every insert and update of a person; a name nobody has any more
    stays and matches nothing."""

    sort_key = models.CharField(max_length=text.SORT_KEY_LENGTH)
    search_text = models.CharField(max_length=600)

    class Meta:
        verbose_name = _("tên cá nhân (chỉ mục tìm kiếm)")
        verbose_name_plural = _("tên cá nhân (chỉ mục tìm kiếm)")
        constraints = [models.UniqueConstraint(fields=["sort_key", "search_text"], name="person_name_unique")]

    def __str__(self):
        return self.search_text


class Council(models.Model):
    """An organiser's emulation and commendation council (Hội đồng Thi đua - Khen thưởng). Its members, by term,
    are CouncilMember rows: who votes on a given day, who chairs it, who its secretariat is."""

    organiser = models.ForeignKey(Organiser, verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT,
                                  related_name="councils")
    name = models.CharField(_("tên hội đồng"), max_length=255,
                            help_text=_("Ví dụ: Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn"))
    decision_ref = models.CharField(_("quyết định thành lập, kiện toàn"), max_length=255, blank=True,
                                    help_text=_("Ví dụ: Quyết định số 12/QĐ-UBND ngày 05/01/2024 của UBND tỉnh"))

    class Meta:
        verbose_name = _("hội đồng thi đua - khen thưởng")
        verbose_name_plural = _("hội đồng thi đua - khen thưởng")
        ordering = ["organiser", "name"]
        constraints = [models.UniqueConstraint(fields=["organiser", "name"], name="council_organiser_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:council_detail", args=[self.pk])


class CouncilMember(models.Model):
    """One person's place in a council for a term: from `valid_from` to `valid_to`, both days included (a member
    whose last day is 9/3 does not vote on 10/3); no last day while the term runs. The person is linked to their
    record when they have one; the name and position are kept as the council's decision wrote them."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("cá nhân trong hồ sơ"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="council_memberships")
    name = models.CharField(_("họ và tên"), max_length=160)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True,
                                help_text=_("Ví dụ: Giám đốc Sở Nội vụ"))
    role = models.CharField(_("vị trí trong hội đồng"), max_length=12, choices=CouncilRole.choices,
                            default=CouncilRole.MEMBER)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến hết ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("căn cứ"), max_length=255, blank=True,
                                    help_text=_("Quyết định công nhận, kiện toàn hoặc thay đổi thành viên"))

    class Meta:
        verbose_name = _("thành viên hội đồng thi đua - khen thưởng")
        verbose_name_plural = _("thành viên hội đồng thi đua - khen thưởng")
        ordering = ["council", "valid_from", "pk"]
        indexes = [models.Index(fields=["council", "valid_from"], name="council_member_from")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="council_member_dates"),
        ]

    def __str__(self):
        return self.name

    @property
    def votes(self) -> bool:
        """Counted among "all members" and votes; the secretariat helping the council does not."""
        return self.role != CouncilRole.SECRETARIAT

    def serves_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
