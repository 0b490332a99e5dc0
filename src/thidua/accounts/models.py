"""Users and the roles they hold. A role is held for a unit (officer, head-unit staff, leader), for an
organiser (its staff) or for the whole system (admin). Permissions are derived from these by predicates."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    ORGANISER_STAFF = "organiser_staff", _("Cán bộ cơ quan tổ chức cụm, khối")
    HEAD_STAFF = "head_staff", _("Cán bộ đơn vị trưởng cụm")
    UNIT_OFFICER = "unit_officer", _("Cán bộ thi đua của đơn vị")
    LEADER = "leader", _("Lãnh đạo đơn vị (bỏ phiếu, ký)")


# A list, not a set: the check constraint below is written into a migration, and a set's order changes between
# runs, which would make Django see a new migration every time.
UNIT_ROLES = [Role.LEADER, Role.HEAD_STAFF, Role.UNIT_OFFICER]


class EmailChoice(models.TextChoices):
    """How a user wants the notifications by e-mail (in the app they are always shown)."""

    IMMEDIATE = "immediate", _("Gửi e-mail ngay khi có thông báo")
    DIGEST = "digest", _("Gửi một e-mail tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi e-mail, chỉ xem trong phần mềm")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    # The person record of a unit's officer or leader (orgs.Person): who the account is, for papers and councils.
    # One account per person; the person's record stays when the account goes.
    person = models.OneToOneField("orgs.Person", verbose_name=_("cá nhân"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="user_account")
    # Set when the account was given a temporary password (a printed sheet): every page sends the user to the
    # password change until they choose their own (accounts.middleware).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    # A demo account (thidua demo) has the shared demo password: it logs in only while demo mode is on, so that a
    # demo database served without demo mode is not open to anyone who read the README (accounts.middleware).
    is_demo = models.BooleanField(_("tài khoản trình diễn"), default=False, db_default=False)
    # Notifications by e-mail (accounts.domain.notifications): at once, in one daily digest (the default), or none;
    # and when the last digest was sent, so that one day's digest is never sent twice.
    notification_email = models.CharField(_("nhận thông báo qua e-mail"), max_length=10, choices=EmailChoice.choices,
                                          default=EmailChoice.DIGEST, db_default=EmailChoice.DIGEST)
    digest_sent_at = models.DateTimeField(_("lần gửi e-mail tổng hợp gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def _scopes(self):
        """The user's roles, read once per request object and kept on it."""
        if not hasattr(self, "_role_cache"):
            roles = list(self.role_assignments.values_list("role", "unit_id", "organiser_id"))
            self._role_cache = {
                "admin": self.is_superuser or any(r == Role.ADMIN for r, _u, _o in roles),
                "units": {u for r, u, _o in roles if r in UNIT_ROLES and u},
                "officer_units": {u for r, u, _o in roles if r in (Role.UNIT_OFFICER, Role.HEAD_STAFF) and u},
                "head_units": {u for r, u, _o in roles if r == Role.HEAD_STAFF and u},
                "leader_units": {u for r, u, _o in roles if r == Role.LEADER and u},
                "organisers": {o for r, _u, o in roles if r == Role.ORGANISER_STAFF and o},
                "roles": {r for r, _u, _o in roles},
            }
        return self._role_cache

    @property
    def is_system_admin(self) -> bool:
        return self._scopes()["admin"]

    @property
    def unit_ids(self) -> set[int]:
        """Units the user works for, in any unit role."""
        return self._scopes()["units"]

    @property
    def officer_unit_ids(self) -> set[int]:
        """Units whose data the user may change."""
        return self._scopes()["officer_units"]

    @property
    def head_unit_ids(self) -> set[int]:
        return self._scopes()["head_units"]

    @property
    def organiser_ids(self) -> set[int]:
        return self._scopes()["organisers"]

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self._scopes()["roles"])]


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="role_assignments")
    organiser = models.ForeignKey("orgs.Organiser", verbose_name=_("cơ quan tổ chức"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches",
                condition=(
                    Q(role=Role.ADMIN, unit__isnull=True, organiser__isnull=True)
                    | Q(role=Role.ORGANISER_STAFF, unit__isnull=True, organiser__isnull=False)
                    | Q(role__in=[r.value for r in UNIT_ROLES], unit__isnull=False, organiser__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "organiser"], name="role_assignment_unique"),
        ]

    def __str__(self):
        scope = self.unit or self.organiser or ""
        return f"{self.user} — {self.get_role_display()} {scope}".strip()


class Notification(models.Model):
    """Something that happened for a user to act on or know (a phase opened, an appraisal came back…), with the
    page it is about. `key` names the event, so the same event never notifies a user twice."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(_("mã sự kiện"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            # the bell: a count of the user's unread ones on every page
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # the list, newest first, and the digest's "since the last one"
            models.Index(fields=["recipient", "created_at"], name="notification_recipient_time"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_once"),
        ]

    def __str__(self):
        return self.title
