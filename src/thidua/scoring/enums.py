from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.clusters.enums import Phase


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


class SheetAction(models.TextChoices):
    """What may be done to a score sheet. The labels finish the sentence “Không thể …” of a refusal."""

    SAVE = "save", _("tự chấm điểm")
    SUBMIT = "submit", _("gửi phiếu tự chấm")
    EVIDENCE = "evidence", _("tải minh chứng")
    APPRAISE = "appraise", _("thẩm định")
    EXPLAIN = "explain", _("giải trình")
    SECOND_LOOK = "second_look", _("xem xét lại")
    LOCK = "lock", _("khóa phiếu")


_UNLOCKED = (SheetState.DRAFT, SheetState.SUBMITTED, SheetState.APPRAISED, SheetState.EXPLAINED)

# The score sheet's state machine: action → {state the sheet may be in: state it is in afterwards}. Every pair
# not listed is refused; an action that does its work without moving the sheet on (saving the self-assessment,
# a file of evidence, the appraisal of a further criterion, a second look) maps a state to itself. The state
# changes are the four named ones: submit, the first appraisal, the first explanation, the lock. Nothing leaves
# LOCKED. Read by scoring.domain.sheets.transition(), the only function that changes a sheet.
SHEET_TRANSITIONS: dict[str, dict[str, str]] = {
    SheetAction.SAVE: {SheetState.DRAFT: SheetState.DRAFT},
    SheetAction.SUBMIT: {SheetState.DRAFT: SheetState.SUBMITTED},
    SheetAction.EVIDENCE: {state: state for state in _UNLOCKED},
    SheetAction.APPRAISE: {SheetState.SUBMITTED: SheetState.APPRAISED, SheetState.APPRAISED: SheetState.APPRAISED,
                           SheetState.EXPLAINED: SheetState.EXPLAINED},
    SheetAction.EXPLAIN: {SheetState.APPRAISED: SheetState.EXPLAINED, SheetState.EXPLAINED: SheetState.EXPLAINED},
    SheetAction.SECOND_LOOK: {SheetState.APPRAISED: SheetState.APPRAISED, SheetState.EXPLAINED: SheetState.EXPLAINED},
    SheetAction.LOCK: {SheetState.APPRAISED: SheetState.LOCKED, SheetState.EXPLAINED: SheetState.LOCKED},
}

# The phases of the year in which each action may be taken (the year's phase is the cluster's calendar).
SHEET_ACTION_PHASES: dict[str, tuple[str, ...]] = {
    SheetAction.SAVE: (Phase.SCORING,),
    SheetAction.SUBMIT: (Phase.SCORING,),
    SheetAction.EVIDENCE: (Phase.SCORING, Phase.APPRAISAL),
    SheetAction.APPRAISE: (Phase.APPRAISAL,),
    SheetAction.EXPLAIN: (Phase.APPRAISAL,),
    SheetAction.SECOND_LOOK: (Phase.APPRAISAL,),
    SheetAction.LOCK: (Phase.APPRAISAL, Phase.PEER_REVIEW, Phase.RANKING),
}

# When a sheet enters a state, the moment is kept in this field.
SHEET_STATE_STAMPS: dict[str, str] = {
    SheetState.SUBMITTED: "submitted_at",
    SheetState.APPRAISED: "appraised_at",
    SheetState.EXPLAINED: "explained_at",
    SheetState.LOCKED: "locked_at",
}
