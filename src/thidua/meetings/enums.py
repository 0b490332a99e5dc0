from django.db import models
from django.utils.translation import gettext_lazy as _


class ConferenceKind(models.TextChoices):
    LAUNCH = "launch", _("Phát động, ký kết giao ước")
    MID_YEAR = "mid_year", _("Sơ kết 6 tháng")
    YEAR_END = "year_end", _("Tổng kết năm")
    OTHER = "other", _("Khác")


class DecisionKind(models.TextChoices):
    RANKING = "ranking", _("Thông qua kết quả chấm điểm, xếp hạng")
    NOMINATION = "nomination", _("Bình xét, suy tôn, đề nghị khen thưởng")
    NEXT_LEADERS = "next_leaders", _("Bầu trưởng, phó cụm năm sau")
    COVENANT = "covenant", _("Ký kết giao ước thi đua")
    MOVEMENT = "movement", _("Phát động phong trào thi đua")
    PLAN = "plan", _("Phương hướng, nhiệm vụ")
    OTHER = "other", _("Khác")
