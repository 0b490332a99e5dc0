"""The public notices (no log-in): mounted at /cong-khai/ by thidua.urls."""

from django.urls import path

from thidua.dossiers import notice_views

app_name = "notices"
urlpatterns = [
    path("", notice_views.public_index, name="index"),
    path("<slug:slug>/", notice_views.public_notice, name="notice"),
]
