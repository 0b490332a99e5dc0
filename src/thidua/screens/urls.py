from django.urls import path

from thidua.screens import views

app_name = "screens"
urlpatterns = [
    path("cum-khoi/nam/<int:pk>/tong-quan/", views.period_year, name="period_year"),
    path("danh-muc/", views.setup_index, name="setup_index"),
]
