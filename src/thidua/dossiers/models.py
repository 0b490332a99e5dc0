"""Proposals (tờ trình) with their nominees and documents, moving from the sender to the deciding authority."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardType, Subject
from thidua.awards.models import Award, Initiative, RuleSet
from thidua.clusters.models import EmulationPeriod
from thidua.dossiers.enums import Channel, DocumentKind, State
from thidua.orgs.models import Organiser, Person, Unit


class Proposal(models.Model):
    sender = models.ForeignKey(Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT,
                               related_name="proposals")
    period = models.ForeignKey(EmulationPeriod, verbose_name=_("của cụm, khối (năm thi đua)"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="proposals")
    recipient = models.ForeignKey(Organiser, verbose_name=_("gửi đến"), on_delete=models.PROTECT,
                                  related_name="proposals")
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.PROVINCE)
    number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    award_type = models.CharField(_("loại hình khen thưởng"), max_length=10, choices=AwardType.choices,
                                  default=AwardType.MERIT)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    council_result = models.TextField(_("kết quả xét của hội đồng"), blank=True)
    council_session = models.ForeignKey("voting.BallotSession", verbose_name=_("phiên bỏ phiếu của hội đồng"),
                                        null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_signer = models.CharField(_("người ký quyết định"), max_length=255, blank=True)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("theo quy định"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 help_text=_("Bộ quy định có hiệu lực ngày gửi tờ trình, ghi khi gửi."))
    signer = models.ForeignKey(Person, verbose_name=_("người ký tờ trình"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    signer_position = models.CharField(_("chức vụ người ký"), max_length=160, blank=True,
                                       help_text=_("Chức vụ khi ký, in trên tờ trình."))
    # A cluster's proposal made from the results of its ballot (dossiers.domain.from_ballot): one per session, so
    # that doing it twice opens the proposal already made.
    ballot_session = models.OneToOneField("voting.BallotSession", verbose_name=_("lập từ kết quả phiên bỏ phiếu"),
                                          null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "state"], name="proposal_recipient_state"),
                   models.Index(fields=["sender", "state"], name="proposal_sender_state")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dossiers:proposal_detail", args=[self.pk])


class Nominee(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name_as_written = models.CharField(_("tên ghi trong tờ trình"), max_length=300)
    position_as_written = models.CharField(_("chức vụ"), max_length=255, blank=True)
    award = models.ForeignKey(Award, verbose_name=_("danh hiệu, hình thức đề nghị"), on_delete=models.PROTECT,
                              related_name="+")
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True)
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    direct_worker = models.BooleanField(_("người lao động trực tiếp"), default=False)
    eligibility = models.CharField(_("kết quả kiểm tra"), max_length=14, blank=True)
    eligibility_reasons = models.JSONField(default=list, blank=True)
    excluded = models.BooleanField(_("không được khen"), default=False)
    excluded_reason = models.CharField(_("lý do không khen"), max_length=300, blank=True)
    # The cluster's vote on this nominee, kept as counted when the proposal was made from the ballot's results
    # (dossiers.domain.from_ballot); empty for a nominee added by hand.
    nomination = models.ForeignKey("voting.Nomination", verbose_name=_("đề nghị từ bình xét"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    vote_round = models.PositiveSmallIntegerField(_("vòng bỏ phiếu"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("số phiếu bầu"), null=True, blank=True)
    vote_ballots = models.PositiveIntegerField(_("số phiếu thu về"), null=True, blank=True)
    vote_members = models.PositiveIntegerField(_("tổng số thành viên"), null=True, blank=True)
    vote_note = models.CharField(_("ghi chú kết quả bỏ phiếu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["proposal", "order"]
        constraints = [
            models.CheckConstraint(condition=~Q(subject="individual") | Q(person__isnull=False),
                                   name="nominee_individual_has_person"),
        ]

    def __str__(self):
        return f"{self.name_as_written} — {self.award}"


def document_path(instance, filename):
    return f"dossiers/{instance.proposal_id}/{filename}"


class Document(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    nominee = models.ForeignKey(Nominee, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=document_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")

    def __str__(self):
        return self.original_name


class DeadlineCase(models.TextChoices):
    """The cases `law.deadline_case` knows how to recognise in a proposal."""

    CLUSTER = "cluster", _("Hồ sơ tổng kết của cụm, khối")
    GOVERNMENT_FLAG = "co-cp", _("Cờ thi đua của Chính phủ")
    NATIONAL_FIGHTER = "cstd-tq", _("Chiến sĩ thi đua toàn quốc")


class DeadlineRule(models.Model):
    """A deadline for a case, as a dated parameter: e.g. cluster dossiers to the province by 10/12 (Bắc Ninh
    regulation 86/2025), Cờ thi đua của Chính phủ by 30/6 (Decree 98 art 32). A row with no organiser is the
    national rule (the system administrator's); a province's emulation administrator keeps the province's own rows,
    which win for proposals sent to that province (dossiers.domain.law.deadline_rule). No first day: in force
    since before the records began (the rows loaded before dates were kept)."""

    case = models.CharField(_("trường hợp"), max_length=40, choices=DeadlineCase.choices)
    organiser = models.ForeignKey(Organiser, verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text=_("Để trống: quy định chung cho mọi tỉnh."))
    label = models.CharField(_("mô tả"), max_length=255)
    month = models.PositiveSmallIntegerField(_("tháng"))
    day = models.PositiveSmallIntegerField(_("ngày"))
    year_offset = models.SmallIntegerField(_("năm (so với năm thành tích)"), default=0)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("đến hết ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn nộp hồ sơ")
        verbose_name_plural = _("thời hạn nộp hồ sơ")
        ordering = ["case", "-valid_from"]

    def __str__(self):
        return self.label


class NoticeRule(models.Model):
    """Which candidates are posted for public comment before the council meets, and for how many working days: a
    dated parameter with the article it comes from (rules.md §6.3 item 6: Decree 98/2023 art 46 — the ministry
    or province posts its list at least 10 working days before its council meets). The system administrator
    edits the rows; a notice keeps the rule, the days and the article it was published under."""

    label = models.CharField(_("trường hợp"), max_length=255)
    awards = models.ManyToManyField(Award, verbose_name=_("danh hiệu, hình thức phải công khai"), related_name="+")
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"), default=10)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("đến hết ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định công khai danh sách đề nghị")
        verbose_name_plural = _("quy định công khai danh sách đề nghị")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.label} ({self.source})"


def notice_slug() -> str:
    """The public address of a notice: random, so that it reveals neither the proposal nor how many there are."""
    import secrets

    return secrets.token_urlsafe(12)


class PublicNotice(models.Model):
    """A proposal's candidates posted for public comment (công khai, lấy ý kiến): the list as posted, from the day
    after `published_on` for `working_days` working days (dossiers.domain.notices)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="public_notice")
    slug = models.CharField(max_length=32, unique=True, default=notice_slug, editable=False)
    rule = models.ForeignKey(NoticeRule, verbose_name=_("theo quy định"), on_delete=models.PROTECT, related_name="+")
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"))
    source = models.CharField(_("căn cứ"), max_length=255)
    title = models.CharField(_("trích yếu"), max_length=300)
    issuer = models.CharField(_("cơ quan công khai"), max_length=255)
    sender_name = models.CharField(_("đơn vị đề nghị"), max_length=255)
    published_on = models.DateField(_("ngày đăng"))
    published_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    early_review_reason = models.TextField(_("lý do xét trước khi hết thời gian công khai"), blank=True)
    early_review_at = models.DateTimeField(null=True, blank=True)
    early_review_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        verbose_name = _("công khai danh sách đề nghị")
        verbose_name_plural = _("công khai danh sách đề nghị")
        indexes = [models.Index(fields=["published_on"], name="notice_published_on")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:notice", args=[self.slug])


class NoticeEntry(models.Model):
    """One candidate as posted: what the public reads, copied from the nominee when the list was published."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("cá nhân, tập thể"), max_length=300)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255)
    award_name = models.CharField(_("hình thức đề nghị"), max_length=255)
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True)

    class Meta:
        verbose_name = _("người, tập thể được công khai")
        verbose_name_plural = _("danh sách công khai")
        ordering = ["notice", "order"]
        constraints = [models.UniqueConstraint(fields=["notice", "order"], name="notice_entry_order")]

    def __str__(self):
        return f"{self.order}. {self.name} — {self.award_name}"


class NoticeComment(models.Model):
    """A comment sent on the public page, without logging in. `client_key` is a keyed digest of the sender's
    address for this notice only (to limit how often one sender may write), never the address itself."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="comments")
    entry = models.ForeignKey(NoticeEntry, verbose_name=_("về"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="comments")
    name = models.CharField(_("họ và tên"), max_length=120)
    contact = models.CharField(_("địa chỉ, điện thoại hoặc thư điện tử"), max_length=200)
    text = models.TextField(_("nội dung góp ý"), max_length=4000)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    client_key = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["notice", "received_at", "id"]
        indexes = [models.Index(fields=["notice", "client_key", "received_at"], name="notice_comment_client")]

    def __str__(self):
        return f"{self.name}: {self.text[:60]}"
