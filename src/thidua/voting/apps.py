from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    verbose_name = "Bỏ phiếu kín"
