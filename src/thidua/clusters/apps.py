from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    verbose_name = "Cụm, khối thi đua"
