from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionType(models.TextChoices):
    GROUP = "group", _("Nhóm tiêu chí (tổng các tiêu chí con)")
    QUANTITATIVE = "quantitative", _("Định lượng theo chỉ tiêu đăng ký")
    PASS_FAIL = "pass_fail", _("Đạt / không đạt")
    PER_OCCURRENCE = "per_occurrence", _("Tính điểm theo số lần")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class PeerRule(models.TextChoices):
    TRIMMED_MEAN = "trimmed_mean", _("Trung bình sau khi bỏ điểm cao nhất và thấp nhất")
    MEDIAN = "median", _("Trung vị")


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi tự chấm")
    APPRAISED = "appraised", _("Đã thẩm định")
    EXPLAINED = "explained", _("Đã giải trình")
    LOCKED = "locked", _("Đã khóa")


class TieRule(models.TextChoices):
    PEER = "peer", _("Điểm chấm chéo cao hơn")
    BONUS = "bonus", _("Điểm thưởng cao hơn")
    FEWER_PENALTIES = "penalty", _("Ít điểm trừ hơn")
    NAME = "name", _("Theo tên đơn vị (A→Z), khi mọi tiêu chí khác bằng nhau")
