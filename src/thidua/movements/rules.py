"""Who may manage movements, the covenant and registrations of a period, and who may register or sign."""

import rules

from thidua.accounts.rules import is_system_admin
from thidua.clusters.rules import is_head_staff_of_period, is_organiser_staff_of_period


@rules.predicate
def is_officer_of_a_member(user, period):
    if not (user.is_authenticated and period is not None and user.officer_unit_ids):
        return False
    return period.memberships.filter(unit_id__in=user.officer_unit_ids).exists()


@rules.predicate
def is_staff_of_a_member(user, period):
    if not (user.is_authenticated and period is not None and user.unit_ids):
        return False
    return period.memberships.filter(unit_id__in=user.unit_ids).exists()


manages_period = is_system_admin | is_organiser_staff_of_period | is_head_staff_of_period

rules.add_perm("movements.manage_year", manages_period)
rules.add_perm("movements.view_year", manages_period | is_staff_of_a_member)
rules.add_perm("movements.register", is_officer_of_a_member)
rules.add_perm("movements.sign", is_officer_of_a_member | manages_period)
