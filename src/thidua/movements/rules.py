"""Who may manage movements, the covenant and registrations of a period, and who may register or sign."""

import rules

from thidua.accounts.rules import is_logged_in
from thidua.clusters.rules import is_officer_of_a_member, is_staff_of_a_member, manages_period
from thidua.core.activity import register_target_view

rules.add_perm("movements.manage_year", manages_period)
rules.add_perm("movements.view_year", manages_period | is_staff_of_a_member)
rules.add_perm("movements.register", is_officer_of_a_member)
rules.add_perm("movements.sign", is_officer_of_a_member | manages_period)
# The list of movements is open to every logged-in officer.
rules.add_perm("movements.view_movement", is_logged_in)

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("movements.movement", "movements.view_movement")
register_target_view("movements.covenant", "movements.view_year", subject="period", related=("period__cluster",))
register_target_view("movements.registration", "movements.view_year", subject="period", related=("period__cluster",))
