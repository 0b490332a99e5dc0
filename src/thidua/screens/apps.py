from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    """Pages that combine several apps (home, the printable year page); no models."""

    name = "thidua.screens"
    verbose_name = _("Trang tổng hợp")
