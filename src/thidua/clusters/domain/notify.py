"""Who is told when a cluster's year enters a phase (accounts.domain.notifications): the leaders, emulation
officers and head-unit staff of its member units and of its head unit, as their role assignments say."""

import datetime as dt

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.domain import notifications
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core import activity
from thidua.orgs.models import Unit

# What the phase asks of the units, in one sentence under the notification's title.
PHASE_WORK: dict[str, Promise] = {
    Phase.REGISTRATION: gettext_lazy("Các đơn vị thành viên đăng ký chỉ tiêu thi đua và ký giao ước thi đua."),
    Phase.IN_PROGRESS: gettext_lazy("Các đơn vị tổ chức thực hiện phong trào thi đua theo chỉ tiêu đã đăng ký."),
    Phase.SCORING: gettext_lazy("Các đơn vị tự chấm điểm theo bảng tiêu chí và gửi phiếu tự chấm."),
    Phase.APPRAISAL: gettext_lazy("Đơn vị trưởng thẩm định phiếu tự chấm; đơn vị được đề nghị thì giải trình."),
    Phase.PEER_REVIEW: gettext_lazy("Các đơn vị chấm chéo cho nhau."),
    Phase.RANKING: gettext_lazy("Tổng hợp điểm và xếp hạng các đơn vị."),
    Phase.VOTING: gettext_lazy("Bình xét, bỏ phiếu suy tôn các danh hiệu thi đua."),
    Phase.CLOSED: gettext_lazy("Năm thi đua đã kết thúc."),
}


def phase_opened(period: EmulationPeriod, at: dt.datetime | None = None) -> int:
    """Tell the year's people that `period.phase` has begun; once per year and phase (stepping back and forth does
    not tell them again). Nothing for "Thiết lập", the phase a year starts in."""
    if period.phase == Phase.SETUP:
        return 0
    units = Unit.objects.filter(
        Q(memberships__period=period) | Q(leadership_terms__period=period, leadership_terms__role=LeadershipRole.HEAD)
    ).values("pk")
    with activity.log_language():  # stored once for everyone: in Vietnamese, whatever the actor reads
        title = _("%(cluster)s năm %(year)s: bắt đầu giai đoạn “%(phase)s”") % {
            "cluster": period.cluster.name, "year": period.year, "phase": Phase(period.phase).label}
        body = str(PHASE_WORK.get(period.phase, ""))
    return notifications.notify(notifications.unit_users(units, notifications.ALL_UNIT_ROLES),
                                kind=notifications.PHASE, title=title, body=body, url=period.get_absolute_url(),
                                key=f"phase:{period.pk}:{period.phase}", at=at)
