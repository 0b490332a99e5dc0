"""What voting asks before a year closes (clusters.domain.periods.register_entry_check, filled in
voting/apps.py): every ballot session of the year counted. Each blocker names the session, where it stands, and
links to its page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.clusters.domain.periods import Blocker
from thidua.clusters.models import EmulationPeriod
from thidua.voting.enums import SessionState
from thidua.voting.models import BallotSession


def sessions_not_counted(period: EmulationPeriod) -> list[Blocker]:
    return [Blocker(_("Phiên bỏ phiếu “%(title)s” chưa kiểm phiếu (đang ở trạng thái “%(state)s”).")
                    % {"title": title, "state": SessionState(state).label},
                    reverse("voting:session_detail", args=[pk]))
            for pk, title, state in BallotSession.objects.filter(period=period).exclude(state=SessionState.TALLIED)
            .order_by("pk").values_list("pk", "title", "state")]
