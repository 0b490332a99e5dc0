"""Law a province keeps for itself (what the law delegates): the pages of core.law_pages, scoped by province.

A row belongs to one province organiser (`organiser`); where the table allows it, a row with no organiser is the
national rule, the system administrator's, which a province's own row overrides. A province's emulation
administrator (organiser staff of a province organiser) sees its own rows and the national ones, adds and changes
its own only; the system administrator sees and keeps every row. Their changes are logged in the scope
"law:<organiser id>" (national rows in "law")."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.law_pages import LawForm, LawTable
from thidua.orgs.domain.provinces import province_organiser_ids, province_organisers


class ProvinceLawForm(LawForm):
    """The province a row belongs to: the user's own provinces; for the system administrator every province and,
    where the table has national rows, none (the national rule)."""

    national_rows = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organiser")
        if field is None or self.user is None:
            return
        field.queryset = province_organisers(self.user)
        field.required = not (self.national_rows and self.user.is_system_admin)
        if not field.required:
            field.empty_label = _("— Toàn quốc (quy định chung) —")
        else:
            field.help_text = ""
            provinces = list(field.queryset[:2])
            if len(provinces) == 1 and not self.instance.pk:
                field.initial = provinces[0].pk
        if self.instance.pk:
            field.disabled = True  # a row stays with its province; a province's new rule is a new row


class ProvinceLawTable(LawTable):
    national = False

    def may_view(self, user) -> bool:
        return user.has_perm("law.view_delegated")

    def may_add(self, user) -> bool:
        return user.has_perm("law.view_delegated")

    def may_edit(self, user, row) -> bool:
        return user.has_perm("law.edit_delegated", row)

    def rows(self, user):
        rows = super().rows(user).select_related("organiser")
        if user.is_system_admin:
            return rows
        return rows.filter(Q(organiser_id__in=province_organiser_ids(user)) | Q(organiser__isnull=True))

    def scopes(self, user) -> list[str] | None:
        if user.is_system_admin:
            return None
        return ["law", *(f"law:{pk}" for pk in sorted(province_organiser_ids(user)))]

    def scope_of(self, row) -> str:
        return f"law:{row.organiser_id}" if row.organiser_id else "law"
