from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from thidua.accounts import views
from thidua.accounts.interfaces.forms import LoginForm, ResetPasswordForm, ResetRequestForm

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                   authentication_form=LoginForm,
                                                   redirect_authenticated_user=True), name="login"),
    # Forgotten password: a link by e-mail (Django's reset views with the project's forms and Vietnamese pages)
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(
        form_class=ResetRequestForm, template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("password_reset_done")), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=ResetPasswordForm, template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("password_reset_complete")), name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
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
