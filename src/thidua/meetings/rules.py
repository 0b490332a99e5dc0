"""Conferences are recorded by whoever manages the period and seen by its members."""

import rules

from thidua.clusters.rules import is_staff_of_a_member, manages_period
from thidua.core.activity import register_target_view

rules.add_perm("meetings.manage_conference", manages_period)
rules.add_perm("meetings.view_conference", manages_period | is_staff_of_a_member)

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("meetings.conference", "meetings.view_conference", subject="period",
                     related=("period__cluster",))
