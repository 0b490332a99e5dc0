"""Organisers (cơ quan tổ chức cụm, khối): a province's People's Committee, the Central council, a sector.
Created by the system administrator; edited by it and by the organiser's own staff. Each write is checked,
saved and logged in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.core import activity, text, versions
from thidua.core.models import Activity
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser

# What an organiser's own staff may change; the system administrator also sets the kind, the province and the
# sector, which decide the units the organiser's clusters may take in (clusters.interfaces.forms.candidate_units)
# and so whose accounts its staff manage.
STAFF_FIELDS = ["name", "short_name", "doc_abbreviation", "council_name"]
ADMIN_FIELDS = ["name", "short_name", "kind", "doc_abbreviation", "area", "sector", "council_name"]


def scope(organiser: Organiser) -> str:
    return f"organiser:{organiser.pk}"


def organisers_visible_to(user) -> QuerySet:
    """Every organiser for the system administrator; an organiser's staff see their own."""
    organisers = Organiser.objects.select_related("area", "sector").order_by("sort_key")
    if user.is_system_admin:
        return organisers
    return organisers.filter(pk__in=user.organiser_ids)


def check_organiser(organiser: Organiser) -> None:
    """A province's organiser names its province, a sector's its sector; raises the problems by field."""
    problems = {}
    if organiser.kind == OrganiserKind.PROVINCE and organiser.area_id is None:
        problems["area"] = _("Cơ quan tổ chức của tỉnh, thành phố phải chọn tỉnh, thành phố.")
    if organiser.kind == OrganiserKind.SECTOR and organiser.sector_id is None:
        problems["sector"] = _("Cơ quan tổ chức của bộ, ngành phải chọn ngành.")
    duplicate = text.same_name(Organiser.objects.exclude(pk=organiser.pk), organiser.name)
    if duplicate is not None:
        problems["name"] = _("Đã có cơ quan tổ chức “%(name)s”.") % {"name": duplicate.name}
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_organiser(organiser: Organiser, actor=None) -> Organiser:
    """Record a new organiser (the form has set its values); its code is made from its name."""
    check_organiser(organiser)
    if not organiser.code:
        organiser.code = text.new_code(organiser.name, lambda code: Organiser.objects.filter(code=code).exists())
    organiser.save()
    with activity.log_language():
        activity.record(actor, Activity.Action.CREATE, organiser, scope(organiser),
                        summary=f"Thêm cơ quan tổ chức: {organiser.name} ({organiser.get_kind_display()})")
    return organiser


def version(organiser: Organiser, fields: list[str]) -> str:
    """The version of an organiser's record as its edit page (writing `fields`) carries it (core.versions)."""
    return versions.token(organiser, scope(organiser), versions.field_values(organiser, fields))


@transaction.atomic
def save_organiser_changes(organiser: Organiser, fields: list[str], actor=None,
                           loaded_version: str | None = None) -> list[dict]:
    """Save an edited organiser and log the fields that changed, old → new. The old values are read from the
    stored row, locked until the save commits. `loaded_version`: the version the edit page was loaded with;
    refused (core.versions.StaleVersion) when the stored record is newer."""
    stored = Organiser.objects.select_for_update().get(pk=organiser.pk)
    versions.check(stored, scope(stored), versions.field_values(stored, fields), loaded_version)
    check_organiser(organiser)
    before = activity.snapshot(stored, fields)
    organiser.save()
    changes = activity.diff(organiser, before, activity.snapshot(organiser, fields))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, organiser, scope(organiser),
                        summary="Sửa thông tin cơ quan tổ chức", changes=changes)
    return changes
