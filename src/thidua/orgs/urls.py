from django.urls import path

from thidua.orgs import council_views, import_views, setup_views, views

app_name = "orgs"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person_detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("hoi-dong/", council_views.council_list, name="council_list"),
    path("hoi-dong/tao/", council_views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", council_views.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/sua/", council_views.council_edit, name="council_edit"),
    path("hoi-dong/<int:pk>/them-thanh-vien/", council_views.member_add, name="council_member_add"),
    path("hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/ket-thuc/", council_views.member_end,
         name="council_member_end"),
    path("hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/xoa/", council_views.member_delete,
         name="council_member_delete"),
    # set-up ("Danh mục"): organisers, one unit, one person
    path("co-quan-to-chuc/", setup_views.organiser_list, name="organiser_list"),
    path("co-quan-to-chuc/them/", setup_views.organiser_create, name="organiser_create"),
    path("co-quan-to-chuc/<int:pk>/sua/", setup_views.organiser_edit, name="organiser_edit"),
    path("don-vi/them/", setup_views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/them-ca-nhan/", setup_views.person_create, name="person_create"),
    path("ca-nhan/them/", setup_views.person_create_choose, name="person_create_choose"),
    path("nhap-excel/", import_views.import_start, name="import_start"),
    path("nhap-excel/mau/<slug:kind>/", import_views.import_template, name="import_template"),
    path("nhap-excel/xem-truoc/", import_views.import_preview, name="import_preview"),
    path("nhap-excel/danh-sach-loi/", import_views.import_errors, name="import_errors"),
    path("nhap-excel/xac-nhan/", import_views.import_confirm, name="import_confirm"),
]
