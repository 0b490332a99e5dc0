"""Accounts made and changed on the app's pages: each change checks the actor's reach (`scope`), writes and records
the activity log entry in one transaction.

First log-in, two ways: a printed sheet with a temporary password, which the account must change before anything
else (`must_change_password`, enforced by accounts.middleware), or an invitation e-mail whose link sets a password
once (`invitation_tokens`: bound to the password, so a used link no longer works; it expires after
PASSWORD_RESET_TIMEOUT)."""

import datetime as dt
import secrets
import smtplib
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from thidua.accounts.domain import scope
from thidua.accounts.models import UNIT_ROLES, Role, RoleAssignment, User
from thidua.core import activity, versions
from thidua.core.models import Activity
from thidua.orgs.models import Organiser, Person, Unit

SHEET = "sheet"
INVITATION = "invitation"
# Letters and digits that cannot be misread on paper (no 0/O, 1/l/I).
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 10
USERNAME_MAX_LENGTH = 150  # AbstractUser.username


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens with their own salt: a reset link is no invitation and the reverse. The token
    hashes the password, so it works once: setting the password makes it invalid."""

    key_salt = "thidua.accounts.invitation"


invitation_tokens = InvitationTokenGenerator()


@dataclass
class Created:
    user: User
    password: str | None  # the temporary password of a printed sheet, shown once; None for an invitation


def temporary_password() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def scope_label(role: str, unit: Unit | None, organiser: Organiser | None) -> str:
    with activity.log_language():
        label = str(Role(role).label)
    where = unit or organiser
    return f"{label} — {where}" if where else label


def _record(actor, account: User, summary: str, action: str = Activity.Action.UPDATE,
            changes: list[dict] | None = None) -> None:
    activity.record(actor, action, account, f"account:{account.pk}", summary=summary, changes=changes,
                    label=f"{account.full_name or account.username} ({account.username})")


def _check_grant(actor, role: str, unit: Unit | None, organiser: Organiser | None) -> None:
    if role not in Role.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    if role in UNIT_ROLES and unit is None:
        raise ValidationError(_("Vai trò này cần chọn đơn vị."))
    if role == Role.ORGANISER_STAFF and organiser is None:
        raise ValidationError(_("Vai trò này cần chọn cơ quan tổ chức."))
    unit_id = unit.pk if unit is not None and role in UNIT_ROLES else None
    organiser_id = organiser.pk if organiser is not None and role == Role.ORGANISER_STAFF else None
    if not scope.may_grant(actor, role, unit_id, organiser_id):
        raise ValidationError(_("Bạn không được cấp vai trò “%(role)s” cho %(scope)s: vai trò này vượt quá phạm vi "
                                "quản lý của bạn.") % {"role": Role(role).label, "scope": unit or organiser
                                                      or _("toàn hệ thống")})


def _check_person(actor, person: Person | None, unit: Unit | None) -> None:
    if person is None:
        return
    if unit is not None and person.unit_id != unit.pk:
        raise ValidationError(_("Cá nhân %(name)s không thuộc đơn vị %(unit)s.") % {"name": person, "unit": unit})
    if unit is None and not actor.is_system_admin:
        raise ValidationError(_("Bạn không được gắn tài khoản với cá nhân này."))
    holder = User.objects.filter(person=person).first()
    if holder is not None:
        raise ValidationError(_("Cá nhân %(name)s đã có tài khoản %(username)s.")
                              % {"name": person, "username": holder.username})


def _check_username(username: str) -> str:
    username = username.strip()
    if not username:
        raise ValidationError(_("Cần nhập tên đăng nhập."))
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationError(_("Tên đăng nhập chỉ gồm chữ, số và các dấu . @ + - _ (không có dấu cách).")) from None
    if len(username) > USERNAME_MAX_LENGTH:
        raise ValidationError(_("Tên đăng nhập quá dài."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Tên đăng nhập %(username)s đã có người dùng.") % {"username": username})
    return username


def invitation_link(account: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    path = reverse("invitation_accept", args=[uid, invitation_tokens.make_token(account)])
    return base_url.rstrip("/") + path


def _send_invitation(account: User, base_url: str, sender: User) -> None:
    if not account.email:
        raise ValidationError(_("Tài khoản chưa có địa chỉ e-mail để gửi thư mời."))
    with activity.log_language():
        context = {"account": account, "link": invitation_link(account, base_url), "sender": sender,
                   "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
        subject = _("ThiĐua: mời đặt mật khẩu cho tài khoản %(username)s") % {"username": account.username}
        body = render_to_string("accounts/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [account.email])
    except (smtplib.SMTPException, OSError) as error:
        raise ValidationError(_("Không gửi được thư mời tới %(email)s (%(error)s). Chưa có gì được lưu; hãy kiểm tra "
                                "địa chỉ hoặc chọn cách in phiếu mật khẩu.") % {"email": account.email,
                                                                                 "error": error}) from error


@transaction.atomic
def create_account(actor, *, username: str, full_name: str, role: str, unit: Unit | None = None,
                   organiser: Organiser | None = None, person: Person | None = None, position: str = "",
                   email: str = "", method: str = SHEET, base_url: str = "") -> Created:
    """A new account with its first role, linked to its person record, and its way of first logging in: a
    temporary password for a printed sheet, or an invitation e-mail. Refused, with nothing written, when the role
    is beyond the actor's reach."""
    _check_grant(actor, role, unit, organiser)
    username = _check_username(username)
    if not full_name.strip():
        raise ValidationError(_("Cần nhập họ và tên."))
    _check_person(actor, person, unit if role in UNIT_ROLES else None)
    if method not in (SHEET, INVITATION):
        raise ValidationError(_("Cần chọn cách đăng nhập lần đầu."))
    if method == INVITATION and not email.strip():
        raise ValidationError(_("Cần nhập e-mail để gửi thư mời."))
    account = User(username=username, full_name=full_name.strip(), position=position.strip(), email=email.strip(),
                   person=person, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    password = temporary_password() if method == SHEET else None
    if password:
        account.set_password(password)
        account.must_change_password = True
    else:
        account.set_unusable_password()
    account.save()
    RoleAssignment.objects.create(user=account, role=role, unit=unit if role in UNIT_ROLES else None,
                                  organiser=organiser if role == Role.ORGANISER_STAFF else None)
    how = (_("phiếu in mật khẩu tạm") if method == SHEET else _("thư mời gửi tới %(email)s") % {"email": email})
    with activity.log_language():
        summary = f"Tạo tài khoản {username}: {scope_label(role, unit, organiser)}; đăng nhập lần đầu bằng {how}"
    _record(actor, account, summary, Activity.Action.CREATE)
    if method == INVITATION:
        _send_invitation(account, base_url, actor)
    return Created(account, password)


@transaction.atomic
def create_accounts(actor, rows: list[dict]) -> list[Created]:
    """Several accounts at once, each with its printed sheet (a block's officers and leaders in one go): every row
    as `create_account` takes it (username, full_name, role, unit, position, email, person), all written or none;
    a refusal names its row."""
    if not rows:
        raise ValidationError(_("Chưa có dòng nào được điền."))
    names = [str(row.get("username", "")).strip().lower() for row in rows]
    for number, name in enumerate(names, start=1):
        if name and names.index(name) + 1 != number:
            raise ValidationError(_("Dòng %(row)s: tên đăng nhập %(username)s trùng với dòng %(first)s.")
                                  % {"row": number, "username": rows[number - 1]["username"],
                                     "first": names.index(name) + 1})
    created = []
    for number, row in enumerate(rows, start=1):
        try:
            created.append(create_account(actor, method=SHEET, **row))
        except ValidationError as error:
            raise ValidationError(_("Dòng %(row)s: %(error)s") % {"row": number, "error": " ".join(error.messages)}
                                  ) from error
    return created


def _check_manages(actor, account: User) -> None:
    if account.pk == actor.pk:
        raise ValidationError(_("Bạn không thể tự thay đổi tài khoản của chính mình ở đây."))
    if not scope.may_manage_account(actor, account):
        raise ValidationError(_("Tài khoản này có vai trò ngoài phạm vi quản lý của bạn."))


@transaction.atomic
def grant_role(actor, account: User, role: str, unit: Unit | None = None,
               organiser: Organiser | None = None) -> RoleAssignment:
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    _check_grant(actor, role, unit, organiser)
    unit = unit if role in UNIT_ROLES else None
    organiser = organiser if role == Role.ORGANISER_STAFF else None
    if account.role_assignments.filter(role=role, unit=unit, organiser=organiser).exists():
        raise ValidationError(_("Tài khoản đã có vai trò này."))
    assignment = RoleAssignment.objects.create(user=account, role=role, unit=unit, organiser=organiser)
    if role == Role.ADMIN and not account.is_superuser:
        account.is_staff = account.is_superuser = True
        account.save(update_fields=["is_staff", "is_superuser"])
    label = scope_label(role, unit, organiser)
    _record(actor, account, f"Thêm vai trò: {label}", changes=[{"field": "vai trò", "old": "", "new": label}])
    return assignment


@transaction.atomic
def withdraw_role(actor, assignment: RoleAssignment) -> None:
    account = User.objects.select_for_update().get(pk=assignment.user_id)
    assignment = RoleAssignment.objects.select_related("unit", "organiser").get(pk=assignment.pk)
    assignment.user = account
    if account.pk == actor.pk:
        raise ValidationError(_("Bạn không thể tự thu hồi vai trò của chính mình."))
    if not scope.may_withdraw(actor, assignment):
        raise ValidationError(_("Vai trò này ngoài phạm vi quản lý của bạn."))
    if not actor.is_system_admin and account.role_assignments.count() == 1:
        raise ValidationError(_("Đây là vai trò cuối cùng của tài khoản: hãy khóa tài khoản thay vì thu hồi."))
    label = scope_label(assignment.role, assignment.unit, assignment.organiser)
    assignment.delete()
    if assignment.role == Role.ADMIN and account.is_superuser:
        account.is_staff = account.is_superuser = False
        account.save(update_fields=["is_staff", "is_superuser"])
    _record(actor, account, f"Thu hồi vai trò: {label}", changes=[{"field": "vai trò", "old": label, "new": ""}])


DETAIL_FIELDS = ["full_name", "position", "email", "person"]


def details_version(account: User) -> str:
    """The version of an account's details as its edit page carries it (core.versions)."""
    return versions.token(account, f"account:{account.pk}", versions.field_values(account, DETAIL_FIELDS))


@transaction.atomic
def save_account_details(actor, account: User, *, full_name: str, position: str = "", email: str = "",
                         person: Person | None = None, loaded_version: str | None = None) -> list[dict]:
    """Edit an account's name, position, e-mail and person record; the person must work in one of the units the
    account holds a role in (any person for an administrator). Logs the fields that changed, old → new.
    `loaded_version`: the version the edit page was loaded with; refused (core.versions.StaleVersion) when the
    stored details are newer."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    versions.check(account, f"account:{account.pk}", versions.field_values(account, DETAIL_FIELDS), loaded_version)
    if not full_name.strip():
        raise ValidationError(_("Cần nhập họ và tên."))
    if person is not None and person.pk != account.person_id:
        units = set(account.role_assignments.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True))
        if person.unit_id not in units and not actor.is_system_admin:
            raise ValidationError(_("Cá nhân %(name)s không thuộc đơn vị nào mà tài khoản có vai trò.")
                                  % {"name": person})
        holder = User.objects.filter(person=person).exclude(pk=account.pk).first()
        if holder is not None:
            raise ValidationError(_("Cá nhân %(name)s đã có tài khoản %(username)s.")
                                  % {"name": person, "username": holder.username})
    before = activity.snapshot(account, DETAIL_FIELDS)
    account.full_name, account.position, account.email = full_name.strip(), position.strip(), email.strip()
    account.person = person
    account.save(update_fields=["full_name", "position", "email", "person"])
    changes = activity.diff(account, before, activity.snapshot(account, DETAIL_FIELDS))
    if changes:
        _record(actor, account, "Sửa thông tin tài khoản", changes=changes)
    return changes


@transaction.atomic
def set_active(actor, account: User, active: bool) -> None:
    """Deactivate (the account can no longer log in; its roles stay for a reactivation) or reactivate."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    if account.is_active == active:
        raise ValidationError(_("Tài khoản đã ở trạng thái này."))
    account.is_active = active
    account.save(update_fields=["is_active"])
    old, new = ("Không", "Có") if active else ("Có", "Không")
    _record(actor, account, "Mở lại tài khoản" if active else "Khóa tài khoản",
            changes=[{"field": "đang hoạt động", "old": old, "new": new}])


@transaction.atomic
def issue_temporary_password(actor, account: User) -> str:
    """A new temporary password for a printed sheet (a forgotten password, a lost sheet); to change at log-in."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    password = temporary_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    _record(actor, account, "Cấp mật khẩu tạm (phiếu in)")
    return password


@transaction.atomic
def send_invitation(actor, account: User, base_url: str) -> None:
    """Send (again) an invitation e-mail; an earlier link still works until a password is set or it expires."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    if not account.is_active:
        raise ValidationError(_("Tài khoản đang bị khóa: hãy mở lại trước khi gửi thư mời."))
    _send_invitation(account, base_url, actor)
    _record(actor, account, f"Gửi thư mời đặt mật khẩu tới {account.email}")


def invitation_account(uidb64: str, token: str) -> tuple[User | None, str]:
    """The account an invitation link is for and the link's state: "valid", "expired", "used" (or invalid) or
    "inactive"."""
    try:
        account = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None, "used"
    if not account.is_active:
        return account, "inactive"
    if invitation_tokens.check_token(account, token):
        return account, "valid"
    try:
        issued = base36_to_int(token.split("-")[0])
    except ValueError:
        return account, "used"
    # Seconds since 1/1/2001, as PasswordResetTokenGenerator counts them.
    age = int((dt.datetime.now() - dt.datetime(2001, 1, 1)).total_seconds()) - issued
    # The age read from the link says whether it is too old; a link within its time that fails was used (or is
    # not ours): a set password changes what the token hashes.
    return account, "expired" if age > settings.PASSWORD_RESET_TIMEOUT else "used"


def _validate_password(password: str, account: User) -> None:
    password_validation.validate_password(password, account)


@transaction.atomic
def accept_invitation(uidb64: str, token: str, password: str) -> User:
    """Set the account's own password through its invitation link; the link works once."""
    account, state = invitation_account(uidb64, token)
    if account is None or state != "valid":
        raise ValidationError(_("Liên kết mời không còn dùng được."))
    account = User.objects.select_for_update().get(pk=account.pk)
    if not invitation_tokens.check_token(account, token):
        raise ValidationError(_("Liên kết mời không còn dùng được."))
    _validate_password(password, account)
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "must_change_password"])
    _record(account, account, "Đặt mật khẩu qua thư mời")
    return account


@transaction.atomic
def change_own_password(account: User, password: str) -> None:
    """The user's own new password (the form has checked the old one); ends the temporary password's hold."""
    _validate_password(password, account)
    if account.check_password(password):  # a temporary password kept would stay known to whoever printed it
        raise ValidationError(_("Mật khẩu mới phải khác mật khẩu đang dùng."))
    was_temporary = account.must_change_password
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "must_change_password"])
    _record(account, account, "Đổi mật khẩu tạm lần đầu đăng nhập" if was_temporary else "Đổi mật khẩu")


def demo_refused(account: User) -> bool:
    """A demo account outside demo mode: it may not log in nor be sent a reset link (its password is public)."""
    return account.is_demo and not settings.DEMO_MODE


def login_locked(account: User) -> bool:
    """Whether log-in is held for this account after too many wrong passwords (django-axes, AXES_FAILURE_LIMIT)."""
    return AccessAttempt.objects.filter(username=account.username,
                                        failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()


@transaction.atomic
def unlock_login(actor, account: User) -> int:
    """Lift the hold that wrong passwords put on an account's log-in, from every address (the organiser's
    administrator does it for a voter locked out before a vote). Returns the attempts cleared."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _check_manages(actor, account)
    cleared = axes_reset(username=account.username)
    if not cleared:
        raise ValidationError(_("Tài khoản không bị tạm khóa đăng nhập."))
    _record(actor, account, "Mở khóa đăng nhập (sau nhiều lần nhập sai mật khẩu)")
    return cleared


@transaction.atomic
def reset_own_password(account: User, password: str) -> None:
    """The password chosen through a reset link sent by e-mail (the form has checked the link). Ends a temporary
    password's hold and the wrong-password lock of the account."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if demo_refused(account) or not account.is_active:
        raise ValidationError(_("Tài khoản này không đặt lại mật khẩu được."))
    _validate_password(password, account)
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "must_change_password"])
    axes_reset(username=account.username)
    _record(account, account, "Đặt lại mật khẩu qua thư (quên mật khẩu)")
