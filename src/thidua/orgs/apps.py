from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    verbose_name = "Tổ chức, đơn vị, con người"
