from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    """Law art. 16: emulation is regular or thematic; thematic movements may run by phase (đợt)."""

    REGULAR = "regular", _("Thường xuyên")
    PHASE = "phase", _("Theo đợt")
    THEMATIC = "thematic", _("Theo chuyên đề")


class MovementLevel(models.TextChoices):
    PRIME_MINISTER = "pm", _("Thủ tướng Chính phủ phát động")
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    SECTOR = "sector", _("Bộ, ngành")
    CLUSTER = "cluster", _("Cụm, khối thi đua")


class CovenantState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang ký kết")
    SIGNED = "signed", _("Đã ký đủ")


# Looked up by the state a covenant stores (a plain string), hence str keys.
COVENANT_TRANSITIONS: dict[str, set[str]] = {
    CovenantState.DRAFT: {CovenantState.OPEN},
    CovenantState.OPEN: {CovenantState.SIGNED, CovenantState.DRAFT},
    CovenantState.SIGNED: set(),
}


class TargetKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Định lượng")
    QUALITATIVE = "qualitative", _("Định tính")
