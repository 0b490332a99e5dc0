"""Who may see a cluster year's commendation figures and the records behind them: the organiser's staff, the
staff of the cluster's member units that year, and system administrators."""

import rules

from thidua.accounts.rules import has_an_organiser, is_system_admin, works_for_organiser
from thidua.clusters.rules import is_head_staff_of_period, is_organiser_staff_of_period
from thidua.core.activity import register_target_view
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser


@rules.predicate
def works_for_member_unit(user, period):
    return (user.is_authenticated and period is not None and bool(user.unit_ids)
            and period.memberships.filter(unit_id__in=user.unit_ids).exists())


rules.add_perm("reports.view_cluster_figures",
               is_system_admin | is_organiser_staff_of_period | works_for_member_unit)

# The year-end report (báo cáo tổng kết): read by those who see the figures; its narrative written by the head
# unit's staff of that year and the organiser's staff (members' staff read it only).
rules.add_perm("reports.view_year_report", is_system_admin | is_organiser_staff_of_period | works_for_member_unit)
rules.add_perm("reports.change_year_report",
               is_system_admin | is_organiser_staff_of_period | is_head_staff_of_period)
register_target_view("reports.yearreport", "reports.view_year_report", subject="period",
                     related=("period__cluster",))


def may_see_ranking(user, period) -> bool:
    """The year-end report prints the ranking to who may see it on the ranking page (scoring.view_ranking: who
    manages the year, and the members' staff once it is published)."""
    return user.has_perm("scoring.view_ranking", period)

@rules.predicate
def works_for_central_council(user):
    """Staff of the Central Emulation and Commendation Council's organiser (OrganiserKind.CENTRAL)."""
    return (user.is_authenticated and bool(user.organiser_ids)
            and Organiser.objects.filter(pk__in=user.organiser_ids, kind=OrganiserKind.CENTRAL).exists())


# The national statistical forms (reports.domain.statforms): an organiser's own staff for their organiser, the
# system administrator for any; typing the figures the system does not hold likewise. The whole country's forms
# (toan-quoc): the system administrator and the Central council's staff — the council compiles the country's
# report, and its own organiser's forms are the country's figures too (compute.Scope.national), so both pages are
# open to the same people. The records behind a figure are only those of the registry the user may list
# (awards.domain.queries.records_visible_to); the figures stay whole.
rules.add_perm("reports.list_statforms", is_system_admin | has_an_organiser)
rules.add_perm("reports.view_statforms", is_system_admin | works_for_organiser)
rules.add_perm("reports.input_statforms", is_system_admin | works_for_organiser)
rules.add_perm("reports.view_national_statforms", is_system_admin | works_for_central_council)
register_target_view("reports.statisticalinput", "reports.view_statforms", subject="organiser",
                     related=("organiser",))
