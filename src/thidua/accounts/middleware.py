"""A demo account's session ends when the server runs without demo mode. An account given a temporary password
(a printed sheet) changes it before anything else: every page but the password change, log-out and the language
switch sends it to the password change."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_demo and not settings.DEMO_MODE:
            # A session opened while demo mode was on does not outlive it (the demo password is public).
            logout(request)
            return redirect("login")
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("password_change"), reverse("logout"), reverse("set_language"))
            if request.path not in allowed and not request.path.startswith(("/static/", "/cong-khai/")):
                messages.warning(request, _("Bạn đang dùng mật khẩu tạm: hãy đặt mật khẩu của riêng mình trước "
                                            "khi làm việc."))
                return redirect("password_change")
        return self.get_response(request)
