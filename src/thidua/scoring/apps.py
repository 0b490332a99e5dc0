from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = _("Tiêu chí, chấm điểm, xếp hạng")

    def ready(self):
        from thidua.clusters.domain.periods import register_entry_check
        from thidua.clusters.enums import Phase
        from thidua.scoring.domain.sheets import issues_before_voting

        register_entry_check(Phase.VOTING, issues_before_voting)
