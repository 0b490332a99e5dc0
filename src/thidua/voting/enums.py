from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    NOMINATION = "nomination", _("Bình xét, suy tôn, đề nghị khen thưởng")
    ELECTION = "election", _("Bầu trưởng, phó cụm năm sau")
    COUNCIL = "council", _("Hội đồng thi đua - khen thưởng biểu quyết")


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc bỏ phiếu")
    TALLIED = "tallied", _("Đã kiểm phiếu")


class ElectorateKind(models.TextChoices):
    UNITS = "units", _("Các đơn vị thành viên (mỗi đơn vị một phiếu)")
    PERSONS = "persons", _("Các thành viên hội đồng")


class QuestionKind(models.TextChoices):
    NOMINATE = "nominate", _("Đề nghị khen thưởng")
    ELECT_HEAD = "elect_head", _("Bầu trưởng cụm")
    ELECT_DEPUTY = "elect_deputy", _("Bầu phó trưởng cụm")
    APPROVE = "approve", _("Biểu quyết danh hiệu, hình thức")


class ThresholdBasis(models.TextChoices):
    ALL = "all", _("Trên tổng số thành viên")
    PRESENT = "present", _("Trên số phiếu thu về")


class ThresholdSource(models.TextChoices):
    """Where a question's threshold comes from: the law for the award (a council's vote on an award the law sets a
    share for), the regulation of the cluster or council (the session's own threshold), or the council's own
    decision for this question, with its written reason."""

    LAW = "law", _("Theo quy định của pháp luật")
    REGULATION = "regulation", _("Theo quy chế của cụm, khối hoặc hội đồng")
    OVERRIDE = "override", _("Hội đồng quyết định riêng")


class Channel(models.TextChoices):
    ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
    PAPER = "paper", _("Phiếu giấy")
    WRITTEN = "written", _("Ý kiến bằng văn bản (vắng mặt)")


class Outcome(models.TextChoices):
    PASSED = "passed", _("Đạt")
    NOT_PASSED = "not_passed", _("Không đạt")
    TIE = "tie", _("Bằng phiếu, chưa đủ chỉ tiêu")
    NO_QUORUM = "no_quorum", _("Không đủ số phiếu tối thiểu (túc số)")


class SessionTransition(models.TextChoices):
    """The state changes of a ballot session. The labels finish the sentence “Không thể …” of a refusal."""

    OPEN = "open", _("mở phiên bỏ phiếu")
    CLOSE = "close", _("kết thúc bỏ phiếu")
    TALLY = "tally", _("kiểm phiếu")
    NEXT_ROUND = "next_round", _("bỏ phiếu vòng mới")


# The ballot session's state machine: transition → {state it may start from: state it leads to}. Every pair not
# listed is refused. Another round is a transition of its own (TALLIED → OPEN, with its guards: rounds left and
# questions undecided), never a silent reopening. Read by voting.domain.sessions.transition(), the only function
# that changes a session's state.
SESSION_TRANSITIONS: dict[str, dict[str, str]] = {
    SessionTransition.OPEN: {SessionState.DRAFT: SessionState.OPEN},
    SessionTransition.CLOSE: {SessionState.OPEN: SessionState.CLOSED},
    SessionTransition.TALLY: {SessionState.CLOSED: SessionState.TALLIED},
    SessionTransition.NEXT_ROUND: {SessionState.TALLIED: SessionState.OPEN},
}
