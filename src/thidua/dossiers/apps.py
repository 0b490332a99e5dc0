from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "thidua.dossiers"
    verbose_name = "Hồ sơ đề nghị khen thưởng"
