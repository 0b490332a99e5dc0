from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("cum-khoi/nam/<int:pk>/khen-thuong/", views.cluster_figures, name="cluster_figures"),
    path("cum-khoi/nam/<int:pk>/khen-thuong/chi-tiet/", views.figures_drilldown, name="figures_drilldown"),
]
