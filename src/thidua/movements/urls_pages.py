from django.urls import path

from thidua.movements import views

urlpatterns = [
    path("", views.movement_list, name="movement_list"),
    path("them/", views.movement_create, name="movement_create"),
    path("<int:pk>/sua/", views.movement_edit, name="movement_edit"),
    path("nam/<int:period_pk>/giao-uoc/", views.covenant, name="covenant"),
    path("nam/<int:period_pk>/giao-uoc/mo-ky/", views.covenant_open, name="covenant_open"),
    path("nam/<int:period_pk>/giao-uoc/ky/", views.covenant_sign, name="covenant_sign"),
    path("nam/<int:period_pk>/dang-ky/", views.registrations, name="registrations"),
    path("nam/<int:period_pk>/dang-ky/<int:unit_pk>/", views.registration, name="registration"),
]
