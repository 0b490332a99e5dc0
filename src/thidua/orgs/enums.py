from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc Trung ương")


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Cơ quan, đơn vị cấp tỉnh")
    PROVINCE = "province", _("Tỉnh, thành phố (đại diện là UBND)")
    SECTOR_BRANCH = "sector_branch", _("Đơn vị của ngành")
    OUTSIDE_PARENT = "outside_parent", _("Đơn vị có cấp trên ngoài tỉnh")
    OTHER = "other", _("Khác")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên, tổ chức lại")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class WorkerCategory(models.TextChoices):
    """Law art. on direct workers: the share of commendations going to người lao động trực tiếp is reported."""

    LEADER = "leader", _("Lãnh đạo, quản lý")
    DIRECT = "direct", _("Người lao động trực tiếp")


class PersonStatus(models.TextChoices):
    WORKING = "working", _("Đang công tác")
    TRANSFERRED = "transferred", _("Đã chuyển công tác")
    RETIRED = "retired", _("Đã nghỉ hưu")
    DECEASED = "deceased", _("Đã từ trần")


class OrganiserKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố (Hội đồng TĐKT tỉnh)")
    CENTRAL = "central", _("Hội đồng Thi đua - Khen thưởng Trung ương")
    SECTOR = "sector", _("Bộ, ngành")


class CouncilRole(models.TextChoices):
    """A place in an emulation and commendation council (Hội đồng Thi đua - Khen thưởng). The chair, vice-chairs,
    members and the council's secretary (an ủy viên who keeps the minutes) vote; the secretariat helping it — the
    tổ thư ký, the standing agency's officers — works for the council without a vote and is not counted in
    "all members" (orgs.domain.councils.members_on)."""

    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Ủy viên, Thư ký Hội đồng")
    SECRETARIAT = "secretariat", _("Tổ thư ký, cơ quan thường trực (giúp việc, không biểu quyết)")
