from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = _("Tiêu chí, chấm điểm, xếp hạng")

    def ready(self):
        from thidua.clusters.domain.periods import register_entry_check
        from thidua.clusters.enums import Phase
        from thidua.scoring.domain.gates import before_scoring, before_voting

        # The year's phases wait for the scale before self-scoring and for every sheet locked before the vote.
        register_entry_check(Phase.SCORING, before_scoring)
        register_entry_check(Phase.VOTING, before_voting)
