from django.urls import path

from thidua.meetings import views

urlpatterns = [
    path("nam/<int:period_pk>/ghi-hoi-nghi/", views.conference_create, name="conference_create"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/sua/", views.conference_edit, name="conference_edit"),
]
