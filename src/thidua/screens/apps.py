from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    """Pages that combine several apps (home, the printable year page); no models."""

    name = "thidua.screens"
    verbose_name = _("Trang tổng hợp")

    def ready(self):
        from thidua.core.activity import register_target_view

        # A ballot session's entries on its cluster's timeline show to who may see the session. Declared here,
        # above voting, while voting's rules are reworked for issue 11 (its rules.py is another change's);
        # it belongs with voting's other permissions in voting/rules.py.
        register_target_view("voting.ballotsession", "voting.view_session", related=("period__cluster",))
