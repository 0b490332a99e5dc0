import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import Role, User
from thidua.core.formatting import format_date
from thidua.core.tables import PythonRows, pk_url


def roles_text(record) -> str:
    """Every role of the account with its unit or organiser, from the prefetched assignments."""
    parts = []
    for a in record.role_assignments.all():
        where = a.unit or a.organiser
        parts.append(f"{Role(a.role).label} — {where}" if where else str(Role(a.role).label))
    return "; ".join(parts)


class AccountTable(PythonRows, tables.Table):
    total_noun = _("tài khoản")
    username = tables.Column(verbose_name=_("Tên đăng nhập"))
    full_name = tables.Column(verbose_name=_("Họ và tên"), default="")
    position = tables.Column(verbose_name=_("Chức vụ"), default="")
    person = tables.Column(verbose_name=_("Hồ sơ cá nhân"), accessor="person__full_name", default="",
                           order_by=("person__sort_key",))
    roles = tables.Column(verbose_name=_("Vai trò"), accessor="pk", orderable=False)
    email = tables.Column(verbose_name=_("E-mail"), default="")
    is_active = tables.Column(verbose_name=_("Tình trạng"))
    last_login = tables.Column(verbose_name=_("Đăng nhập gần nhất"), default="")

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "person", "roles", "email", "is_active", "last_login"]
        order_by = ("username",)
        attrs = {"class": "table table-sm table-vcenter table-striped card-table", "id": "account-table"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.detail_url = pk_url("account_detail")

    def render_username(self, record):
        return format_html('<a href="{}">{}</a>', self.detail_url(record.pk), record.username)

    def value_username(self, record):
        return record.username

    def render_roles(self, record):
        return roles_text(record)

    value_roles = render_roles

    def render_is_active(self, record):
        return _("Đang hoạt động") if record.is_active else _("Đã khóa")

    value_is_active = render_is_active

    def render_last_login(self, value):
        return format_date(self.value_last_login(value)) if value else ""

    def value_last_login(self, value):
        return timezone.localtime(value).date()  # the local day: an Excel date, dd/mm/yyyy (core.export)
