"""Who may change a cluster and manage its periods."""

import rules

from thidua.accounts.rules import is_logged_in, is_system_admin
from thidua.clusters.enums import LeadershipRole
from thidua.core.activity import register_target_view


@rules.predicate
def is_organiser_staff_of_cluster(user, cluster):
    return user.is_authenticated and cluster is not None and cluster.organiser_id in user.organiser_ids


@rules.predicate
def is_organiser_staff_of_period(user, period):
    return user.is_authenticated and period is not None and period.cluster.organiser_id in user.organiser_ids


@rules.predicate
def is_head_staff_of_period(user, period):
    """Head-unit staff manage the period their unit heads."""
    if not (user.is_authenticated and period is not None and user.head_unit_ids):
        return False
    return period.leadership_terms.filter(role=LeadershipRole.HEAD, unit_id__in=user.head_unit_ids).exists()


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

rules.add_perm("clusters.view_cluster", is_logged_in)
rules.add_perm("clusters.change_cluster", is_system_admin | is_organiser_staff_of_cluster)
rules.add_perm("clusters.manage_period", manages_period)
# What happened in a year (phases, members, criteria, peer scores saved): those who manage it and its members' staff.
rules.add_perm("clusters.view_period", manages_period | is_staff_of_a_member)
# Stepping over a phase's blockers with a written reason, over a past year's phases, and reopening a closed year
# (clusters.domain.periods.advance, record_past_phase, reopen): the organiser's, not the head unit's.
overrides_phase_gates = is_system_admin | is_organiser_staff_of_period
rules.add_perm("clusters.override_phase_gates", overrides_phase_gates)
rules.add_perm("clusters.add_cluster", is_system_admin | rules.predicate(lambda u: bool(u.organiser_ids)))

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("clusters.cluster", "clusters.view_cluster")
register_target_view("clusters.emulationperiod", "clusters.view_period", related=("cluster",))
