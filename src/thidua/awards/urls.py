from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("lien-tuc/", views.consecutive, name="consecutive"),
    path("ca-nhan/<int:pk>/", views.person_history, name="person_history"),
    path("don-vi/<int:pk>/", views.unit_history, name="unit_history"),
    path("nhap-excel/", views.import_start, name="import_start"),
    path("nhap-excel/mau/", views.import_template, name="import_template"),
    path("nhap-excel/xem-truoc/", views.import_preview, name="import_preview"),
    path("nhap-excel/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap-excel/huy/", views.import_cancel, name="import_cancel"),
]
