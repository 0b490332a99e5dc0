from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    verbose_name = "Phong trào, giao ước, đăng ký thi đua"
