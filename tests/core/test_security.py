import pytest
from django.test import override_settings

from thidua import settings as project_settings

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_content_security_policy_and_other_headers(client):
    response = client.get("/tai-khoan/dang-nhap/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_locks_out_after_repeated_failures(client, make_user, settings):
    make_user("canbo", password="dung-mat-khau-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/tai-khoan/dang-nhap/", {"username": "canbo", "password": "sai"})
    response = client.post("/tai-khoan/dang-nhap/", {"username": "canbo", "password": "dung-mat-khau-123"})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()


def test_the_right_password_logs_in(client, make_user):
    make_user("canbo", password="dung-mat-khau-123")
    response = client.post("/tai-khoan/dang-nhap/", {"username": "canbo", "password": "dung-mat-khau-123"})
    assert response.status_code == 302


def test_the_demo_refuses_to_run_outside_demo_mode(settings):
    from django.core.management import CommandError, call_command

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="THIDUA_DEMO=1"):
        call_command("demo")


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_secure_cookies_flag_follows_https():
    # THIDUA_HTTPS=1 turns both flags on; without it a laptop on http still works.
    assert project_settings.SESSION_COOKIE_SECURE == project_settings.HTTPS
    assert project_settings.CSRF_COOKIE_SECURE == project_settings.HTTPS
