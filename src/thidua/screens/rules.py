"""Who sees the dashboards: a cluster's — the system administrator, the organiser's staff, and the staff of a unit
that was a member (or the head) of the cluster in one of its years, who then see only their years' figures
(screens.domain.dashboards); an organiser's (the province's Department of Home Affairs): the system
administrator, and the organiser's own staff, for their organiser only."""

import rules

from thidua.accounts.rules import is_system_admin, works_for_organiser
from thidua.clusters.models import LeadershipTerm, Membership
from thidua.clusters.rules import is_organiser_staff_of_cluster


@rules.predicate
def works_for_a_member_of_cluster(user, cluster):
    if not (user.is_authenticated and cluster is not None and user.unit_ids):
        return False
    return (Membership.objects.filter(period__cluster=cluster, unit_id__in=user.unit_ids).exists()
            or LeadershipTerm.objects.filter(period__cluster=cluster, unit_id__in=user.unit_ids).exists())


rules.add_perm("screens.view_cluster_dashboard",
               is_system_admin | is_organiser_staff_of_cluster | works_for_a_member_of_cluster)
rules.add_perm("screens.view_province", is_system_admin | works_for_organiser)
