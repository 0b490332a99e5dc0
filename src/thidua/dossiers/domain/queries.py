"""Which proposals a user sees: the sender's people see their unit's proposals (drafts included); the
deciding authority's staff see what was sent to them (never a draft, nor one recalled to draft); an
administrator sees every proposal."""

from django.db.models import Count, Q, QuerySet

from thidua.dossiers.enums import State
from thidua.dossiers.models import Proposal

OUTBOX, INBOX = "gui-di", "nhan-duoc"


def proposals_visible_to(user, box: str | None = None) -> QuerySet:
    """All the proposals the user sees, or only those its units sent (OUTBOX) or those sent to it (INBOX)."""
    proposals = Proposal.objects.select_related("sender", "recipient").annotate(nominee_count=Count("nominees"))
    sent = Q(sender_id__in=user.unit_ids)
    received = ~Q(state=State.DRAFT) if user.is_system_admin else \
        Q(recipient_id__in=user.organiser_ids) & ~Q(state=State.DRAFT)
    if box == OUTBOX:
        return proposals.filter(sent)
    if box == INBOX:
        return proposals.filter(received)
    return proposals if user.is_system_admin else proposals.filter(sent | received)
