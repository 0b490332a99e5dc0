"""Who may see a cluster year's commendation figures and the records behind them: the organiser's staff, the
staff of the cluster's member units that year, and system administrators."""

import rules

from thidua.accounts.rules import is_system_admin
from thidua.clusters.rules import is_organiser_staff_of_period


@rules.predicate
def works_for_member_unit(user, period):
    return (user.is_authenticated and period is not None and bool(user.unit_ids)
            and period.memberships.filter(unit_id__in=user.unit_ids).exists())


rules.add_perm("reports.view_cluster_figures",
               is_system_admin | is_organiser_staff_of_period | works_for_member_unit)
