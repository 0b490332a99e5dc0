from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    verbose_name = "Bỏ phiếu kín"

    def ready(self):
        # A backup asked for while a round is open would keep the order of its casts: core.backup asks us.
        from thidua.clusters.domain.periods import register_entry_check
        from thidua.clusters.enums import Phase
        from thidua.core import backup
        from thidua.voting.domain.gates import sessions_not_counted
        from thidua.voting.domain.sessions import backup_guard

        backup.register_guard(backup_guard)
        # A year closes when every ballot session of it has been counted.
        register_entry_check(Phase.CLOSED, sessions_not_counted)
