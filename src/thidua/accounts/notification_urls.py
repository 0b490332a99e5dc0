from django.urls import path

from thidua.accounts import notification_views as views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("cai-dat/", views.notification_settings, name="settings"),
    path("da-doc-tat-ca/", views.notification_read_all, name="read_all"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/da-doc/", views.notification_read, name="read"),
]
