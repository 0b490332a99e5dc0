from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    verbose_name = _("Cụm, khối thi đua")

    def ready(self):
        from thidua.clusters.domain.placement import open_periods, place_unit
        from thidua.clusters.domain.queries import unit_leadership_history, unit_memberships
        from thidua.clusters.models import Membership
        from thidua.orgs.domain.placement import register_placement
        from thidua.orgs.domain.reach import register_reach
        from thidua.orgs.interfaces.panels import register_unit_panel

        # Lower layers (orgs, accounts) ask which units an organiser's staff reach: the members of its clusters.
        register_reach(lambda organiser_ids: Membership.objects.filter(
            period__cluster__organiser_id__in=organiser_ids).values("unit_id"))
        # The "Thêm đơn vị" page (orgs) puts a new unit into one of the organiser's years, so its staff reach it.
        register_placement(open_periods, place_unit)
        register_unit_panel("clusters/_unit_panels.html", lambda unit: {
            "leadership": unit_leadership_history(unit), "memberships": unit_memberships(unit)})
