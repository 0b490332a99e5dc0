"""Conferences are recorded by whoever manages the period and seen by its members."""

import rules

from thidua.clusters.rules import is_staff_of_a_member, manages_period

rules.add_perm("meetings.manage_conference", manages_period)
rules.add_perm("meetings.view_conference", manages_period | is_staff_of_a_member)
