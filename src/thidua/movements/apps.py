from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    verbose_name = _("Phong trào, giao ước, đăng ký thi đua")

    def ready(self):
        from thidua.clusters.domain.periods import register_entry_check
        from thidua.clusters.enums import Phase
        from thidua.movements.domain.covenants import registered_targets
        from thidua.movements.domain.gates import covenant_unsigned, registrations_missing
        from thidua.scoring.domain.targets import register_target_source

        # Scoring, a layer below, scores quantitative criteria against the targets registered here.
        register_target_source(registered_targets)
        # The race starts when every member has registered and the covenant is signed by all.
        register_entry_check(Phase.IN_PROGRESS, registrations_missing)
        register_entry_check(Phase.IN_PROGRESS, covenant_unsigned)
