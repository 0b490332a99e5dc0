"""The "Quy định" section (/quy-dinh/): law kept as data, each table declared by the app that owns it
(core.law_pages). A new table — the council's vote thresholds, say — is one more entry in NATIONAL or PROVINCE."""

from django.urls import path

from thidua.awards.interfaces import law as awards_law
from thidua.core import workdays
from thidua.core.law_pages import law_urls
from thidua.dossiers.interfaces import law as dossiers_law
from thidua.screens import views
from thidua.voting.interfaces import law as voting_law

# What the law fixes for every province (the system administrator's), and what it leaves to each province.
NATIONAL = [*awards_law.NATIONAL_TABLES, *voting_law.NATIONAL_TABLES, *dossiers_law.NATIONAL_TABLES,
            *workdays.NATIONAL_TABLES]
PROVINCE = [*dossiers_law.PROVINCE_TABLES, *awards_law.PROVINCE_TABLES]

app_name = "law"
urlpatterns = [
    path("", views.law_settings, {"national": NATIONAL, "province": PROVINCE}, name="index"),
    *law_urls(NATIONAL + PROVINCE),
]
