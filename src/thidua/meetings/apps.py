from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "thidua.meetings"
    verbose_name = "Hội nghị sơ kết, tổng kết"
