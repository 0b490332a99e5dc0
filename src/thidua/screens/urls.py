from django.urls import path

from thidua.screens import dashboard_views, views

app_name = "screens"
urlpatterns = [
    path("cum-khoi/nam/<int:pk>/tong-quan/", views.period_year, name="period_year"),
    path("cum-khoi/<int:pk>/bieu-do/", dashboard_views.cluster_dashboard, name="cluster_dashboard"),
    path("co-quan-to-chuc/<int:pk>/tong-hop/", dashboard_views.province_dashboard, name="province_dashboard"),
    path("co-quan-to-chuc/<int:pk>/so-sanh-nam/", dashboard_views.province_compare, name="province_compare"),
    path("co-quan-to-chuc/<int:pk>/khen-thuong/", dashboard_views.province_awards, name="province_awards"),
    path("danh-muc/", views.setup_index, name="setup_index"),
]
