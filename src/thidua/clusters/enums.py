from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố (Hội đồng TĐKT tỉnh)")
    CENTRAL = "central", _("Hội đồng Thi đua - Khen thưởng Trung ương")
    SECTOR = "sector", _("Bộ, ngành")


class ClusterKind(models.TextChoices):
    CLUSTER = "cum", _("Cụm thi đua")
    BLOCK = "khoi", _("Khối thi đua")


class Phase(models.TextChoices):
    """The phase of a cluster's emulation year decides what may be done in it."""

    SETUP = "setup", _("Thiết lập")
    REGISTRATION = "registration", _("Đăng ký thi đua")
    IN_PROGRESS = "in_progress", _("Đang thi đua")
    SCORING = "scoring", _("Chấm điểm")
    VOTING = "voting", _("Bình xét, suy tôn")
    CLOSED = "closed", _("Đã kết thúc")


# Which phase may follow which. Going one step back is allowed to correct a mistake, never out of CLOSED.
PHASE_TRANSITIONS: dict[str, set[str]] = {
    Phase.SETUP: {Phase.REGISTRATION},
    Phase.REGISTRATION: {Phase.IN_PROGRESS, Phase.SETUP},
    Phase.IN_PROGRESS: {Phase.SCORING, Phase.REGISTRATION},
    Phase.SCORING: {Phase.VOTING, Phase.IN_PROGRESS},
    Phase.VOTING: {Phase.CLOSED, Phase.SCORING},
    Phase.CLOSED: set(),
}


class LeadershipRole(models.TextChoices):
    HEAD = "head", _("Trưởng cụm, khối")
    DEPUTY = "deputy", _("Phó trưởng cụm, khối")


class ChoiceMethod(models.TextChoices):
    ASSIGNMENT = "assignment", _("Phân công")
    ELECTION = "election", _("Bầu tại hội nghị")
    ROTATION = "rotation", _("Luân phiên")
    UNRECORDED = "unrecorded", _("Chưa ghi nhận cách chọn")
