"""Notifications: what happened for a person to act on or know (a phase opened, an appraisal came back, an
explanation is asked, a ballot opened, a dossier was returned or decided), shown in the app (the bell and
/thong-bao/) and sent by e-mail as each person chose: at once, in one daily digest (the default), or not at all.

The apps call notify() from the domain function where the event happens, naming the event by a `key` so that the
same event never notifies a person twice (f"phase:{period.pk}:{phase}"). E-mails go through Django's mail
(settings: the console in demo mode, SMTP otherwise) once the event's transaction commits: an event that is
refused sends nothing, and a mail server that does not answer never undoes the event (it is logged)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail, send_mass_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.models import EmailChoice, Notification, Role, RoleAssignment, User
from thidua.core import activity
from thidua.core.models import Activity

log = logging.getLogger(__name__)

# The kinds the apps send today, with the words the list shows; another kind shows as "Thông báo".
PHASE = "phase"
APPRAISAL = "appraisal"
EXPLANATION = "explanation"
BALLOT = "ballot"
DOSSIER_RETURNED = "dossier_returned"
DOSSIER_DECIDED = "dossier_decided"
REMINDER = "reminder"
KIND_LABELS = {
    PHASE: gettext_lazy("Giai đoạn mới"),
    APPRAISAL: gettext_lazy("Kết quả thẩm định"),
    EXPLANATION: gettext_lazy("Đề nghị giải trình"),
    BALLOT: gettext_lazy("Bỏ phiếu"),
    DOSSIER_RETURNED: gettext_lazy("Hồ sơ bị trả lại"),
    DOSSIER_DECIDED: gettext_lazy("Hồ sơ có quyết định"),
    REMINDER: gettext_lazy("Nhắc hạn"),
}
# A digest lists at most DIGEST_ITEMS notifications (then says how many more); a person's first digest reaches back
# FIRST_DIGEST_DAYS days at most.
DIGEST_ITEMS = 50
FIRST_DIGEST_DAYS = 7
# The roles of a unit's emulation officers (who answer an appraisal, correct a dossier), and every unit role.
OFFICER_ROLES = (Role.UNIT_OFFICER, Role.HEAD_STAFF)
ALL_UNIT_ROLES = (Role.UNIT_OFFICER, Role.HEAD_STAFF, Role.LEADER)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, gettext_lazy("Thông báo")))


def unit_users(unit_ids: Iterable[int] | QuerySet, roles: Iterable[str] = OFFICER_ROLES) -> QuerySet[User]:
    """The active accounts holding one of `roles` for one of the units, as the role assignments say. `unit_ids`
    may be a queryset of unit ids (read as a subquery)."""
    units = unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids)
    holders = RoleAssignment.objects.filter(unit_id__in=units, role__in=list(roles)).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True)


def absolute_url(url: str) -> str:
    """The link as it works from an e-mail: the site's address (settings.THIDUA_BASE_URL) before a path."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.THIDUA_BASE_URL + (url if url.startswith("/") else "/" + url)


def _user_ids(users) -> set[int]:
    if isinstance(users, QuerySet):
        return set(users.values_list("pk", flat=True))
    return {u if isinstance(u, int) else u.pk for u in users}


def notify(users, *, kind: str, title: str, url: str = "", body: str = "", key: str = "",
           at: dt.datetime | None = None) -> int:
    """One notification per user (an iterable of users or their ids, or a queryset), in one query; a user who
    already has one with the same non-empty `key` is skipped. Those who chose immediate e-mail and have an address
    are mailed once the transaction commits. `at`: when the event happened, if not now (the demo replays a year on
    its days); an event recorded more than a day after it happened is not mailed at once. Returns how many
    notifications were created."""
    ids = _user_ids(users)
    if key and ids:
        ids -= set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
    if not ids:
        return 0
    now = at or timezone.now()
    title, key = title[:300], key[:200]
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, title=title, body=body, url=url[:500], key=key, created_at=now)
         for pk in sorted(ids)], ignore_conflicts=bool(key))  # two events at once: the constraint keeps one
    if now > timezone.now() - dt.timedelta(days=1):
        transaction.on_commit(lambda: _mail_at_once(sorted(ids), title, body, url))
    return len(ids)


def _mail_text(title: str, body: str, url: str) -> str:
    lines = [title]
    if body:
        lines += ["", body]
    if url:
        lines += ["", _("Mở trang: %(url)s") % {"url": absolute_url(url)}]
    return "\n".join(lines)


def _footer() -> str:
    return "\n\n-- \n" + _("Thư gửi tự động từ phần mềm ThiĐua. Chọn cách nhận thông báo qua e-mail tại %(url)s") % {
        "url": absolute_url(reverse("notifications:settings"))}


def _mail_at_once(ids: list[int], title: str, body: str, url: str) -> None:
    addresses = list(User.objects.filter(pk__in=ids, is_active=True, notification_email=EmailChoice.IMMEDIATE)
                     .exclude(email="").values_list("email", flat=True))
    if not addresses:
        return
    with activity.log_language():  # e-mails are written in Vietnamese, whatever the page's language was
        subject = "ThiĐua: " + title
        text = _mail_text(title, body, url) + _footer()
    try:
        send_mass_mail([(subject, text, None, [address]) for address in addresses], fail_silently=False)
    except OSError:  # smtplib's errors are OSErrors: the notification stays in the app
        log.exception("Không gửi được e-mail thông báo “%s” tới %s địa chỉ", title, len(addresses))


def unread_count(user) -> int:
    """The bell's figure: one count on the partial index of unread notifications."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def for_user(user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    found = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created_at", "-pk")


def mark_read(user, ids: Iterable[int] | str) -> int:
    """Mark the user's own notifications read: those of `ids`, or "all". Another user's are never touched (they
    are simply not found). Returns how many changed."""
    found = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids != "all":
        found = found.filter(pk__in=[int(pk) for pk in ids])
    return found.update(read_at=timezone.now())


def open_notification(user, notification: Notification) -> str:
    """The user opens one of their notifications: it is read; returns the page it is about (the list when none)."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("Thông báo này không phải của bạn."))
    mark_read(user, [notification.pk])
    return notification.url or reverse("notifications:list")


@transaction.atomic
def set_email_choice(user, choice: str) -> None:
    """The user's own choice of e-mail, logged on their account."""
    if choice not in EmailChoice.values:
        raise ValidationError(_("Hãy chọn một cách nhận thông báo qua e-mail."))
    account = User.objects.select_for_update().get(pk=user.pk)
    if account.notification_email == choice:
        return
    with activity.log_language():
        old, new = str(EmailChoice(account.notification_email).label), str(EmailChoice(choice).label)
    account.notification_email = choice
    account.save(update_fields=["notification_email"])
    user.notification_email = choice
    activity.record(user, Activity.Action.UPDATE, account, f"account:{account.pk}",
                    summary="Đổi cách nhận thông báo qua e-mail",
                    changes=[{"field": "Nhận thông báo qua e-mail", "old": old, "new": new}])


# -- the daily digest ----------------------------------------------------------------------------------------

def _digest_text(user: User, items: list[Notification]) -> str:
    lines = [_("Kính gửi %(name)s,") % {"name": user.full_name or user.username}, "",
             _("Từ lần tổng hợp trước, bạn có %(count)s thông báo chưa đọc:") % {"count": len(items)}, ""]
    for number, item in enumerate(items[:DIGEST_ITEMS], start=1):
        when = timezone.localtime(item.created_at).strftime("%d/%m/%Y %H:%M")
        lines.append(f"{number}. {item.title} ({when})")
        if item.body:
            lines.append("   " + item.body.replace("\n", "\n   "))
        if item.url:
            lines.append("   " + absolute_url(item.url))
    if len(items) > DIGEST_ITEMS:
        lines.append(_("… và %(more)s thông báo khác.") % {"more": len(items) - DIGEST_ITEMS})
    lines += ["", _("Xem tất cả thông báo: %(url)s") % {"url": absolute_url(reverse("notifications:list"))}]
    return "\n".join(lines) + _footer()


def _due_for_digest(now: dt.datetime) -> QuerySet[User]:
    """Who chose the digest, has an address, and has not had one today (local day)."""
    start_of_day = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    return (User.objects.filter(is_active=True, notification_email=EmailChoice.DIGEST).exclude(email="")
            .filter(Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lt=start_of_day)))


def send_digests(now: dt.datetime | None = None) -> int:
    """One e-mail per person who chose the daily digest, listing their notifications created since their last
    digest and still unread (the first digest: those of the last FIRST_DIGEST_DAYS days). The sending is recorded on the user before the mail
    leaves, in the same transaction (a compare-and-set on the last sending): run twice the same day, or by two
    workers at once, it sends nothing more; a person with nothing new gets no mail. A mail server error leaves
    that person for the next run. Returns how many e-mails were sent."""
    now = now or timezone.now()
    since_last = Q(created_at__gt=F("recipient__digest_sent_at"))
    first = Q(recipient__digest_sent_at__isnull=True, created_at__gt=now - dt.timedelta(days=FIRST_DIGEST_DAYS))
    pending = (Notification.objects.filter(since_last | first, read_at__isnull=True, created_at__lte=now,
                                           recipient__in=_due_for_digest(now))
               .select_related("recipient").order_by("recipient_id", "created_at", "pk"))
    by_user: dict[int, list[Notification]] = {}
    for item in pending.iterator(chunk_size=2000):
        by_user.setdefault(item.recipient_id, []).append(item)
    sent = 0
    connection = get_connection()
    for items in by_user.values():
        user = items[0].recipient
        try:
            with transaction.atomic():
                claimed = User.objects.filter(pk=user.pk, digest_sent_at=user.digest_sent_at).update(
                    digest_sent_at=now) if user.digest_sent_at else User.objects.filter(
                    pk=user.pk, digest_sent_at__isnull=True).update(digest_sent_at=now)
                if not claimed:  # another run sent it meanwhile
                    continue
                with activity.log_language():
                    subject = _("ThiĐua: %(count)s thông báo mới") % {"count": len(items)}
                    text = _digest_text(user, items)
                send_mail(subject, text, None, [user.email], connection=connection)
        except OSError:
            log.exception("Không gửi được e-mail tổng hợp tới %s", user.email)
            continue
        sent += 1
    return sent
