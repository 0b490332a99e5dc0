from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "thidua.meetings"
    verbose_name = _("Hội nghị sơ kết, tổng kết")
