"""Forms of the accounts pages. They read what was typed; the domain (accounts.domain.accounts) decides."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from thidua.accounts.domain.accounts import INVITATION, SHEET, demo_refused, reset_own_password
from thidua.accounts.models import EmailChoice, Role, User
from thidua.core.forms import RowForm, StyledForm, row_formset, style_fields
from thidua.orgs.enums import PersonStatus
from thidua.orgs.models import Organiser, Person, Unit

METHOD_CHOICES = [(SHEET, _("In phiếu có mật khẩu tạm (đổi mật khẩu khi đăng nhập lần đầu)")),
                  (INVITATION, _("Gửi thư mời qua e-mail (liên kết đặt mật khẩu, dùng một lần)"))]


def role_choices(roles) -> list[tuple[str, str]]:
    """The roles offered, after an empty choice: a role is always chosen, never taken by default."""
    return [("", _("— Chọn vai trò —")), *((r, Role(r).label) for r in roles)]


class ScopePickForm(StyledForm):
    """First step of a new account: the unit (or, for an administrator, the organiser) it works for."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("— Chọn đơn vị —"))
    organiser = forms.ModelChoiceField(label=_("Cơ quan tổ chức cụm, khối"), queryset=Organiser.objects.none(),
                                       required=False, empty_label=_("— Chọn cơ quan —"))

    def __init__(self, *args, units=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("sort_key") if units is not None else Unit.objects.none()
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers.order_by("sort_key")


class AccountCreateForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150,
                               help_text=_("Chữ không dấu, số và các dấu . - _ ; ví dụ: nguyenvana.congan"))
    position = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             error_messages={"invalid": _("Địa chỉ e-mail không hợp lệ.")})
    role = forms.ChoiceField(label=_("Vai trò"), choices=(), error_messages={"required": _("Cần chọn vai trò.")})
    person = forms.ModelChoiceField(label=_("Cá nhân (hồ sơ trong đơn vị)"), queryset=Person.objects.none(),
                                    required=False, empty_label=_("— Chưa gắn —"),
                                    help_text=_("Gắn tài khoản với hồ sơ cá nhân của người này trong đơn vị."))
    method = forms.ChoiceField(label=_("Cách đăng nhập lần đầu"), choices=METHOD_CHOICES, initial=SHEET,
                               widget=forms.RadioSelect)

    def __init__(self, *args, roles=(), people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people.filter(status=PersonStatus.WORKING).order_by("sort_key")
        self.fields["method"].widget.attrs.pop("class", None)  # radio buttons: the browser's own
        self.fields["full_name"].error_messages["required"] = _("Cần nhập họ và tên.")
        self.fields["username"].error_messages["required"] = _("Cần nhập tên đăng nhập.")

    def clean(self):
        data = super().clean()
        if data.get("method") == INVITATION and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Cần nhập e-mail để gửi thư mời."))
        return data


class AccountRowForm(RowForm):
    """One account of a list typed at once (each gets a printed sheet)."""

    compact = True
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn —"))
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    position = forms.CharField(label=_("Chức vụ"), max_length=160)
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=())
    ignore_for_blank = ("role",)

    def __init__(self, *args, units=None, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units.order_by("sort_key")
        self.fields["role"].choices = role_choices(roles)[1:]  # the first role (leader) unless another is chosen

    def clean_row(self, data):
        self.need(data, "unit", _("Cần chọn đơn vị."))
        self.need(data, "full_name", _("Cần nhập họ và tên."))
        self.need(data, "username", _("Cần nhập tên đăng nhập."))


AccountRowFormSet = row_formset(AccountRowForm, max_num=100)


class AccountEditForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120,
                                error_messages={"required": _("Cần nhập họ và tên.")})
    position = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False,
                             error_messages={"invalid": _("Địa chỉ e-mail không hợp lệ.")})
    person = forms.ModelChoiceField(label=_("Cá nhân (hồ sơ trong đơn vị)"), queryset=Person.objects.none(),
                                    required=False, empty_label=_("— Chưa gắn —"))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people.select_related("unit").order_by("unit__sort_key", "sort_key")
            self.fields["person"].label_from_instance = lambda p: f"{p.full_name} — {p.unit.name}"


class GrantRoleForm(StyledForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=(), error_messages={"required": _("Cần chọn vai trò.")})
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("— Chọn đơn vị —"))
    organiser = forms.ModelChoiceField(label=_("Cơ quan tổ chức cụm, khối"), queryset=Organiser.objects.none(),
                                       required=False, empty_label=_("— Chọn cơ quan —"),
                                       help_text=_("Chỉ cho vai trò cán bộ cơ quan tổ chức."))

    def __init__(self, *args, roles=(), units=None, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)
        self.fields["unit"].queryset = units.order_by("sort_key") if units is not None else Unit.objects.none()
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers.order_by("sort_key")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in (Role.LEADER, Role.UNIT_OFFICER, Role.HEAD_STAFF) and not data.get("unit"):
            self.add_error("unit", _("Vai trò này cần chọn đơn vị."))
        if role == Role.ORGANISER_STAFF and not data.get("organiser"):
            self.add_error("organiser" if "organiser" in self.fields else "role",
                           _("Vai trò này cần chọn cơ quan tổ chức."))
        return data


class InvitationPasswordForm(SetPasswordForm):
    """The password an invited user chooses (Django's checks: the two boxes match, the validators)."""

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        style_fields(self)


class LoginForm(AuthenticationForm):
    """Log-in; a demo account is refused outside demo mode (its password is printed in the README)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if demo_refused(user):
            raise forms.ValidationError(
                _("Tài khoản trình diễn chỉ đăng nhập được khi máy chủ chạy ở chế độ trình diễn (THIDUA_DEMO=1)."),
                code="demo")

    @property
    def refused_demo(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, "demo")


class ResetRequestForm(PasswordResetForm):
    """"Quên mật khẩu": the reset link goes to the address of an active account with a usable password — never to
    a demo account outside demo mode. The page answers the same whether or not the address is known."""

    email = forms.EmailField(label=_("Địa chỉ e-mail của tài khoản"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}))

    def get_users(self, email):
        return [user for user in super().get_users(email) if not demo_refused(user)]


class ResetPasswordForm(SetPasswordForm):
    """The new password chosen through the reset link; saved by the domain (logged, lock lifted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def save(self, commit=True):
        reset_own_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class NotificationEmailForm(StyledForm):
    """The user's own choice of e-mail for notifications."""

    email = forms.ChoiceField(label=_("Nhận thông báo qua e-mail"), choices=EmailChoice.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("Hãy chọn một cách nhận thông báo qua e-mail."),
                                              "invalid_choice": _("Hãy chọn một cách nhận thông báo qua e-mail.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.pop("class", None)  # radio buttons: the browser's own
