from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    verbose_name = "Danh hiệu, hình thức khen thưởng"

    def ready(self):
        from django.db.models.signals import post_migrate

        from thidua.awards.count_table import UNIT_YEAR_FIGURES
        from thidua.awards.models import AwardRecord, AwardRecordName
        from thidua.awards.name_index import RECORD_NAMES
        from thidua.core.search import register_name_index

        # Registry search goes through the index of distinct names; its triggers are checked after migrate.
        register_name_index(AwardRecord, AwardRecordName, key="search_text")
        post_migrate.connect(RECORD_NAMES.after_migrate, sender=self, weak=False)
        # The counts' triggers too: SQLite drops them when a migration rebuilds the registry's table.
        post_migrate.connect(UNIT_YEAR_FIGURES.after_migrate, sender=self, weak=False)
