from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.accounts import views

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                   redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("loi-moi/<str:uidb64>/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Accounts of the user's reach (accounts/domain/scope.py)
    path("quan-ly/", views.account_list, name="account_list"),
    path("quan-ly/tao/", views.account_create, name="account_create"),
    path("quan-ly/tao-nhieu/", views.account_bulk_create, name="account_bulk_create"),
    path("quan-ly/phieu/", views.account_sheet, name="account_sheet"),
    path("quan-ly/phieu.pdf", views.account_sheet_pdf, name="account_sheet_pdf"),
    path("quan-ly/phieu/da-in/", views.account_sheet_done, name="account_sheet_done"),
    path("quan-ly/<int:pk>/", views.account_detail, name="account_detail"),
    path("quan-ly/<int:pk>/sua/", views.account_edit, name="account_edit"),
    path("quan-ly/<int:pk>/them-vai-tro/", views.role_grant, name="role_grant"),
    path("quan-ly/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/", views.role_withdraw, name="role_withdraw"),
    path("quan-ly/<int:pk>/<slug:action>/", views.account_action, name="account_action"),
]
