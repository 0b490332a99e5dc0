"""Secret ballots. Who may vote and whether they have voted (Voter, Participation) live apart from what was
voted (Ballot, BallotChoice), and both apart from the receipts (Receipt): no column and no time links them.
Ballot slots are created in random order with random ids when a round opens, and a vote fills a random empty
slot; ballots carry no timestamp and are never written to the activity log or any history table. While a round
is open the rows still lie in the order of the casts; when it closes the ballot box is shaken
(voting.domain.sessions.shake_ballot_box): the round's participations, ballots, choices and receipts are
rewritten in random order with fresh ids in one transaction, and the freed space is cleared."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.clusters.models import EmulationPeriod
from thidua.orgs.models import Council, Organiser, Person, Unit
from thidua.voting.enums import (
    Channel,
    ElectorateKind,
    QuestionKind,
    SessionKind,
    SessionState,
    ThresholdBasis,
    ThresholdSource,
)


class VoteThreshold(models.Model):
    """The share of ALL council members a council's secret vote needs for an award under a rule set (Decree
    98/2023 art 30(7): ≥ 90% for CSTĐ toàn quốc and CSTĐ cấp tỉnh, ≥ 80% for CSTĐ cơ sở and the emulation flags),
    kept as data with its article. A row marked `carried_over` repeats an earlier decree's value for a later rule set
    whose own text is not verified; the minutes say so. Cluster votes never read it (their regulation decides)."""

    award = models.ForeignKey("awards.Award", verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT,
                              related_name="+")
    rule_set = models.ForeignKey("awards.RuleSet", verbose_name=_("bộ quy định"), on_delete=models.PROTECT,
                                 related_name="+")
    numerator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: tử số"))
    denominator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: mẫu số"))
    strict = models.BooleanField(_("phải vượt quá tỷ lệ (>)"), default=False)
    basis = models.CharField(_("tính tỷ lệ"), max_length=8, choices=ThresholdBasis.choices,
                             default=ThresholdBasis.ALL)
    article = models.CharField(_("căn cứ"), max_length=255)
    carried_over = models.BooleanField(
        _("chuyển tiếp, chưa xác minh"), default=False,
        help_text=_("Giữ tỷ lệ của văn bản trước; chưa đối chiếu được điều khoản của văn bản này."))
    source_note = models.TextField(_("ghi chú nguồn"), blank=True)

    class Meta:
        verbose_name = _("tỷ lệ biểu quyết của hội đồng")
        verbose_name_plural = _("tỷ lệ biểu quyết của hội đồng")
        ordering = ["rule_set", "award"]
        constraints = [
            models.UniqueConstraint(fields=["award", "rule_set"], name="vote_threshold_award_rule_set"),
            models.CheckConstraint(condition=Q(numerator__gte=1, denominator__gte=1)
                                   & Q(numerator__lte=models.F("denominator")), name="vote_threshold_share"),
        ]

    def __str__(self):
        return f"{self.award} — {self.rule_set}"


class BallotSession(models.Model):
    period = models.ForeignKey(EmulationPeriod, verbose_name=_("năm thi đua"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="ballot_sessions")
    council_name = models.CharField(_("hội đồng"), max_length=255, blank=True)
    # A council's session linked to its council's record: the members on the meeting's day vote and are "all
    # members" (frozen when it opens); its organiser's staff run it. Without it, the members are listed by hand.
    council = models.ForeignKey(Council, verbose_name=_("hội đồng (danh sách thành viên)"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="ballot_sessions")
    # Whose session it is when it belongs to no emulation year: the council's organiser, else the organiser of the
    # staff who created it (voting.rules.manages_session). Empty for a year's session (its cluster's organiser).
    organiser = models.ForeignKey(Organiser, verbose_name=_("cơ quan tổ chức"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại phiên"), max_length=12, choices=SessionKind.choices)
    title = models.CharField(_("tên phiên bỏ phiếu"), max_length=300)
    electorate_kind = models.CharField(_("người bỏ phiếu"), max_length=8, choices=ElectorateKind.choices,
                                       default=ElectorateKind.UNITS)
    state = models.CharField(_("trạng thái"), max_length=8, choices=SessionState.choices, default=SessionState.DRAFT)
    # The rules of the count, from the regulation. Defaults are parameters, not law (rules.md §5.3, §6.2).
    regulation_ref = models.CharField(_("căn cứ (quy chế)"), max_length=255, blank=True)
    # Shares are fractions so that "≥ 2/3" is exact: 4 of 6 passes, which 66,67% would refuse.
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số: tử số"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số: mẫu số"), default=2)
    threshold_numerator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: tử số"), default=1)
    threshold_denominator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: mẫu số"), default=2)
    threshold_strict = models.BooleanField(_("phải vượt quá tỷ lệ (>)"), default=True,
                                           help_text=_("Bỏ chọn nếu chỉ cần bằng tỷ lệ (≥)."))
    threshold_basis = models.CharField(_("tính tỷ lệ"), max_length=8, choices=ThresholdBasis.choices,
                                       default=ThresholdBasis.ALL)
    max_rounds = models.PositiveSmallIntegerField(_("số vòng bỏ phiếu tối đa"), default=2)
    # The day of the meeting chooses the rule set whose thresholds a council's questions take (opening day if empty).
    held_on = models.DateField(_("ngày họp, biểu quyết"), null=True, blank=True,
                               help_text=_("Để trống: ngày mở phiên bỏ phiếu. Tỷ lệ theo quy định có hiệu lực "
                                           "vào ngày này."))
    current_round = models.PositiveSmallIntegerField(_("vòng hiện tại"), default=0)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    tallied_at = models.DateTimeField(_("kiểm phiếu lúc"), null=True, blank=True)
    receipt_salt = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        verbose_name = _("phiên bỏ phiếu")
        verbose_name_plural = _("phiên bỏ phiếu")
        ordering = ["-id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại câu hỏi"), max_length=14, choices=QuestionKind.choices)
    title = models.CharField(_("nội dung bỏ phiếu"), max_length=300)
    award_label = models.CharField(_("danh hiệu, hình thức đề nghị"), max_length=200, blank=True)
    award = models.ForeignKey("awards.Award", verbose_name=_("trong danh mục"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    max_choices = models.PositiveSmallIntegerField(_("số lựa chọn tối đa trên một phiếu"), default=1)
    seats = models.PositiveSmallIntegerField(_("số được chọn tối đa (chỉ tiêu)"), default=1)
    # The question's own threshold (voting.domain.thresholds). Empty while in preparation unless the council set
    # one (OVERRIDE, with its reason); fixed when the session opens — from the law for the award on the meeting's
    # day, or the session's regulation — with its citation, so that the count and the minutes keep it.
    threshold_source = models.CharField(_("tỷ lệ đạt theo"), max_length=10, choices=ThresholdSource.choices,
                                        blank=True)
    threshold_numerator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: tử số"), null=True, blank=True)
    threshold_denominator = models.PositiveSmallIntegerField(_("tỷ lệ đạt: mẫu số"), null=True, blank=True)
    threshold_strict = models.BooleanField(_("phải vượt quá tỷ lệ (>)"), null=True, blank=True)
    threshold_basis = models.CharField(_("tính tỷ lệ"), max_length=8, choices=ThresholdBasis.choices, blank=True)
    threshold_ref = models.CharField(_("căn cứ của tỷ lệ đạt"), max_length=300, blank=True)
    threshold_reason = models.TextField(_("lý do hội đồng quyết định tỷ lệ riêng"), blank=True)
    threshold_replaced = models.CharField(_("tỷ lệ theo quy định được thay"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("nội dung bỏ phiếu")
        verbose_name_plural = _("nội dung bỏ phiếu")
        ordering = ["session", "order"]

    def __str__(self):
        return self.title


class Candidate(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("tên"), max_length=255)
    eliminated_in_round = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("người, đơn vị được bỏ phiếu")
        verbose_name_plural = _("người, đơn vị được bỏ phiếu")
        ordering = ["question", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=False) | Q(person__isnull=False) | ~Q(label=""),
                                   name="candidate_has_subject"),
        ]

    def __str__(self):
        return self.label


class Voter(models.Model):
    """A member of the frozen electorate: a member unit (cast by its representative) or a council member."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("người bỏ phiếu"), max_length=255)

    class Meta:
        verbose_name = _("người bỏ phiếu")
        verbose_name_plural = _("người bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], condition=Q(unit__isnull=False),
                                    name="voter_session_unit"),
            models.UniqueConstraint(fields=["session", "person"], condition=Q(person__isnull=False),
                                    name="voter_session_person"),
        ]

    def __str__(self):
        return self.label


class Participation(models.Model):
    """That a voter has voted in a round, and how (electronic, paper, written). Never what, never when."""

    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="participations")
    round = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("đã bỏ phiếu")
        verbose_name_plural = _("đã bỏ phiếu")
        constraints = [models.UniqueConstraint(fields=["voter", "round"], name="participation_once_per_round")]

    def __str__(self):
        return f"{self.voter} — vòng {self.round}"


class Ballot(models.Model):
    """One ballot slot of a round. Random id, no voter, no time, no receipt; `cast` once filled."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="ballots")
    round = models.PositiveSmallIntegerField()
    cast = models.BooleanField(default=False)
    invalid = models.BooleanField(_("phiếu không hợp lệ"), default=False)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")
        indexes = [models.Index(fields=["session", "round", "cast"], name="ballot_slot")]

    def __str__(self):
        return "Phiếu bầu"


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "candidate"], name="ballot_choice_once")]

    def __str__(self):
        return "Lựa chọn"


class Receipt(models.Model):
    """That a ballot with this receipt code went into a round's box: the code's digest (salted with the session's
    secret), nothing else — no link to the ballot, no voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="receipts")
    round = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "digest"], name="receipt_once")]

    def __str__(self):
        return "Mã phiếu"


class PaperCount(models.Model):
    """Counts of paper ballots entered by the counting committee (ban kiểm phiếu) as totals."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="paper_counts")
    round = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    ballots = models.PositiveIntegerField(_("số phiếu hợp lệ"))
    invalid = models.PositiveIntegerField(_("số phiếu không hợp lệ"), default=0)
    votes = models.JSONField(_("số phiếu từng người, đơn vị"), default=dict)  # candidate id → votes

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "round", "question"], name="paper_count_once")]

    def __str__(self):
        return f"Kiểm phiếu giấy — {self.question}"


class QuestionResult(models.Model):
    """The tally of one question in one round, kept with the reasons, for the minutes."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="results")
    round = models.PositiveSmallIntegerField()
    electorate = models.PositiveIntegerField()
    ballots_cast = models.PositiveIntegerField()
    ballots_valid = models.PositiveIntegerField()
    outcome_note = models.TextField(blank=True)
    rows = models.JSONField(default=list)  # [{candidate, label, votes, percent, outcome, reason}]
    decided_by_leaders = models.TextField(_("trưởng, phó cụm quyết định"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "round"], name="question_result_round")]

    def __str__(self):
        return f"Kết quả {self.question} vòng {self.round}"


class Nomination(models.Model):
    """A unit or person the cluster proposes for an award, as decided by a ballot — ready for the dossier."""

    period = models.ForeignKey(EmulationPeriod, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    award_label = models.CharField(_("danh hiệu, hình thức đề nghị"), max_length=200)
    award = models.ForeignKey("awards.Award", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    votes = models.PositiveIntegerField(null=True, blank=True)
    electorate = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng từ bình xét")
        verbose_name_plural = _("đề nghị khen thưởng từ bình xét")

    def __str__(self):
        return f"{self.unit or self.person} — {self.award_label}"
