from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardKind(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    LOCAL = "local", _("Địa phương")
    SECTOR = "sector", _("Ngành dọc")


class AwardType(models.TextChoices):
    """Types of commendation, Law on Emulation and Commendation 2022 art 8."""

    MERIT = "merit", _("Công trạng")
    AD_HOC = "ad_hoc", _("Đột xuất")
    THEMATIC = "thematic", _("Theo chuyên đề, phong trào")
    SERVICE = "service", _("Quá trình cống hiến")
    TENURE = "tenure", _("Theo niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")


class TaskRating(models.TextChoices):
    """Annual evaluation of task completion (rules.md §6.1: the staff evaluation for individuals)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETE = "complete", _("Hoàn thành nhiệm vụ")
    INCOMPLETE = "incomplete", _("Không hoàn thành nhiệm vụ")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")
    REVIEW = "review", _("Cần xem xét thêm")
