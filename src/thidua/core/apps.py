from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    verbose_name = _("Dùng chung")

    def ready(self):
        # The background worker runs jobs by kind: the import's and the export's register when their modules load;
        # lookups registers `field__any`.
        from thidua.core import export_jobs, import_jobs, lookups  # noqa: F401
