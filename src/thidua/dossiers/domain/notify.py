"""Who is told when a proposal comes back or is decided (accounts.domain.notifications): the emulation officers of
the sending unit, who correct and send it again, or enter what was awarded."""

from django.utils.translation import gettext as _

from thidua.accounts.domain import notifications
from thidua.core import activity
from thidua.core.formatting import format_date
from thidua.dossiers.enums import Action
from thidua.dossiers.models import Proposal


def proposal_changed(proposal: Proposal, action: str) -> int:
    """After transition(): returned (once per sending: the key names the moment it was sent) or decided."""
    if action not in (Action.RETURN, Action.DECIDE):
        return 0
    officers = notifications.unit_users([proposal.sender_id], notifications.OFFICER_ROLES)
    with activity.log_language():  # stored once for everyone: in Vietnamese, whatever the actor reads
        if action == Action.RETURN:
            sent = f"{proposal.submitted_at:%Y%m%d%H%M%S%f}" if proposal.submitted_at else ""
            kind, key = notifications.DOSSIER_RETURNED, f"proposal:{proposal.pk}:returned:{sent}"
            title = _("Hồ sơ “%(title)s” bị trả lại") % {"title": proposal.title}
            body = _("Lý do trả lại: %(reason)s. Sửa hồ sơ rồi gửi lại.") % {"reason": proposal.return_reason}
        else:
            kind, key = notifications.DOSSIER_DECIDED, f"proposal:{proposal.pk}:decided"
            title = _("Hồ sơ “%(title)s” đã có quyết định khen thưởng") % {"title": proposal.title}
            body = _("Quyết định số %(number)s ngày %(date)s, %(signer)s ký.") % {
                "number": proposal.decision_number, "date": format_date(proposal.decision_date),
                "signer": proposal.decision_signer}
    return notifications.notify(officers, kind=kind, title=title, body=body, url=proposal.get_absolute_url(),
                                key=key)
