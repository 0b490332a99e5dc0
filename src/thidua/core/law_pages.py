"""The pages of law kept as data (/quy-dinh/), the same for every table: a list with its dates and sources (filters,
Excel, the latest changes), add, edit, end and delete — each write through the owning app's domain function,
which checks, saves and logs in one transaction (core.dated).

An app declares one `LawTable` per table — model, form, row list, who may, and its write functions — and the
section's URL module maps them all (`law_urls`). A new dated table (council vote thresholds, say) plugs in the same
way: its model with `valid_from`/`valid_to`, a domain function per write, a declaration, and one line in the
section's list of tables.

Who may: a national table (what the law fixes for every province) is the system administrator's alone
(`law.edit_national`); a delegated table (what the law leaves to each province) is seen and kept by a province's
emulation administrator for that province (`orgs.interfaces.law.ProvinceLawTable`)."""

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from thidua.core import dated, versions
from thidua.core.export import table_response
from thidua.core.forms import DATE_INVALID, StyledForm, StyledModelForm, date_field
from thidua.core.models import Activity

PAGE_SIZE = 50
ATTRS = {"class": "table table-sm table-vcenter table-striped card-table"}
LOCKED_HINT = gettext_lazy("Đã có quyết định áp dụng dòng này: không sửa được.")


# -- forms --------------------------------------------------------------------------------------------------------


class LawForm(StyledModelForm):
    """An add or edit form of a law table. It carries the version the row was loaded from; the values a decision
    used are shown but not editable (`locked`). Uniqueness and periods are checked by the domain function — one
    rule, one message — not here."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, locked=(), version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["version"].initial = version
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):  # a list of boxes (law/_fields.html)
                field.widget.attrs["class"] = "form-check-input"
            if isinstance(field, forms.DateField):  # typed and shown dd/mm/yyyy, as core.forms.date_field
                field.widget.format = "%d/%m/%Y"
                field.widget.attrs["placeholder"] = "dd/mm/yyyy"
                field.error_messages["invalid"] = DATE_INVALID
        for name in locked:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = LOCKED_HINT

    def validate_unique(self):
        """Left to the domain function (core.dated.check_periods and the table's own checks)."""


class EndForm(StyledForm):
    last_day = date_field(gettext_lazy("Ngày cuối cùng áp dụng"))
    version = forms.CharField(widget=forms.HiddenInput, required=False)


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A domain refusal shown on the form: on its field when the form has it, above the form otherwise. After a
    newer version (core.versions.StaleVersion), the form carries the current version, so the user who has read
    what changed may save again."""
    if isinstance(error, versions.StaleVersion):
        versions.show_refusal(form, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- row lists ----------------------------------------------------------------------------------------------------


class LawRowsTable(tables.Table):
    """A law table's rows: the app's columns, then the link to edit a row the user may change."""

    actions = tables.Column(verbose_name="", empty_values=(), orderable=False, exclude_from_export=True,
                            attrs={"td": {"class": "text-end text-nowrap"}})

    def __init__(self, data, *, law=None, user=None, **kwargs):
        super().__init__(data, **kwargs)
        self.law, self.user = law, user

    def render_actions(self, record):
        if self.law is None or not self.law.may_edit(self.user, record):
            return ""
        return format_html('<a href="{}">{}</a>', reverse(f"law:{self.law.name}_edit", args=[record.pk]), _("Sửa"))

    class Meta:
        attrs = ATTRS
        fields: list[str] = []


class PeriodColumn(tables.Column):
    """The period a row is in force: "từ 01/01/2024 đến 30/06/2025", "từ 01/07/2025"; sorted by its first day."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", gettext_lazy("Thời gian áp dụng"))
        kwargs.setdefault("accessor", "valid_from")
        kwargs.setdefault("empty_values", ())
        super().__init__(**kwargs)

    def render(self, record):
        return dated.period_text(record)

    def value(self, record):
        return dated.period_text(record)


# -- the declaration ----------------------------------------------------------------------------------------------


class LawTable:
    """One table of law kept as data. Subclasses set the attributes and the write functions (`save`, and `end`,
    `delete` where the table has them), each calling the owning app's domain function."""

    name = ""  # URL names law:<name>, law:<name>_add, law:<name>_edit, law:<name>_end, law:<name>_delete
    path = ""  # its part of the address, under /quy-dinh/
    title = ""
    intro = ""  # who keeps it, where the law fixes it
    model: type[models.Model]
    form_class: type[LawForm]
    table_class: type[LawRowsTable]
    filterset_class = None
    fields: list[str] = []  # logged old → new, and the version of an edit
    dating: dated.Dating | None = dated.DATED
    national = True
    order_by: tuple[str, ...] = ()

    # who may --------------------------------------------------------------------------------------------------
    def may_view(self, user) -> bool:
        return user.has_perm("law.edit_national")

    def may_add(self, user) -> bool:
        return user.has_perm("law.edit_national")

    def may_edit(self, user, row) -> bool:
        return user.has_perm("law.edit_national")

    # rows -----------------------------------------------------------------------------------------------------
    def rows(self, user):
        """The rows the user sees in the list."""
        return self.model._default_manager.all()

    def default_filters(self) -> dict[str, str]:
        """The filters a list opens with (what the user most often looks at)."""
        return {}

    def scopes(self, user) -> list[str] | None:
        """The activity scopes of the changes the user sees (None: every scope of this table)."""
        return ["law"]

    def scope_of(self, row) -> str:
        return "law"

    def form(self, user, data=None, instance=None, locked=()) -> LawForm:
        instance = instance if instance is not None else self.model()
        version = dated.version_of(dated.values(instance, self.fields)) if instance.pk else ""
        return self.form_class(data, instance=instance, user=user, locked=locked, version=version)

    # uses -----------------------------------------------------------------------------------------------------
    def uses(self, row) -> list[str]:
        """What uses the row (it cannot be deleted then; `locked` no longer change)."""
        return dated.protected_uses(row)

    locked: tuple[str, ...] = ()

    @property
    def can_end(self) -> bool:
        return bool(self.dating and self.dating.end)

    # writes: the owning app's domain functions ----------------------------------------------------------------
    def write(self, row) -> dated.Write:
        return dated.Write(fields=self.fields, scope=self.scope_of(row), dating=self.dating,
                           locked=self.locked if self.uses(row) else ())

    def save(self, form: LawForm, actor) -> models.Model:
        raise NotImplementedError

    def end(self, row, last_day, actor, version: str = "") -> None:
        dated.end_row(row, last_day, self.write(row), actor, version)

    def delete(self, row, actor) -> None:
        dated.delete_row(row, self.write(row), self.uses(row), actor)

    # pages ----------------------------------------------------------------------------------------------------
    def list_url(self) -> str:
        return reverse(f"law:{self.name}")

    def add_url(self) -> str:
        return reverse(f"law:{self.name}_add")

    @property
    def end_name(self) -> str:
        return f"law:{self.name}_end"

    @property
    def delete_name(self) -> str:
        return f"law:{self.name}_delete"

    def recent_changes(self, user, limit: int = 10):
        entries = Activity.objects.filter(target_type=ContentType.objects.get_for_model(self.model))
        scopes = self.scopes(user)
        if scopes is not None:
            entries = entries.filter(scope__in=scopes)
        return entries.select_related("actor").order_by("-at", "-id")[:limit]


# -- views --------------------------------------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _row(law: LawTable, request, pk: int):
    row = get_object_or_404(law.model._default_manager.all(), pk=pk)
    if not law.may_edit(request.user, row):
        raise PermissionDenied
    return row


@login_required
def list_rows(request, law: LawTable):
    if not law.may_view(request.user):
        raise PermissionDenied
    rows = law.rows(request.user)
    filterset = None
    if law.filterset_class:
        data = request.GET
        if not any(name in data for name in law.filterset_class.base_filters):
            data = data.copy()
            data.update(law.default_filters())
        filterset = law.filterset_class(data, queryset=rows)
    table = law.table_class(filterset.qs if filterset else rows, law=law, user=request.user,
                            order_by=law.order_by or None)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"{law.path}.xlsx", str(law.title))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    template = "core/_table_card.html" if request.htmx else "core/law/list.html"
    return render(request, template, {"law": law, "filter": filterset, "table": table,
                                      "can_add": law.may_add(request.user),
                                      "changes": law.recent_changes(request.user)})


@login_required
def add_row(request, law: LawTable):
    if not law.may_add(request.user):
        raise PermissionDenied
    form = law.form(request.user, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            law.save(form, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã thêm: %(row)s.") % {"row": form.instance})
            return redirect(law.list_url())
    return render(request, "core/law/form.html", {"law": law, "form": form, "row": None})


@login_required
def edit_row(request, pk: int, law: LawTable):
    row = _row(law, request, pk)
    uses = law.uses(row)
    form = law.form(request.user, _posted(request), row, locked=law.locked if uses else ())
    if request.method == "POST" and form.is_valid():
        try:
            law.save(form, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu: %(row)s.") % {"row": form.instance})
            return redirect(law.list_url())
    return render(request, "core/law/form.html", {"law": law, "form": form, "row": row, "uses": uses})


@login_required
def end_row(request, pk: int, law: LawTable):
    if not law.can_end:
        raise Http404
    row = _row(law, request, pk)
    version = dated.version_of(dated.values(row, law.fields))
    form = EndForm(_posted(request), initial={"version": version})
    if request.method == "POST" and form.is_valid():
        try:
            law.end(row, form.cleaned_data["last_day"], request.user, form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã kết thúc hiệu lực: %(row)s.") % {"row": row})
            return redirect(law.list_url())
    return render(request, "core/law/confirm.html", {"law": law, "form": form, "row": row, "action": "end",
                                                     "period": dated.period_text(row, law.dating)})


@login_required
def delete_row(request, pk: int, law: LawTable):
    row = _row(law, request, pk)
    uses = law.uses(row)
    form = StyledForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            law.delete(row, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã xóa: %(row)s.") % {"row": row})
            return redirect(law.list_url())
    return render(request, "core/law/confirm.html", {"law": law, "form": form, "row": row, "action": "delete",
                                                     "uses": uses, "period": dated.period_text(row, law.dating)
                                                     if law.dating else ""})


def law_urls(laws: list[LawTable]) -> list:
    """The URL patterns of every table (names in the `law` namespace)."""
    patterns = []
    for law in laws:
        patterns += [
            path(f"{law.path}/", list_rows, {"law": law}, name=law.name),
            path(f"{law.path}/them/", add_row, {"law": law}, name=f"{law.name}_add"),
            path(f"{law.path}/<int:pk>/", edit_row, {"law": law}, name=f"{law.name}_edit"),
            path(f"{law.path}/<int:pk>/xoa/", delete_row, {"law": law}, name=f"{law.name}_delete"),
        ]
        if law.can_end:
            patterns.append(path(f"{law.path}/<int:pk>/ket-thuc/", end_row, {"law": law}, name=f"{law.name}_end"))
    return patterns
