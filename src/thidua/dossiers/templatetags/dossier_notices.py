"""The public-notice box on a proposal's page: whether its candidates must be posted, for how long, and the links
(the public page; the secretariat's page for the receiver's staff). A tag, so the proposal page's view does not
have to know about notices."""

from django import template
from django.utils import timezone

from thidua.dossiers.domain import notices
from thidua.dossiers.enums import State

register = template.Library()


@register.inclusion_tag("dossiers/_notice_box.html", takes_context=True)
def notice_box(context, proposal):
    user = context["request"].user
    today = timezone.localdate()
    notice = notices.notice_of(proposal)
    box = {"proposal": proposal, "notice": notice, "can_manage": user.has_perm("dossiers.manage_notice", proposal)}
    if notice is not None:
        box["end"] = notices.last_day(notice)
        box["ended"] = today > box["end"]
        if box["can_manage"]:
            box["comment_count"] = notice.comments.count()
    elif proposal.state not in (State.REVIEWED, State.DECIDED):
        box["rule"] = notices.rule_for(proposal, today)
    return box
