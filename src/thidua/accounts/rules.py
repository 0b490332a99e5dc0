"""Permission predicates shared by all apps, derived from role assignments (the `rules` package).

Every protected view checks one of the permissions registered here or in an app's rules.py."""

import rules

from thidua.accounts.domain import scope
from thidua.core.activity import register_target_view
from thidua.orgs.domain.provinces import province_organiser_ids
from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.models import Unit


@rules.predicate
def is_system_admin(user):
    return user.is_authenticated and user.is_system_admin


def organiser_manages_unit(user, unit_id: int) -> bool:
    """An organiser's staff manage the units that are members of the clusters it organises."""
    if not user.organiser_ids:
        return False
    return Unit.objects.filter(pk=unit_id, pk__in=units_reached_by(user.organiser_ids)).exists()


@rules.predicate
def is_officer_of_unit(user, unit):
    return user.is_authenticated and unit is not None and unit.pk in user.officer_unit_ids


@rules.predicate
def organiser_of_unit(user, unit):
    return user.is_authenticated and unit is not None and organiser_manages_unit(user, unit.pk)


@rules.predicate
def works_for_unit(user, unit):
    return user.is_authenticated and unit is not None and unit.pk in user.unit_ids


@rules.predicate
def works_for_persons_unit(user, person):
    return user.is_authenticated and person is not None and person.unit_id in user.unit_ids


@rules.predicate
def is_officer_of_persons_unit(user, person):
    return user.is_authenticated and person is not None and person.unit_id in user.officer_unit_ids


@rules.predicate
def organiser_of_persons_unit(user, person):
    return user.is_authenticated and person is not None and organiser_manages_unit(user, person.unit_id)


@rules.predicate
def is_province_staff(user):
    return bool(province_organiser_ids(user))


@rules.predicate
def keeps_rows_province(user, row):
    """A row of delegated law (a deadline, a local award name) belongs to one of the user's provinces."""
    return row is not None and getattr(row, "organiser_id", None) in province_organiser_ids(user)


@rules.predicate
def manages_accounts(user):
    return scope.may_manage_accounts(user)


@rules.predicate
def sees_account(user, account):
    """An account with a role within the user's reach (every account for an administrator)."""
    if account is None or not scope.may_manage_accounts(user):
        return False
    return user.is_system_admin or scope.visible_assignments(user).filter(user_id=account.pk).exists()


@rules.predicate
def manages_account(user, account):
    return account is not None and scope.may_manage_account(user, account)


@rules.predicate
def may_withdraw_role(user, assignment):
    return assignment is not None and scope.may_withdraw(user, assignment)


@rules.predicate
def is_staff_of_councils_organiser(user, council):
    """An organiser's staff keep its council (Hội đồng TĐKT) and its members; nobody else's."""
    return user.is_authenticated and council is not None and council.organiser_id in user.organiser_ids


is_logged_in = rules.is_authenticated

rules.add_perm("orgs.view_unit", is_logged_in)
rules.add_perm("orgs.change_unit", is_system_admin | is_officer_of_unit | organiser_of_unit)
rules.add_perm("orgs.view_person", is_system_admin | works_for_persons_unit | organiser_of_persons_unit)
rules.add_perm("orgs.change_person", is_system_admin | is_officer_of_persons_unit | organiser_of_persons_unit)
# The people of a unit as a whole (its timeline's entries about them, the files imported into it): as view_person,
# asked once per unit.
rules.add_perm("orgs.view_people_of_unit", is_system_admin | works_for_unit | organiser_of_unit)
# Accounts on the app's pages (accounts/domain/scope.py says who gives which role).
rules.add_perm("accounts.manage", manages_accounts)
rules.add_perm("accounts.view_account", sees_account)
rules.add_perm("accounts.change_account", manages_account)
rules.add_perm("accounts.withdraw_role", may_withdraw_role)


@rules.predicate
def is_recipient(user, notification):
    return user.is_authenticated and notification is not None and notification.recipient_id == user.pk


# A notification is its recipient's alone: nobody else reads, opens or marks it, the system administrator included.
rules.add_perm("accounts.read_notification", is_recipient)
rules.add_perm("orgs.import", is_system_admin | rules.predicate(lambda u: bool(u.officer_unit_ids or u.organiser_ids)))
# Law kept as data (/quy-dinh/): what the law fixes for every province is the system administrator's; what it leaves
# to a province, that province's emulation administrator's (its own rows only).
rules.add_perm("law.view_settings", is_system_admin | is_province_staff)
rules.add_perm("law.edit_national", is_system_admin)
rules.add_perm("law.view_delegated", is_system_admin | is_province_staff)
rules.add_perm("law.edit_delegated", is_system_admin | keeps_rows_province)


# Set-up pages ("Danh mục"): an organiser is created by the system administrator and kept by its own staff; one
# unit at a time by those who import units; people by the unit's officers and the organiser's staff who reach it.
@rules.predicate
def works_for_organiser(user, organiser):
    return user.is_authenticated and organiser is not None and organiser.pk in user.organiser_ids


@rules.predicate
def has_an_organiser(user):
    return user.is_authenticated and bool(user.organiser_ids)


rules.add_perm("orgs.list_organisers", is_system_admin | has_an_organiser)
rules.add_perm("orgs.add_organiser", is_system_admin)
rules.add_perm("orgs.change_organiser", is_system_admin | works_for_organiser)
rules.add_perm("orgs.add_unit", is_system_admin | has_an_organiser)
rules.add_perm("orgs.add_person", is_system_admin | is_officer_of_unit | organiser_of_unit)
# An organiser's council and its members by term: that organiser's staff and the system administrator.
rules.add_perm("orgs.list_councils", is_system_admin | has_an_organiser)
rules.add_perm("orgs.add_council", is_system_admin | works_for_organiser)
rules.add_perm("orgs.manage_council", is_system_admin | is_staff_of_councils_organiser)

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("orgs.unit", "orgs.view_unit")
register_target_view("orgs.person", "orgs.view_people_of_unit", subject="unit")
register_target_view("orgs.council", "orgs.manage_council")
register_target_view("orgs.organiser", "orgs.change_organiser")
register_target_view("accounts.user", "accounts.view_account")
