from django.urls import path

from thidua.clusters import phase_views, setup_views, views

app_name = "clusters"
urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("tao/", setup_views.cluster_create, name="cluster_create"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/sua/", views.cluster_edit, name="cluster_edit"),
    path("<int:pk>/nhat-ky/", views.cluster_activity, name="cluster_activity"),
    path("<int:pk>/mo-nam-thi-dua/", views.period_create, name="period_create"),
    path("nam/<int:pk>/", views.period_detail, name="period_detail"),
    path("nam/<int:pk>/them-thanh-vien/", views.period_add_member, name="period_add_member"),
    path("nam/<int:pk>/bo-thanh-vien/<int:unit_id>/", views.period_remove_member, name="period_remove_member"),
    path("nam/<int:pk>/truong-pho/", views.period_set_leader, name="period_set_leader"),
    path("nam/<int:pk>/giai-doan/", phase_views.period_transition, name="period_transition"),
    path("nam/<int:pk>/ghi-nhan-nam-da-qua/", phase_views.period_record_past, name="period_record_past"),
    path("nam/<int:pk>/mo-lai/", phase_views.period_reopen, name="period_reopen"),
]
