from django.urls import path

from thidua.orgs import import_views, views

app_name = "orgs"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhap-excel/", import_views.import_start, name="import_start"),
    path("nhap-excel/mau/<slug:kind>/", import_views.import_template, name="import_template"),
    path("nhap-excel/xem-truoc/", import_views.import_preview, name="import_preview"),
    path("nhap-excel/danh-sach-loi/", import_views.import_errors, name="import_errors"),
    path("nhap-excel/xac-nhan/", import_views.import_confirm, name="import_confirm"),
]
