"""The project's URLs with Django's set_language view (path "i18n/"), for the language switch tests whether or
not thidua/urls.py already includes it."""

from django.urls import include, path

from thidua.urls import handler403, handler404, handler500  # noqa: F401
from thidua.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("i18n/", include("django.conf.urls.i18n")), *project_urlpatterns]
