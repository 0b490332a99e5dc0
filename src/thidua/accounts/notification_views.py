"""The user's notifications (/thong-bao/): the list with read and unread, opening one (it is read, then its page),
marking read one or all, and the choice of e-mail. Each notification is its recipient's alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.domain import notifications as domain
from thidua.accounts.interfaces.forms import NotificationEmailForm
from thidua.accounts.models import EmailChoice, Notification

PAGE_SIZE = 25
UNREAD = "chua-doc"


def _own(request, pk) -> Notification:
    notification = get_object_or_404(Notification, pk=pk)
    if not request.user.has_perm("accounts.read_notification", notification):
        raise PermissionDenied
    return notification


@login_required
def notification_list(request):
    unread_only = request.GET.get("loc") == UNREAD
    page = Paginator(domain.for_user(request.user, unread_only), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"item": n, "kind": domain.kind_label(n.kind)} for n in page.object_list]
    return render(request, "accounts/notification_list.html", {
        "page": page, "items": items, "unread_only": unread_only, "unread_filter": UNREAD,
        "unread_notifications": domain.unread_count(request.user),  # the bell's figure too: counted once
        "email_choice": EmailChoice(request.user.notification_email).label})


@login_required
def notification_open(request, pk):
    """A notification's link: it is read, and its page opens."""
    target = domain.open_notification(request.user, _own(request, pk))
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


def _back(request):
    back = request.POST.get("next", "")
    if back.startswith("/thong-bao/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request, pk):
    domain.mark_read(request.user, [_own(request, pk).pk])
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    count = domain.mark_read(request.user, "all")
    messages.success(request, _("Đã đánh dấu đã đọc %(count)s thông báo.") % {"count": count})
    return _back(request)


@login_required
def notification_settings(request):
    form = NotificationEmailForm(request.POST or None, initial={"email": request.user.notification_email})
    if request.method == "POST" and form.is_valid():
        try:
            domain.set_email_choice(request.user, form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu cách nhận thông báo qua e-mail."))
            return redirect("notifications:list")
    intro = _("Thông báo luôn hiện trong phần mềm (biểu tượng chuông). E-mail được gửi tới địa chỉ của tài khoản: "
              "%(email)s.") % {"email": request.user.email} if request.user.email else _(
        "Tài khoản chưa có địa chỉ e-mail: thông báo chỉ hiện trong phần mềm. Nhờ người quản lý tài khoản thêm "
        "địa chỉ e-mail.")
    return render(request, "core/form_page.html", {
        "form": form, "page_title": _("Cách nhận thông báo"), "intro": intro,
        "cancel_url": reverse("notifications:list")})
