from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo's scenarios and generated data, with their commands (`thidua demo`, `thidua gen-data`).
    Sits above every other app and is imported by none."""

    name = "thidua.demo"
    verbose_name = _("Dữ liệu minh họa")
