"""Who may manage movements, the covenant and registrations of a period, and who may register or sign."""

import rules

from thidua.clusters.rules import is_officer_of_a_member, is_staff_of_a_member, manages_period

rules.add_perm("movements.manage_year", manages_period)
rules.add_perm("movements.view_year", manages_period | is_staff_of_a_member)
rules.add_perm("movements.register", is_officer_of_a_member)
rules.add_perm("movements.sign", is_officer_of_a_member | manages_period)
