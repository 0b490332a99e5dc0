"""Accounts on the app's pages: the list of the user's reach, an account's page with its roles, new accounts with a
printed sheet or an invitation, and the first log-in. Views read the request, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from thidua.accounts.domain import accounts as domain
from thidua.accounts.domain import scope
from thidua.accounts.interfaces.filters import AccountFilter
from thidua.accounts.interfaces.forms import (
    AccountCreateForm,
    AccountEditForm,
    AccountRowFormSet,
    GrantRoleForm,
    InvitationPasswordForm,
    ScopePickForm,
)
from thidua.accounts.interfaces.tables import AccountTable, roles_text
from thidua.accounts.models import UNIT_ROLES, Role, RoleAssignment, User
from thidua.core import versions
from thidua.core.documents import pdf_response, render_pdf
from thidua.core.export import table_response
from thidua.core.forms import adding_row, initial_rows, posted_rows
from thidua.core.models import Activity
from thidua.core.sealed import seal, unseal
from thidua.orgs.models import Organiser, Person

PAGE_SIZE = 25
# The temporary passwords not yet printed, kept sealed (core.sealed) in the issuer's session until "Đã in xong",
# the first log-in, or SHEET_MINUTES: after that the manager issues a new temporary password from the account page.
SHEETS = "account_sheets"
SHEET_MINUTES = 30


def _manager(request) -> None:
    if not request.user.has_perm("accounts.manage"):
        raise PermissionDenied


def _account(request, pk, perm: str = "accounts.view_account") -> User:
    account = get_object_or_404(User, pk=pk)
    if not request.user.has_perm(perm, account):
        raise PermissionDenied
    return account


def _with_roles(accounts):
    return accounts.select_related("person").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related("unit", "organiser")
                 .order_by("role", "id")))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def account_list(request):
    _manager(request)
    filterset = AccountFilter(request.GET, queryset=_with_roles(scope.visible_accounts(request.user)),
                              request=request)
    table = AccountTable(filterset.qs)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "tai-khoan.xlsx", _("Tài khoản"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    template = "core/_table_card.html" if request.htmx else "accounts/account_list.html"
    return render(request, template, {"filter": filterset, "table": table})


def _remember_sheet(request, account: User, password: str) -> None:
    sheets = [s for s in request.session.get(SHEETS, []) if s["id"] != account.pk]
    account = _with_roles(User.objects.filter(pk=account.pk)).get()
    sheets.append({"id": account.pk, "username": account.username, "full_name": account.full_name,
                   "position": account.position, "roles": roles_text(account), "password": seal(password),
                   "issued": timezone.localdate().strftime("%d/%m/%Y")})
    request.session[SHEETS] = sheets


def _create_scope(request):
    """The unit or organiser a new account is made for, from the first step (?unit= or ?organiser= or ?admin=1);
    a unit or organiser beyond the user's reach is refused."""
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    units = scope.grantable_units(user)
    if source.get("unit"):
        if not source["unit"].isdigit():
            return None
        unit = units.filter(pk=int(source["unit"])).first()
        if unit is None:
            raise PermissionDenied
        return ("unit", unit)
    if source.get("organiser") or source.get("admin"):
        if not user.is_system_admin:
            raise PermissionDenied
        if source.get("admin"):
            return ("admin", None)
        organiser = Organiser.objects.filter(pk=source["organiser"]).first() if source["organiser"].isdigit() else None
        return ("organiser", organiser) if organiser else None
    only = list(units.values_list("pk", flat=True)[:2]) if not user.is_system_admin and not user.organiser_ids else []
    if len(only) == 1:
        return ("unit", units.get(pk=only[0]))
    return None


@login_required
def account_create(request):
    _manager(request)
    user = request.user
    chosen = _create_scope(request)
    if chosen is None:
        pick = ScopePickForm(units=scope.grantable_units(user),
                             organisers=Organiser.objects.all() if user.is_system_admin else None)
        return render(request, "accounts/account_pick.html", {"form": pick})
    kind, target = chosen
    unit = target if kind == "unit" else None
    organiser = target if kind == "organiser" else None
    if kind == "unit":
        roles, people = scope.roles_for_unit(user, unit.pk), Person.objects.filter(unit=unit)
    else:
        roles, people = [Role.ORGANISER_STAFF if kind == "organiser" else Role.ADMIN], None
    form = AccountCreateForm(request.POST or None, roles=roles, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = domain.create_account(
                user, username=data["username"], full_name=data["full_name"], role=data["role"], unit=unit,
                organiser=organiser, person=data.get("person"), position=data["position"], email=data["email"],
                method=data["method"], base_url=request.build_absolute_uri("/"))
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if created.password:
                _remember_sheet(request, created.user, created.password)
                messages.success(request, _("Đã tạo tài khoản %(username)s. In phiếu và trao tận tay; mật khẩu tạm "
                                            "chỉ hiện ở đây.") % {"username": created.user.username})
                return redirect("account_sheet")
            messages.success(request, _("Đã tạo tài khoản %(username)s và gửi thư mời tới %(email)s.")
                             % {"username": created.user.username, "email": created.user.email})
            return redirect("account_detail", pk=created.user.pk)
    return render(request, "accounts/account_create.html", {
        "form": form, "unit": unit, "organiser": organiser, "kind": kind})


def _bulk_roles(user) -> list[str]:
    if user.is_system_admin or user.organiser_ids:
        return [r.value for r in scope.UNIT_ROLE_ORDER]
    given = set(scope.OFFICER_GIVES) | ({Role.HEAD_STAFF} if user.head_unit_ids else set())
    return [r.value for r in scope.UNIT_ROLE_ORDER if r in given]


@login_required
def account_bulk_create(request):
    """Several accounts typed as rows (a block's leaders and officers), each with its printed sheet."""
    _manager(request)
    user = request.user
    row_kwargs = {"form_kwargs": {"units": scope.grantable_units(user), "roles": _bulk_roles(user)}}
    error = None
    if request.method != "POST":
        rows = initial_rows(AccountRowFormSet, "tk", extra=7, **row_kwargs)
    else:
        rows = posted_rows(AccountRowFormSet, request, "tk", **row_kwargs)
        if not adding_row(request) and rows.is_valid():
            try:
                created = domain.create_accounts(user, rows.rows())
            except ValidationError as refused:
                error = _error_text(refused)
            else:
                for one in created:
                    _remember_sheet(request, one.user, one.password or "")
                messages.success(request, _("Đã tạo %(count)s tài khoản. In phiếu và trao tận tay; mật khẩu tạm chỉ "
                                            "hiện ở đây.") % {"count": len(created)})
                return redirect("account_sheet")
    return render(request, "accounts/account_bulk.html", {"rows": rows, "error": error})


@login_required
def account_detail(request, pk):
    account = _account(request, pk)
    assignments = RoleAssignment.objects.filter(user=account).select_related("unit", "organiser", "user")
    can_change = request.user.has_perm("accounts.change_account", account)
    rows = [{"assignment": a, "can_withdraw": scope.may_withdraw(request.user, a)} for a in assignments]
    return render(request, "accounts/account_detail.html", {
        "account": account, "rows": rows, "can_change": can_change,
        "person": Person.objects.select_related("unit").filter(pk=account.person_id).first(),
        "timeline": Activity.objects.for_scope(f"account:{account.pk}")[:30],
        "login_locked": can_change and domain.login_locked(account),
    })


@login_required
def account_edit(request, pk):
    account = _account(request, pk, "accounts.change_account")
    unit_ids = account.role_assignments.filter(role__in=UNIT_ROLES).values("unit_id")
    people = Person.objects.filter(Q(unit_id__in=unit_ids) | Q(pk=account.person_id))
    form = AccountEditForm(request.POST or None, people=people, initial={
        "full_name": account.full_name, "position": account.position, "email": account.email,
        "person": account.person_id})
    versions.attach(form, lambda: domain.details_version(account))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.save_account_details(request.user, account, full_name=data["full_name"],
                                        position=data["position"], email=data["email"], person=data["person"],
                                        loaded_version=versions.loaded(form))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("account_detail", pk=account.pk)
    return render(request, "core/form_page.html", {
        "form": form, "page_title": _("Sửa tài khoản: %(username)s") % {"username": account.username},
        "cancel_url": reverse("account_detail", args=[account.pk])})


def _grant_choices(user):
    roles = [r.value for r in scope.UNIT_ROLE_ORDER]
    if user.is_system_admin:
        roles = [Role.ADMIN.value, Role.ORGANISER_STAFF.value, *roles]
    return roles


@login_required
def role_grant(request, pk):
    account = _account(request, pk, "accounts.change_account")
    user = request.user
    form = GrantRoleForm(request.POST or None, roles=_grant_choices(user), units=scope.grantable_units(user),
                         organisers=Organiser.objects.all() if user.is_system_admin else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.grant_role(user, account, data["role"], unit=data.get("unit"), organiser=data.get("organiser"))
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Đã thêm vai trò cho tài khoản %(username)s.") % {"username": account.username})
            return redirect("account_detail", pk=account.pk)
    return render(request, "accounts/role_grant.html", {"form": form, "account": account})


@login_required
def role_withdraw(request, pk, assignment_pk):
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit", "organiser"),
                                   pk=assignment_pk, user_id=pk)
    if not request.user.has_perm("accounts.withdraw_role", assignment):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            domain.withdraw_role(request.user, assignment)
        except ValidationError as refused:
            error = _error_text(refused)
        else:
            messages.success(request, _("Đã thu hồi vai trò."))
            return redirect("account_detail", pk=pk)
    return render(request, "accounts/confirm.html", {
        "account": assignment.user, "error": error,
        "page_title": _("Thu hồi vai trò"),
        "question": _("Thu hồi vai trò “%(role)s” của tài khoản %(username)s?")
        % {"role": domain.scope_label(assignment.role, assignment.unit, assignment.organiser),
           "username": assignment.user.username},
        "button": _("Thu hồi"), "danger": True})


CONFIRM_TEXTS = {
    "khoa": (gettext_lazy("Khóa tài khoản"),
             gettext_lazy("Khóa tài khoản %(username)s? Người dùng sẽ không đăng nhập được; các vai trò được giữ "
                          "để mở lại sau."),
             gettext_lazy("Khóa tài khoản")),
    "mo-khoa": (gettext_lazy("Mở lại tài khoản"), gettext_lazy("Mở lại tài khoản %(username)s?"),
               gettext_lazy("Mở lại")),
    "cap-mat-khau-tam": (gettext_lazy("Cấp mật khẩu tạm"),
                 gettext_lazy("Cấp mật khẩu tạm mới cho %(username)s? Mật khẩu cũ và thư mời chưa dùng sẽ hết "
                              "hiệu lực; người dùng phải đổi mật khẩu khi đăng nhập."),
                 gettext_lazy("Cấp mật khẩu tạm")),
    "gui-thu-moi": (gettext_lazy("Gửi thư mời"), gettext_lazy("Gửi thư mời đặt mật khẩu tới %(email)s?"),
               gettext_lazy("Gửi thư mời")),
    "mo-khoa-dang-nhap": (gettext_lazy("Mở khóa đăng nhập"),
                          gettext_lazy("Mở khóa đăng nhập cho %(username)s? Tài khoản đang bị tạm khóa do nhập sai "
                                       "mật khẩu nhiều lần; mở khóa để người dùng đăng nhập lại ngay (ví dụ trước "
                                       "giờ bỏ phiếu)."),
                          gettext_lazy("Mở khóa đăng nhập")),
}


def _do(request, account: User, action: str) -> str:
    """Run the confirmed action through its one domain function; the message to show."""
    if action == "khoa":
        domain.set_active(request.user, account, False)
        return _("Đã khóa tài khoản %(username)s.")
    if action == "mo-khoa":
        domain.set_active(request.user, account, True)
        return _("Đã mở lại tài khoản %(username)s.")
    if action == "mo-khoa-dang-nhap":
        domain.unlock_login(request.user, account)
        return _("Đã mở khóa đăng nhập cho %(username)s.")
    if action == "cap-mat-khau-tam":
        password = domain.issue_temporary_password(request.user, account)
        _remember_sheet(request, account, password)
        return _("Đã cấp mật khẩu tạm cho %(username)s: in phiếu ở trang này.")
    domain.send_invitation(request.user, account, request.build_absolute_uri("/"))
    return _("Đã gửi thư mời tới %(email)s.")


@login_required
def account_action(request, pk, action):
    account = _account(request, pk, "accounts.change_account")
    if action not in CONFIRM_TEXTS:
        raise PermissionDenied
    title, question, button = CONFIRM_TEXTS[action]
    names = {"username": account.username, "email": account.email}
    error = None
    if request.method == "POST":
        try:
            done = _do(request, account, action)
        except ValidationError as refused:
            error = _error_text(refused)
        else:
            messages.success(request, done % names)
            if action == "cap-mat-khau-tam":
                return redirect("account_sheet")
            return redirect("account_detail", pk=account.pk)
    return render(request, "accounts/confirm.html", {
        "account": account, "error": error, "page_title": title, "question": question % names, "button": button,
        "danger": action in ("khoa", "cap-mat-khau-tam")})


def _sheets(request) -> list[dict]:
    """The unprinted sheets of this session for accounts still waiting for their first log-in."""
    sheets = request.session.get(SHEETS, [])
    waiting = set(User.objects.filter(pk__in=[s["id"] for s in sheets], must_change_password=True)
                  .values_list("pk", flat=True))
    kept, shown = [], []
    for sheet in sheets:
        password = unseal(sheet["password"], SHEET_MINUTES * 60) if sheet["id"] in waiting else None
        if password is not None:
            kept.append(sheet)
            shown.append({**sheet, "password": password})
    if len(kept) != len(sheets):
        request.session[SHEETS] = kept
    return shown


@never_cache
@login_required
def account_sheet(request):
    _manager(request)
    return render(request, "accounts/sheet.html", {"sheets": _sheets(request),
                                                    "login_url": request.build_absolute_uri("/tai-khoan/dang-nhap/")})


@never_cache
@login_required
def account_sheet_pdf(request):
    _manager(request)
    sheets = _sheets(request)
    if not sheets:
        messages.info(request, _("Không còn phiếu nào chờ in."))
        return redirect("account_sheet")
    content = render_pdf("accounts/sheet_pdf.html", {
        "sheets": sheets, "login_url": request.build_absolute_uri("/tai-khoan/dang-nhap/")})
    return pdf_response("phieu-tai-khoan.pdf", content)


@login_required
@require_POST
def account_sheet_done(request):
    _manager(request)
    request.session.pop(SHEETS, None)
    messages.success(request, _("Đã xóa mật khẩu tạm khỏi màn hình."))
    return redirect("account_list")


MESSAGES = {
    "expired": gettext_lazy("Liên kết mời đã hết hạn. Hãy đề nghị cán bộ quản lý tài khoản gửi lại thư mời hoặc "
                            "in phiếu mật khẩu tạm."),
    "used": gettext_lazy("Liên kết mời đã được dùng để đặt mật khẩu (hoặc không đúng). Mỗi liên kết chỉ dùng được "
                         "một lần: hãy đăng nhập bằng mật khẩu đã đặt, hoặc đề nghị gửi lại thư mời."),
    "inactive": gettext_lazy("Tài khoản này đang bị khóa. Hãy liên hệ cán bộ quản lý tài khoản."),
}


def invitation_accept(request, uidb64, token):
    """The link of an invitation e-mail: the invited user sets their own password, once."""
    account, state = domain.invitation_account(uidb64, token)
    if account is None or state != "valid":
        return render(request, "accounts/invitation_invalid.html", {"message": MESSAGES[state]}, status=400)
    form = InvitationPasswordForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.accept_invitation(uidb64, token, form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Đã đặt mật khẩu. Hãy đăng nhập bằng tên %(username)s và mật khẩu vừa đặt.")
                             % {"username": account.username})
            return redirect("login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "account": account})


class PasswordChange(auth_views.PasswordChangeView):
    """The user's own password; ends a temporary password's hold (accounts.middleware)."""

    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        try:
            domain.change_own_password(self.request.user, form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())
