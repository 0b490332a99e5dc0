"""An organiser's emulation and commendation council (Hội đồng Thi đua - Khen thưởng) and its members by term.

Who is a member on a day: a membership counts from its first day (`valid_from`) to its last day (`valid_to`), both
days included — a member whose term ended on 9/3 is not a member on 10/3; a membership without a last day runs on.
A change of member is therefore written as the old member's last day, the day before the new member's first day
(as the decision replacing them says "từ ngày …"). The secretariat (tổ thư ký, the standing agency's officers)
works for the council without a vote: `members_on` leaves it out, `secretariat_on` lists it.

Every change goes through one function here that checks, writes and logs (scope `council:<id>`) in one
transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from thidua.core import activity, versions
from thidua.core.formatting import format_date
from thidua.core.models import Activity
from thidua.core.text import sort_key
from thidua.orgs.domain.areas import areas_merged_into
from thidua.orgs.domain.reach import units_reached_by
from thidua.orgs.enums import CouncilRole, OrganiserKind
from thidua.orgs.models import Council, CouncilMember, Organiser, Person

ROLE_ORDER = [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.MEMBER, CouncilRole.SECRETARY,
              CouncilRole.SECRETARIAT]
COUNCIL_FIELDS = ["name", "decision_ref"]


def scope(council: Council) -> str:
    return f"council:{council.pk}"


def _listed(rows) -> list[CouncilMember]:
    """Chair first, then vice-chairs, members, the secretary, the secretariat; by name within each."""
    return sorted(rows, key=lambda m: (ROLE_ORDER.index(CouncilRole(m.role)), sort_key(m.name), m.pk))


def serving(council: Council, day: dt.date) -> QuerySet:
    """Every membership in force on `day`, the secretariat included (first and last day included)."""
    return CouncilMember.objects.filter(council=council, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)).select_related("person")


def members_on(council: Council, day: dt.date) -> list[CouncilMember]:
    """The council's members on `day` — those who vote and make up "all members" for the law's shares (Decree
    98/2023 art 30(7)) — in the order the council's decision lists them. One query."""
    return _listed(serving(council, day).exclude(role=CouncilRole.SECRETARIAT))


def secretariat_on(council: Council, day: dt.date) -> list[CouncilMember]:
    """The secretariat helping the council on `day` (no vote)."""
    return _listed(serving(council, day).filter(role=CouncilRole.SECRETARIAT))


def history(council: Council) -> list[CouncilMember]:
    """Every membership the council has had, latest term first, each term in the decision's order."""
    rows = list(CouncilMember.objects.filter(council=council).select_related("person"))
    by_start: dict[dt.date, list[CouncilMember]] = {}
    for row in rows:
        by_start.setdefault(row.valid_from, []).append(row)
    return [row for start in sorted(by_start, reverse=True) for row in _listed(by_start[start])]


def term_text(member: CouncilMember) -> str:
    if member.valid_to is None:
        return _("từ %(start)s") % {"start": format_date(member.valid_from)}
    return _("từ %(start)s đến hết %(end)s") % {"start": format_date(member.valid_from),
                                                  "end": format_date(member.valid_to)}


# -- the council's own record ---------------------------------------------------------------------------------

def _check_name(organiser: Organiser, name: str, council: Council | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Cần nhập tên hội đồng.")})
    same = Council.objects.filter(organiser=organiser, name__iexact=name)
    if council is not None:
        same = same.exclude(pk=council.pk)
    if same.exists():
        raise ValidationError({"name": _("%(organiser)s đã có hội đồng tên “%(name)s”.")
                                       % {"organiser": organiser.name, "name": name}})
    return name


@transaction.atomic
def create_council(organiser: Organiser, name: str, decision_ref: str = "", actor=None) -> Council:
    """A council for an organiser; its members are added afterwards, by term."""
    Organiser.objects.select_for_update().get(pk=organiser.pk)  # two councils of one name cannot race in
    council = Council.objects.create(organiser=organiser, name=_check_name(organiser, name),
                                     decision_ref=(decision_ref or "").strip())
    activity.record(actor, Activity.Action.CREATE, council, scope(council),
                    summary=f"Tạo hội đồng “{council.name}” của {organiser.name}")
    return council


def version(council: Council) -> str:
    """The version of a council's record as its edit page carries it (core.versions)."""
    return versions.token(council, scope(council), versions.field_values(council, COUNCIL_FIELDS))


@transaction.atomic
def update_council(council: Council, name: str, decision_ref: str = "", actor=None,
                   loaded_version: str | None = None) -> list[dict]:
    """Rename the council or change its founding decision; logs old → new. `loaded_version`: the version the edit
    page was loaded with; refused (core.versions.StaleVersion) when the stored record is newer."""
    council = Council.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=council.pk)
    versions.check(council, scope(council), versions.field_values(council, COUNCIL_FIELDS), loaded_version)
    before = activity.snapshot(council, COUNCIL_FIELDS)
    council.name = _check_name(council.organiser, name, council)
    council.decision_ref = (decision_ref or "").strip()
    council.save(update_fields=COUNCIL_FIELDS)
    changes = activity.diff(council, before, activity.snapshot(council, COUNCIL_FIELDS))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, council, scope(council), summary="Sửa thông tin hội đồng",
                        changes=changes)
    return changes


# -- memberships ----------------------------------------------------------------------------------------------

def within_reach(council: Council, people: QuerySet) -> QuerySet:
    """The people of `people` a council's member may be picked from: a province's council, the units of its
    province (with the provinces merged into it); a sector's, the units of its sector; the Central council (or an
    organiser without a province or sector), the units its clusters reach. Never the whole country's records."""
    organiser = council.organiser
    if organiser.kind == OrganiserKind.PROVINCE and organiser.area_id is not None:
        return people.filter(unit__area_id__in=areas_merged_into(organiser.area_id))
    if organiser.kind == OrganiserKind.SECTOR and organiser.sector_id is not None:
        return people.filter(unit__sector_id=organiser.sector_id)
    return people.filter(unit_id__in=units_reached_by([organiser.pk]))


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _overlapping(council: Council, start: dt.date, end: dt.date | None) -> list[CouncilMember]:
    rows = CouncilMember.objects.filter(council=council).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        rows = rows.filter(valid_from__lte=end)
    return list(rows)


def _check_member(council: Council, person: Person | None, name: str, role: str, start: dt.date,
                  end: dt.date | None) -> None:
    """The same person twice at once, or two chairs at once, is refused with the row in the way."""
    if role not in CouncilRole.values:
        raise ValidationError({"role": _("Vị trí trong hội đồng không hợp lệ.")})
    if end is not None and end < start:
        raise ValidationError({"valid_to": _("Ngày cuối cùng không được trước ngày bắt đầu (%(start)s).")
                                           % {"start": format_date(start)}})
    for row in _overlapping(council, start, end):
        if (person is not None and row.person_id == person.pk) or (
                person is None and row.person_id is None and _same_name(row.name, name)):
            raise ValidationError(_("%(name)s đã là thành viên hội đồng trong thời gian này (%(term)s). Ghi ngày "
                                    "cuối cùng của lần trước, rồi thêm lần mới.")
                                  % {"name": row.name, "term": term_text(row)})
        if role == CouncilRole.CHAIR and row.role == CouncilRole.CHAIR:
            raise ValidationError({"role": _(
                "Hội đồng đã có Chủ tịch %(name)s trong thời gian này (%(term)s). Ghi ngày cuối cùng của Chủ tịch "
                "trước (ngày trước ngày Chủ tịch mới bắt đầu), rồi thêm Chủ tịch mới.")
                % {"name": row.name, "term": term_text(row)}})


@transaction.atomic
def add_member(council: Council, *, role: str, valid_from: dt.date, valid_to: dt.date | None = None,
               person: Person | None = None, name: str = "", position: str = "", decision_ref: str = "",
               actor=None) -> CouncilMember:
    """A person joins the council for a term: from a person's record (name and position copied as of today when
    not typed) or by name when they are not in the records."""
    council = Council.objects.select_for_update().select_related("organiser").get(pk=council.pk)  # one at a time
    if person is not None and not within_reach(council, Person.objects.filter(pk=person.pk)).exists():
        raise ValidationError(_("%(name)s không thuộc tỉnh, ngành của %(organiser)s: chọn cá nhân trong phạm vi "
                                "của hội đồng, hoặc nhập họ và tên.")
                              % {"name": person.full_name, "organiser": council.organiser.name})
    name = " ".join((name or "").split()) or (person.full_name if person is not None else "")
    if not name:
        raise ValidationError({"name": _("Chọn cá nhân trong hồ sơ hoặc nhập họ và tên thành viên.")})
    position = " ".join((position or "").split())
    if not position and person is not None:
        position = ", ".join(part for part in (person.position, person.unit.name) if part)
    _check_member(council, person, name, role, valid_from, valid_to)
    member = CouncilMember.objects.create(council=council, person=person, name=name, position=position[:255],
                                          role=role, valid_from=valid_from, valid_to=valid_to,
                                          decision_ref=" ".join((decision_ref or "").split()))
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, council, scope(council),
                        summary=f"Thêm thành viên: {name} — {CouncilRole(role).label}, {term_text(member)}",
                        changes=[{"field": "Thành viên", "old": "", "new": _described(member)}])
    return member


def _described(member: CouncilMember) -> str:
    parts = [member.name, str(CouncilRole(member.role).label)]
    if member.position:
        parts.append(member.position)
    parts.append(term_text(member))
    if member.decision_ref:
        parts.append(member.decision_ref)
    return "; ".join(parts)


MEMBER_FIELDS = ["person", "name", "position", "role", "valid_from", "valid_to", "decision_ref"]


def member_version(member: CouncilMember) -> str:
    """The version of a member's row as its end and delete pages carry it (core.versions); its changes are logged
    on the council's timeline."""
    council = Council(pk=member.council_id)
    return versions.token(council, scope(council), versions.field_values(member, MEMBER_FIELDS))


@transaction.atomic
def end_member(member: CouncilMember, last_day: dt.date, actor=None,
               loaded_version: str | None = None) -> CouncilMember:
    """The member leaves the council: `last_day` is the last day they are a member (included). `loaded_version`:
    the version of the row the page was loaded with; refused (core.versions.StaleVersion) when it is newer."""
    council = Council.objects.select_for_update().get(pk=member.council_id)
    member = CouncilMember.objects.select_related("council").get(pk=member.pk)
    versions.check(council, scope(council), versions.field_values(member, MEMBER_FIELDS), loaded_version)
    if member.valid_to is not None:
        raise ValidationError(_("%(name)s đã thôi là thành viên hội đồng (%(term)s).")
                              % {"name": member.name, "term": term_text(member)})
    if last_day < member.valid_from:
        raise ValidationError({"valid_to": _("Ngày cuối cùng không được trước ngày bắt đầu (%(start)s).")
                                           % {"start": format_date(member.valid_from)}})
    member.valid_to = last_day
    member.save(update_fields=["valid_to"])
    activity.record(actor, Activity.Action.UPDATE, member.council, scope(member.council),
                    summary=f"Kết thúc thành viên: {member.name}, đến hết {format_date(last_day)}",
                    changes=[{"field": f"Đến hết ngày ({member.name})", "old": "", "new": format_date(last_day)}])
    return member


@transaction.atomic
def remove_member(member: CouncilMember, actor=None, loaded_version: str | None = None) -> None:
    """Delete a membership entered by mistake (a member who left is ended, not deleted). A session whose
    electorate was frozen keeps its voters: they were copied when it opened. `loaded_version`: the version of the
    row the confirmation page was loaded with; refused (core.versions.StaleVersion) when it is newer."""
    council = Council.objects.select_for_update().get(pk=member.council_id)
    member = CouncilMember.objects.get(pk=member.pk)
    versions.check(council, scope(council), versions.field_values(member, MEMBER_FIELDS), loaded_version)
    described = _described(member)
    member.delete()
    with activity.log_language():
        activity.record(actor, Activity.Action.DELETE, council, scope(council),
                        summary=f"Xóa dòng thành viên nhập nhầm: {member.name}",
                        changes=[{"field": "Thành viên", "old": described, "new": ""}])
