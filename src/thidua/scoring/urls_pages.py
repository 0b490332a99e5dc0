from django.urls import path

from thidua.scoring import repair_views, views

urlpatterns = [
    path("nam/<int:period_pk>/tieu-chi/", views.criteria, name="criteria"),
    path("tieu-chi/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
    path("tieu-chi/<int:pk>/khong-ap-dung/", views.criterion_exclusions, name="criterion_exclusions"),
    path("tieu-chi/<int:pk>/xoa/", views.criterion_delete, name="criterion_delete"),
    path("nam/<int:period_pk>/phieu/", views.sheet_list, name="sheet_list"),
    path("nam/<int:period_pk>/phieu/<int:unit_pk>/", views.sheet, name="sheet"),
    path("nam/<int:period_pk>/phieu/<int:unit_pk>/sua-so-lieu/", repair_views.repair_value, name="sheet_repair"),
    path("minh-chung/<int:pk>/", views.evidence, name="evidence"),
    path("nam/<int:period_pk>/cham-cheo/", views.peer, name="peer"),
    path("nam/<int:period_pk>/xep-hang/", views.ranking, name="ranking"),
]
