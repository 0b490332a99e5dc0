from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    verbose_name = _("Tiêu chí, chấm điểm, xếp hạng")

    def ready(self):
        from thidua.clusters.domain.periods import register_entry_check, register_step_back_check
        from thidua.clusters.enums import Phase
        from thidua.scoring.domain.gates import before_scoring, before_voting, no_step_back_from_vote

        # The year's phases wait for the scale before self-scoring and for every sheet locked before the vote.
        register_entry_check(Phase.SCORING, before_scoring)
        register_entry_check(Phase.VOTING, before_voting)
        # What is final stays final: once sheets were sent, the vote does not step back to the scoring phases.
        register_step_back_check(no_step_back_from_vote)
