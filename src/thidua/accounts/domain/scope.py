"""Who may give which role to whom, and whose accounts a user manages.

- The system administrator gives every role: another administrator, an organiser's staff, any unit's roles.
- An organiser's staff give the unit roles (officer, head-unit staff, leader) of the units their organiser reaches
  (the members of its clusters and blocks, `orgs.domain.reach`).
- A unit's officer gives its own unit's officer and leader roles; head-unit staff also their own unit's head-unit
  staff role. Nobody gives a role wider than their own reach.

An account is managed (its roles, its password, its being active) by who could have given every role it holds;
one role outside the manager's reach leaves the account to a wider manager (only its roles within reach may be
withdrawn). Administrators' and Django staff accounts are managed by administrators only; nobody changes their
own account here."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from thidua.accounts.models import UNIT_ROLES, Role, RoleAssignment, User
from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.models import Unit

OFFICER_GIVES = (Role.UNIT_OFFICER, Role.LEADER)
# The unit roles in the order a form offers them: the most common first, the one that manages a year last.
UNIT_ROLE_ORDER = [Role.LEADER, Role.UNIT_OFFICER, Role.HEAD_STAFF]


def may_manage_accounts(actor) -> bool:
    """Whether the user may open the accounts pages at all."""
    return bool(actor.is_authenticated and (actor.is_system_admin or actor.organiser_ids or actor.officer_unit_ids))


def grantable_units(actor) -> QuerySet:
    """The units for which the user may give at least one role."""
    if actor.is_system_admin:
        return Unit.objects.all()
    condition = Q(pk__in=actor.officer_unit_ids)
    if actor.organiser_ids:
        condition |= Q(pk__in=units_reached_by(actor.organiser_ids))
    return Unit.objects.filter(condition)


def _reached(actor, unit_ids: Iterable[int]) -> set[int]:
    """Which of these units the user's organisers reach (one query)."""
    ids = {u for u in unit_ids if u is not None}
    if not ids or not actor.organiser_ids:
        return set()
    return set(Unit.objects.filter(pk__in=ids).filter(pk__in=units_reached_by(actor.organiser_ids))
               .values_list("pk", flat=True))


def roles_for_unit(actor, unit_id: int) -> list[str]:
    """The unit roles the user may give for this unit (in the order of UNIT_ROLE_ORDER)."""
    if actor.is_system_admin or _reached(actor, [unit_id]):
        return [r.value for r in UNIT_ROLE_ORDER]
    given: set[str] = set()
    if unit_id in actor.officer_unit_ids:
        given.update(OFFICER_GIVES)
    if unit_id in actor.head_unit_ids:
        given.add(Role.HEAD_STAFF)
    return [r.value for r in UNIT_ROLE_ORDER if r in given]


def may_grant(actor, role: str, unit_id: int | None = None, organiser_id: int | None = None) -> bool:
    if not actor.is_authenticated:
        return False
    if role == Role.ADMIN:
        return actor.is_system_admin and unit_id is None and organiser_id is None
    if role == Role.ORGANISER_STAFF:
        return actor.is_system_admin and organiser_id is not None and unit_id is None
    if role in UNIT_ROLES and unit_id is not None and organiser_id is None:
        return role in roles_for_unit(actor, unit_id)
    return False


def _grants_all(actor, assignments: list[RoleAssignment]) -> bool:
    reached = _reached(actor, [a.unit_id for a in assignments if a.role in UNIT_ROLES and a.unit_id is not None])
    for a in assignments:
        if a.role not in UNIT_ROLES or a.unit_id is None:
            return False
        if a.unit_id in reached:
            continue
        if not (a.role in OFFICER_GIVES and a.unit_id in actor.officer_unit_ids
                or a.role == Role.HEAD_STAFF and a.unit_id in actor.head_unit_ids):
            return False
    return True


def may_manage_account(actor, account: User) -> bool:
    """Whether the user may change this account (not their own): roles, password, active or not."""
    if not actor.is_authenticated or account.pk == actor.pk:
        return False
    if actor.is_system_admin:
        return True
    if account.is_superuser or account.is_staff:
        return False
    assignments = list(account.role_assignments.all())
    return bool(assignments) and _grants_all(actor, assignments)


def may_withdraw(actor, assignment: RoleAssignment) -> bool:
    """Whether the user may withdraw this role: one they could give, on an account not their own."""
    if not actor.is_authenticated or assignment.user_id == actor.pk:
        return False
    if actor.is_system_admin:
        return True
    holder = assignment.user
    if holder.is_superuser or holder.is_staff or holder.is_system_admin:
        return False
    return may_grant(actor, assignment.role, assignment.unit_id, assignment.organiser_id)


def visible_assignments(actor) -> QuerySet:
    """The role assignments the user sees on the accounts pages: those within their reach."""
    assignments = RoleAssignment.objects.all()
    if actor.is_system_admin:
        return assignments
    return assignments.filter(role__in=UNIT_ROLES, unit__in=grantable_units(actor).values("pk"))


def visible_accounts(actor) -> QuerySet:
    """The accounts the user sees: every account for an administrator; else those holding a role within reach."""
    if not may_manage_accounts(actor):
        return User.objects.none()
    if actor.is_system_admin:
        return User.objects.all()
    return User.objects.filter(pk__in=visible_assignments(actor).values("user_id"))
