"""What scoring asks before a year moves on (clusters.domain.periods.register_entry_check, filled in
scoring/apps.py): a scale before self-scoring starts, every member's sheet locked before the vote. Each blocker
says what is missing and links to the page where it is fixed. And what it refuses of a step back
(register_step_back_check): out of the vote once sheets were sent."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.clusters.domain.periods import Blocker
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.scoring.enums import SheetState
from thidua.scoring.models import CriteriaSet, ScoreSheet


def has_criteria(period: EmulationPeriod) -> bool:
    return CriteriaSet.objects.filter(period=period, criteria__isnull=False).exists()


def before_scoring(period: EmulationPeriod) -> list[Blocker]:
    """Self-scoring needs the scale: the tree of criteria is fixed once it starts. A cluster that scores on paper
    steps over it with the organiser's written reason."""
    if has_criteria(period):
        return []
    return [Blocker(_("Năm %(year)s chưa có bảng tiêu chí chấm điểm: lập bảng tiêu chí (hoặc sao chép từ năm "
                      "trước) trước khi các đơn vị tự chấm.") % {"year": period.year},
                    reverse("scoring:criteria", args=[period.pk]))]


def before_voting(period: EmulationPeriod) -> list[Blocker]:
    """Before the vote every member's sheet must be locked — when the cluster scores in the system at all
    (a cluster that has no criteria here scores on paper)."""
    if not has_criteria(period):
        return []
    locked = set(ScoreSheet.objects.filter(period=period, state=SheetState.LOCKED).values_list("unit_id", flat=True))
    return [Blocker(_("Phiếu chấm điểm của %(unit)s chưa khóa.") % {"unit": name},
                    reverse("scoring:sheet", args=[period.pk, unit_id]))
            for unit_id, name in period.memberships.order_by("unit__sort_key").values_list("unit_id", "unit__name")
            if unit_id not in locked]


def sheets_sent(period: EmulationPeriod) -> bool:
    """Whether a unit of the year has sent its self-assessment (a sheet past its draft): the scale it was scored
    on is fixed from then on (scoring.domain.sheets.require_criteria_editable)."""
    return ScoreSheet.objects.filter(period=period).exclude(state=SheetState.DRAFT).exists()


def no_step_back_from_vote(period: EmulationPeriod, to_phase: str) -> list[str]:
    """The vote stands on the scores: once sheets were sent, a year in the voting phase — one that got there, or a
    closed year reopened for corrections (clusters.domain.periods.reopen) — does not step back to the scoring
    phases, where the criteria, the exclusions and the peer matrix would open again."""
    if period.phase != Phase.VOTING or not sheets_sent(period):
        return []
    return [_("Không quay lại giai đoạn “%(phase)s” được: năm %(year)s đã có phiếu chấm điểm được gửi, điểm đã "
              "chấm là căn cứ để bình xét nên không mở lại. Kết quả bình xét cần sửa thì sửa ngay ở giai đoạn "
              "“%(voting)s” (mở phiên bỏ phiếu mới).")
            % {"phase": Phase(to_phase).label, "year": period.year, "voting": Phase.VOTING.label}]
