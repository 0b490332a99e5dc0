from django.urls import path

from thidua.core import job_views

urlpatterns = [
    path("cong-viec/<uuid:pk>/", job_views.job_detail, name="job_detail"),
    path("cong-viec/<uuid:pk>/tai-ve/", job_views.job_download, name="job_download"),
]
