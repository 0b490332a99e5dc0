"""Public notice of candidates (công khai, lấy ý kiến) before the council reviews them.

Decree 98/2023/NĐ-CP art 46(1)–(2) (rules.md §6.3 item 6, [V2]: the clause text was not obtained): candidates
for orders, state honorary titles and Chiến sĩ thi đua toàn quốc are posted for public comment; the ministry or
province posts its list at least 10 working days before its own council meets. Which awards and how many days
are data (NoticeRule, dated, with the article), never constants here.

- `publish()`: the receiver's secretariat posts the covered candidates of a received proposal on a public page
  (a random address, no log-in); the list is copied as posted.
- `submit_comment()`: anyone sends a comment while the notice is open; bounded, cleaned, rate-limited.
- `issues_before_review()`: the council's review waits for the end of the period, unless the secretariat has
  recorded why it may not (`record_early_review()`, kept in the activity log). workflow.transition asks it."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import activity, calendar
from thidua.core.formatting import format_date
from thidua.core.models import Activity
from thidua.core.text import clean_input
from thidua.dossiers.domain.workflow import is_receiver
from thidua.dossiers.enums import State
from thidua.dossiers.models import NoticeComment, NoticeEntry, NoticeRule, Proposal, PublicNotice

# States in which the receiver may post the list: received, before the council's review.
PUBLISHABLE = {State.RECEIVED, State.APPRAISED}
NAME_MAX, CONTACT_MAX, TEXT_MAX, TEXT_MIN = 120, 200, 4000, 10
# One sender (a keyed digest of the address) may send this many comments an hour on one notice; one notice takes
# at most this many a day. Enough for anyone with something to say; a flood is refused.
PER_CLIENT_PER_HOUR, PER_NOTICE_PER_DAY = 5, 500


def _scope(proposal: Proposal) -> str:
    return f"unit:{proposal.sender_id}"  # the proposal's timeline, as workflow keeps it


def rule_for(proposal: Proposal, on_day: dt.date) -> NoticeRule | None:
    """The notice rule in force on `on_day` that covers an award proposed (and not excluded) in the proposal; the
    longest when several do."""
    awards = proposal.nominees.filter(excluded=False).values("award_id")
    return (NoticeRule.objects.filter(valid_from__lte=on_day, awards__in=awards)
            .exclude(valid_to__lt=on_day).order_by("-working_days", "-valid_from").first())


def covered_nominees(proposal: Proposal, rule: NoticeRule):
    return (proposal.nominees.filter(excluded=False, award__in=rule.awards.all())
            .select_related("award", "unit").order_by("order", "pk"))


def notice_of(proposal: Proposal) -> PublicNotice | None:
    return PublicNotice.objects.filter(proposal=proposal).first()


def last_day(notice: PublicNotice, overrides=None) -> dt.date:
    """The last day of the notice: the `working_days`-th working day after the day it was posted (Civil Code
    2015 art 147: the first day is not counted), with the holidays and the swaps known now."""
    if overrides is None:
        overrides = calendar.stored_overrides()
    return calendar.add_working_days(notice.published_on, notice.working_days, overrides)


def is_open(notice: PublicNotice, today: dt.date | None = None, overrides=None) -> bool:
    today = today or timezone.localdate()
    return notice.published_on <= today <= last_day(notice, overrides)


@transaction.atomic
def publish(proposal: Proposal, actor, published_on: dt.date | None = None) -> PublicNotice:
    """Post the proposal's covered candidates (name, position, unit, award, summary of achievements)."""
    proposal = Proposal.objects.select_for_update().select_related("sender", "recipient").get(pk=proposal.pk)
    if not is_receiver(actor, proposal):
        raise PermissionError(_("Chỉ cơ quan nhận tờ trình công khai danh sách."))
    today = timezone.localdate()
    published_on = published_on or today
    problems = _publish_problems(proposal, published_on, today)
    rule = rule_for(proposal, published_on)
    if rule is None:
        problems.append(_("Tờ trình không có danh hiệu, hình thức nào phải công khai vào ngày %(day)s.")
                        % {"day": format_date(published_on)})
    if problems:
        raise ValidationError(problems)
    assert rule is not None
    notice = PublicNotice.objects.create(
        proposal=proposal, rule=rule, working_days=rule.working_days, source=rule.source, title=proposal.title,
        issuer=proposal.recipient.name, sender_name=proposal.sender.name, published_on=published_on,
        published_by=actor if getattr(actor, "is_authenticated", False) else None)
    NoticeEntry.objects.bulk_create(
        NoticeEntry(notice=notice, order=i, name=n.name_as_written, position=n.position_as_written,
                    unit_name=n.unit.name, award_name=n.award.name, achievement=n.achievement)
        for i, n in enumerate(covered_nominees(proposal, rule), start=1))
    end = last_day(notice)
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                        summary=f"Công khai danh sách đề nghị từ {format_date(published_on)} đến hết "
                                f"{format_date(end)} ({notice.working_days} ngày làm việc, {notice.source})")
    return notice


def _publish_problems(proposal: Proposal, published_on: dt.date, today: dt.date) -> list[str]:
    problems = []
    if proposal.state not in PUBLISHABLE:
        problems.append(_("Chỉ công khai tờ trình đã tiếp nhận, trước khi hội đồng xét (tờ trình đang “%(state)s”).")
                        % {"state": State(proposal.state).label})
    if PublicNotice.objects.filter(proposal=proposal).exists():
        problems.append(_("Danh sách của tờ trình này đã được công khai."))
    if published_on > today:
        problems.append(_("Ngày đăng %(day)s ở tương lai.") % {"day": format_date(published_on)})
    received = timezone.localdate(proposal.received_at) if proposal.received_at else None
    if received and published_on < received:
        problems.append(_("Ngày đăng %(day)s trước ngày tiếp nhận tờ trình %(received)s.")
                        % {"day": format_date(published_on), "received": format_date(received)})
    return problems


def issues_before_review(proposal: Proposal, today: dt.date | None = None) -> list[str]:
    """Why the council may not record its review yet, in words the secretariat can act on; [] when it may."""
    today = today or timezone.localdate()
    notice = notice_of(proposal)
    if notice is None:
        rule = rule_for(proposal, today)
        if rule is None:
            return []
        return [_("Danh sách đề nghị phải được công khai %(n)s ngày làm việc trước khi hội đồng xét (%(source)s); "
                  "tờ trình chưa công khai.") % {"n": rule.working_days, "source": rule.source}]
    end = last_day(notice)
    if today > end or notice.early_review_reason:
        return []
    return [_("Danh sách đang công khai đến hết ngày %(end)s (%(n)s ngày làm việc, %(source)s); hội đồng chỉ xét "
              "trước ngày đó khi thường trực đã ghi lý do.")
            % {"end": format_date(end), "n": notice.working_days, "source": notice.source}]


def check_review(proposal: Proposal) -> None:
    """Raise the reasons of issues_before_review(); called by workflow.transition before the council's review."""
    problems = issues_before_review(proposal)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_early_review(proposal: Proposal, reason: str, actor) -> PublicNotice:
    """The secretariat records why the council reviews before the notice has ended; kept with the notice and in
    the activity log."""
    if not is_receiver(actor, proposal):
        raise PermissionError(_("Chỉ cơ quan nhận tờ trình ghi lý do này."))
    notice = PublicNotice.objects.select_for_update().filter(proposal=proposal).first()
    if notice is None:
        raise ValidationError(_("Tờ trình chưa công khai danh sách: cần công khai trước khi hội đồng xét."))
    reason = clean_input(reason, multiline=True)
    if not reason:
        raise ValidationError(_("Cần ghi lý do hội đồng xét trước khi hết thời gian công khai."))
    if notice.early_review_reason:
        raise ValidationError(_("Lý do đã được ghi."))
    end = last_day(notice)
    notice.early_review_reason, notice.early_review_at = reason, timezone.now()
    notice.early_review_by = actor if getattr(actor, "is_authenticated", False) else None
    notice.save(update_fields=["early_review_reason", "early_review_at", "early_review_by"])
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, proposal, _scope(proposal),
                        summary=f"Hội đồng xét trước khi hết thời gian công khai (đến hết {format_date(end)}) — "
                                f"lý do: {reason}",
                        changes=[{"field": "Lý do xét trước khi hết thời gian công khai", "old": "", "new": reason}])
    return notice


# ---- the public side -------------------------------------------------------------------------------------------

def open_notices(today: dt.date | None = None) -> list[tuple[PublicNotice, dt.date]]:
    """The notices open today with their last day, newest first."""
    today = today or timezone.localdate()
    overrides = calendar.stored_overrides()
    longest = NoticeRule.objects.aggregate(n=Max("working_days"))["n"] or 10
    recent = PublicNotice.objects.filter(published_on__lte=today,
                                         published_on__gte=today - dt.timedelta(days=3 * longest + 30))
    found = [(n, last_day(n, overrides)) for n in recent.order_by("-published_on", "-id")]
    return [(n, end) for n, end in found if end >= today]


def client_key(notice: PublicNotice, address: str) -> str:
    """A digest of the sender's address keyed with the site's secret and the notice: the same sender is
    recognised on this notice only, and the address cannot be read back."""
    message = f"{notice.slug}|{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def submit_comment(notice: PublicNotice, *, name: str, contact: str, text: str, entry_order: int | None = None,
                   address: str = "", now: dt.datetime | None = None) -> NoticeComment:
    """A comment from anyone: cleaned (NFC, no control characters), bounded, while the notice is open, and not
    more often than PER_CLIENT_PER_HOUR per sender."""
    now = now or timezone.now()
    if not is_open(notice, timezone.localdate(now)):
        raise ValidationError(_("Danh sách này không còn nhận ý kiến."))
    name, contact = clean_input(name), clean_input(contact)
    text = clean_input(text, multiline=True)
    problems = _comment_problems(name, contact, text)
    entry = None
    if entry_order:
        entry = notice.entries.filter(order=entry_order).first()
        if entry is None:
            problems.append(_("Không có người, tập thể số %(n)s trong danh sách.") % {"n": entry_order})
    if problems:
        raise ValidationError(problems)
    key = client_key(notice, address)
    recent = notice.comments.filter(received_at__gte=now - dt.timedelta(hours=1))
    if recent.filter(client_key=key).count() >= PER_CLIENT_PER_HOUR or \
            notice.comments.filter(received_at__gte=now - dt.timedelta(days=1)).count() >= PER_NOTICE_PER_DAY:
        raise ValidationError(_("Đã nhận nhiều ý kiến từ nơi gửi này; xin gửi lại sau một giờ."))
    return NoticeComment.objects.create(notice=notice, entry=entry, name=name, contact=contact, text=text,
                                        client_key=key)


def _comment_problems(name: str, contact: str, text: str) -> list[str]:
    problems = []
    if not name:
        problems.append(_("Cần ghi họ và tên người góp ý."))
    elif len(name) > NAME_MAX:
        problems.append(_("Họ và tên dài quá %(n)s ký tự.") % {"n": NAME_MAX})
    if not contact:
        problems.append(_("Cần ghi địa chỉ, điện thoại hoặc thư điện tử để cơ quan liên hệ khi cần."))
    elif len(contact) > CONTACT_MAX:
        problems.append(_("Địa chỉ liên hệ dài quá %(n)s ký tự.") % {"n": CONTACT_MAX})
    if len(text) < TEXT_MIN:
        problems.append(_("Nội dung góp ý cần ít nhất %(n)s ký tự.") % {"n": TEXT_MIN})
    elif len(text) > TEXT_MAX:
        problems.append(_("Nội dung góp ý dài quá %(n)s ký tự.") % {"n": TEXT_MAX})
    return problems
