from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterKind(models.TextChoices):
    CLUSTER = "cum", _("Cụm thi đua")
    BLOCK = "khoi", _("Khối thi đua")


class Phase(models.TextChoices):
    """The phase of a cluster's emulation year decides what may be done in it (as pretalx's review phases)."""

    SETUP = "setup", _("Thiết lập")
    REGISTRATION = "registration", _("Đăng ký thi đua")
    IN_PROGRESS = "in_progress", _("Đang thi đua")
    SCORING = "scoring", _("Tự chấm điểm")
    APPRAISAL = "appraisal", _("Thẩm định, giải trình")
    PEER_REVIEW = "peer_review", _("Chấm chéo")
    RANKING = "ranking", _("Tổng hợp, xếp hạng")
    VOTING = "voting", _("Bình xét, suy tôn")
    CLOSED = "closed", _("Đã kết thúc")


PHASE_ORDER: list[str] = [p.value for p in Phase]

# Which phase may follow which: the next one, or one step back to correct a mistake; never out of CLOSED.
PHASE_TRANSITIONS: dict[str, set[str]] = {
    phase: ({PHASE_ORDER[i + 1]} if i + 1 < len(PHASE_ORDER) else set())
    | ({PHASE_ORDER[i - 1]} if 0 < i < len(PHASE_ORDER) - 1 else set())
    for i, phase in enumerate(PHASE_ORDER)
}


def phase_reached(current: str, phase: str) -> bool:
    """Whether a period in `current` has reached (or passed) `phase`."""
    return PHASE_ORDER.index(current) >= PHASE_ORDER.index(phase)


class LeadershipRole(models.TextChoices):
    HEAD = "head", _("Trưởng cụm, khối")
    DEPUTY = "deputy", _("Phó trưởng cụm, khối")


class ChoiceMethod(models.TextChoices):
    ASSIGNMENT = "assignment", _("Phân công")
    ELECTION = "election", _("Bầu tại hội nghị")
    ROTATION = "rotation", _("Luân phiên")
    UNRECORDED = "unrecorded", _("Chưa ghi nhận cách chọn")
