from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    verbose_name = _("Phong trào, giao ước, đăng ký thi đua")

    def ready(self):
        from thidua.movements.domain.covenants import registered_targets
        from thidua.scoring.domain.targets import register_target_source

        # Scoring, a layer below, scores quantitative criteria against the targets registered here.
        register_target_source(registered_targets)
