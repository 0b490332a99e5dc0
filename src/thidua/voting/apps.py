from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    verbose_name = "Bỏ phiếu kín"

    def ready(self):
        # A backup asked for while a round is open would keep the order of its casts: core.backup asks us.
        from thidua.core import backup
        from thidua.voting.domain.sessions import backup_guard

        backup.register_guard(backup_guard)
