"""Issue 11 item 7: a forgotten password reset by e-mail, demo accounts only in demo mode, a lock-out that a
reverse proxy cannot turn against a voter (and that the account's manager lifts), the Permissions-Policy header."""

import re

import pytest
from django.core import mail

from thidua.accounts.models import User
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db
LOGIN, RESET = "/tai-khoan/dang-nhap/", "/tai-khoan/quen-mat-khau/"


def test_a_forgotten_password_is_reset_through_a_link_sent_by_e_mail(client, block, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    voter = block["target"]
    voter.email = "lanhdao.a@thunghiem.gov.vn"
    voter.must_change_password = True
    voter.save()
    assert 'id="forgot-password"' in client.get(LOGIN).content.decode()
    response = client.post(RESET, {"email": "lanhdao.a@thunghiem.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lanhdao.a@thunghiem.gov.vn"] and "đặt lại mật khẩu" in message.subject
    assert "Kính gửi Trần Thị Thử" in message.body or "Kính gửi lanhdao.a" in message.body
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "lanhdao.a" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                       {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}, follow=True)
    assert 'id="reset-complete"' in done.content.decode()
    voter.refresh_from_db()
    assert voter.check_password("Mat-khau-moi-2026") and not voter.must_change_password
    assert Activity.objects.filter(scope=f"account:{voter.pk}", summary__startswith="Đặt lại mật khẩu").exists()
    again = client.get(link, follow=True)  # the link works once
    assert 'id="reset-link-invalid"' in again.content.decode()


def test_the_reset_page_says_the_same_for_an_unknown_address_and_sends_nothing(client, block, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(RESET, {"email": "khong-ai@thunghiem.gov.vn"}, follow=True)
    assert 'id="reset-sent"' in response.content.decode() and mail.outbox == []
    bad = client.post(RESET, {"email": "không phải e-mail"})
    assert bad.status_code == 200 and "alert-danger" in bad.content.decode()


def test_a_demo_account_logs_in_only_in_demo_mode(client, make_user, settings):
    demo = make_user("snv.langson", password="thidua-demo")
    User.objects.filter(pk=demo.pk).update(is_demo=True, email="demo@example.vn")
    settings.DEMO_MODE = False
    response = client.post(LOGIN, {"username": "snv.langson", "password": "thidua-demo"})
    assert response.status_code == 200 and 'id="demo-refused"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(RESET, {"email": "demo@example.vn"})
    assert mail.outbox == []  # nor is it sent a reset link
    settings.DEMO_MODE = True
    assert client.post(LOGIN, {"username": "snv.langson", "password": "thidua-demo"}).status_code == 302
    settings.DEMO_MODE = False  # the demo mode ends: the session opened under it ends too
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def _fail(client, username, address, forwarded=None, times=1):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "sai-mat-khau"}, **extra)
    return response


def test_behind_a_trusted_proxy_an_attacker_cannot_lock_a_voter_out(client, block, settings):
    settings.THIDUA_TRUSTED_PROXIES = ["10.0.0.2"]
    block["target"].set_password("dung-mat-khau-123")
    block["target"].save()
    _fail(client, "lanhdao.a", "10.0.0.2", forwarded="203.0.113.66", times=settings.AXES_FAILURE_LIMIT + 1)
    assert _fail(client, "lanhdao.a", "10.0.0.2", forwarded="203.0.113.66").status_code == 429  # the attacker
    voter = client.post(LOGIN, {"username": "lanhdao.a", "password": "dung-mat-khau-123"},
                        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert voter.status_code == 302  # the voter, through the same proxy, logs in


def test_a_forwarded_address_is_not_believed_from_a_client_that_is_not_a_trusted_proxy(client, block, settings):
    settings.THIDUA_TRUSTED_PROXIES = ["10.0.0.2"]
    for n in range(settings.AXES_FAILURE_LIMIT + 1):  # a new forged address each time: still one client
        _fail(client, "lanhdao.a", "203.0.113.66", forwarded=f"192.0.2.{n}")
    assert _fail(client, "lanhdao.a", "203.0.113.66", forwarded="192.0.2.200").status_code == 429


def test_the_manager_lifts_a_lock_out_from_the_account_page(client, block, settings):
    block["target"].set_password("dung-mat-khau-123")
    block["target"].save()
    _fail(client, "lanhdao.a", "203.0.113.66", times=settings.AXES_FAILURE_LIMIT)
    assert client.post(LOGIN, {"username": "lanhdao.a", "password": "dung-mat-khau-123"},
                       REMOTE_ADDR="203.0.113.66").status_code == 429
    url = f"/tai-khoan/quan-ly/{block['target'].pk}/"
    for outsider in ("other_staff", "officer_b"):
        client.force_login(block[outsider])
        assert client.post(url + "mo-khoa-dang-nhap/").status_code in (403, 404)
    client.force_login(block["org_staff"])
    assert 'id="login-locked"' in client.get(url).content.decode()
    assert client.post(url + "mo-khoa-dang-nhap/").status_code == 302
    assert 'id="login-locked"' not in client.get(url).content.decode()
    assert Activity.objects.filter(scope=f"account:{block['target'].pk}", summary__startswith="Mở khóa đăng nhập",
                                   actor=block["org_staff"]).exists()
    client.logout()
    assert client.post(LOGIN, {"username": "lanhdao.a", "password": "dung-mat-khau-123"},
                       REMOTE_ADDR="203.0.113.66").status_code == 302


def test_every_page_carries_a_permissions_policy(client):
    policy = client.get(LOGIN)["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
