"""Who is told when a ballot opens (accounts.domain.notifications): the accounts of its voters — the leaders and
emulation officers of the member units that cast the units' ballots (voting.rules.VOTER_ROLES). A council's
members cast on paper through the secretary and are not told here."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.domain import notifications
from thidua.core import activity
from thidua.voting.enums import ElectorateKind, SessionTransition
from thidua.voting.models import BallotSession
from thidua.voting.rules import VOTER_ROLES


def session_changed(session: BallotSession, name: str, at: dt.datetime | None = None) -> int:
    """After transition(): a round opened (the first, or another for the undecided questions), once per round."""
    if name not in (SessionTransition.OPEN, SessionTransition.NEXT_ROUND) \
            or session.electorate_kind != ElectorateKind.UNITS:
        return 0
    voters = notifications.unit_users(session.voters.filter(unit__isnull=False).values("unit_id"), VOTER_ROLES)
    with activity.log_language():  # stored once for everyone: in Vietnamese, whatever the actor reads
        if session.current_round > 1:
            title = _("Bỏ phiếu vòng %(round)s: %(title)s") % {"round": session.current_round, "title": session.title}
        else:
            title = _("Mở phiên bỏ phiếu: %(title)s") % {"title": session.title}
        body = _("Người đại diện đơn vị bỏ phiếu trên phần mềm trước khi phiên kết thúc.")
    return notifications.notify(voters, kind=notifications.BALLOT, title=title, body=body,
                                url=reverse("voting:ballot", args=[session.pk]),
                                key=f"ballot:{session.pk}:round:{session.current_round}", at=at)
