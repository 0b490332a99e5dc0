from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    verbose_name = _("Tổ chức, đơn vị, con người")

    def ready(self):
        from django.db.models.signals import post_migrate

        from thidua.core.search import register_name_index
        from thidua.orgs import name_index
        from thidua.orgs.models import Person, PersonName

        # Person search goes through the index of distinct names; its triggers are checked after migrate.
        register_name_index(Person, PersonName)
        post_migrate.connect(name_index.after_migrate, sender=self)
