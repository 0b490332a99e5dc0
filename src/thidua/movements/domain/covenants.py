"""Movements, the covenant and registrations: creating, signing, registering — checked, written, logged."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core import activity, versions
from thidua.core.formatting import format_number
from thidua.core.models import Activity
from thidua.movements.enums import COVENANT_TRANSITIONS, CovenantState
from thidua.movements.models import (
    Covenant,
    CovenantItem,
    CovenantSignature,
    Movement,
    Registration,
    RegistrationTarget,
)
from thidua.orgs.models import Unit


@transaction.atomic
def create_movement(periods: list[EmulationPeriod], name: str, actor=None, at: dt.datetime | None = None,
                    **fields) -> Movement:
    movement = Movement.objects.create(name=name, **fields)
    movement.periods.add(*periods)
    for period in periods:
        activity.record(actor, Activity.Action.CREATE, movement, period.cluster.scope,
                        summary=f"Phong trào “{name}” cho năm {period.year}", at=at)
    return movement


MOVEMENT_FIELDS = ["name", "motto", "kind", "level", "launched_by", "decision_ref", "launched_on", "start_date",
                   "end_date", "description"]


def _movement_scope(movement: Movement) -> str:
    """The timeline a movement's version reads its last entry from: the cluster of its first linked year (each
    change is logged on every cluster concerned, the old years' and the new ones')."""
    first = movement.periods.select_related("cluster").order_by("pk").first()
    return first.cluster.scope if first is not None else f"movement:{movement.pk}"


def _movement_values(movement: Movement) -> list:
    """What the edit page writes: the movement's facts and every year taking part (those of other organisers too,
    which the page keeps)."""
    return [*versions.field_values(movement, MOVEMENT_FIELDS),
            sorted(movement.periods.values_list("pk", flat=True))]


def movement_version(movement: Movement) -> str:
    """The version of a movement's record as its edit page carries it (core.versions)."""
    return versions.token(movement, _movement_scope(movement), _movement_values(movement))


@transaction.atomic
def update_movement(movement: Movement, periods: list[EmulationPeriod], actor=None,
                    loaded_version: str | None = None, **fields) -> Movement:
    """Change a movement's facts and the periods taking part; each change is logged on the clusters concerned.
    The old values are read from the stored row, locked until the save commits. `loaded_version`: the version the
    edit page was loaded with; refused (core.versions.StaleVersion) when the stored record is newer."""
    stored = Movement.objects.select_for_update().get(pk=movement.pk)
    versions.check(stored, _movement_scope(stored), _movement_values(stored), loaded_version)
    before = activity.snapshot(stored, MOVEMENT_FIELDS)
    old_periods = {p.pk: p for p in stored.periods.select_related("cluster")}
    for name, value in fields.items():
        setattr(movement, name, value)
    movement.save()
    movement.periods.set(periods)
    changes = activity.diff(movement, before, activity.snapshot(movement, MOVEMENT_FIELDS))
    new_ids = {p.pk for p in periods}
    if set(old_periods) != new_ids:
        label = ", ".join
        changes.append({"field": "Các năm thi đua tham gia",
                        "old": label(f"{p.cluster.short_name or p.cluster.name} {p.year}" for p in old_periods.values()),
                        "new": label(f"{p.cluster.short_name or p.cluster.name} {p.year}" for p in periods)})
    if changes:
        for period in {p.pk: p for p in [*old_periods.values(), *periods]}.values():
            activity.record(actor, Activity.Action.UPDATE, movement, period.cluster.scope,
                            summary=f"Sửa phong trào “{movement.name}”", changes=changes)
    return movement


COVENANT_FIELDS = ["title", "preamble", "place", "state"]


def _item_texts(covenant: Covenant) -> list[str]:
    return list(CovenantItem.objects.filter(covenant=covenant).order_by("order", "pk").values_list("text", flat=True))


def _covenant_values(covenant: Covenant) -> list:
    """What the draft's form writes: its title, preamble, place (and state: opened, it is no longer a draft) and
    its items."""
    return [*versions.field_values(covenant, COVENANT_FIELDS), _item_texts(covenant)]


def covenant_version(period: EmulationPeriod) -> str:
    """The version of a year's covenant as its draft form carries it (core.versions); before the first draft, a
    version that any saved draft is newer than."""
    covenant = Covenant.objects.filter(period=period).first()
    if covenant is None:
        return versions.NOTHING_YET
    return versions.token(covenant, period.cluster.scope, _covenant_values(covenant))


@transaction.atomic
def draft_covenant(period: EmulationPeriod, title: str, items: list[str], preamble: str = "", place: str = "",
                   actor=None, loaded_version: str | None = None, at: dt.datetime | None = None) -> Covenant:
    """Write the covenant's draft (its items replaced as a whole); the changes are logged old → new.
    `loaded_version`: the version the draft form was loaded with; refused (core.versions.StaleVersion) when the
    stored draft is newer."""
    if period.phase == Phase.CLOSED:
        raise ValidationError(_("Năm thi đua đã kết thúc."))
    EmulationPeriod.objects.select_for_update().filter(pk=period.pk).first()  # two first drafts: one after the other
    stored = Covenant.objects.select_for_update().filter(period=period).first()
    if stored is not None:
        versions.check(stored, period.cluster.scope, _covenant_values(stored), loaded_version)
    texts = [t.strip() for t in items if t.strip()]
    if not texts:
        raise ValidationError(_("Giao ước cần ít nhất một nội dung."))
    if stored is not None and stored.state != CovenantState.DRAFT:
        raise ValidationError(_("Giao ước đã mở ký; không sửa nội dung được nữa."))
    covenant = stored or Covenant(period=period)
    before = activity.snapshot(covenant, COVENANT_FIELDS) if stored else {}
    old_items = _item_texts(covenant) if stored else []
    covenant.title, covenant.preamble, covenant.place = title, preamble, place
    covenant.save()
    covenant.items.all().delete()
    CovenantItem.objects.bulk_create([CovenantItem(covenant=covenant, order=i, text=text)
                                      for i, text in enumerate(texts, start=1)])
    changes = activity.diff(covenant, before, activity.snapshot(covenant, COVENANT_FIELDS)) if stored else []
    if old_items != texts and stored:
        changes.append({"field": "Nội dung giao ước", "old": " | ".join(old_items), "new": " | ".join(texts)})
    activity.record(actor, Activity.Action.UPDATE, covenant, period.cluster.scope,
                    summary=f"Soạn giao ước thi đua năm {period.year} ({len(texts)} nội dung)", changes=changes,
                    at=at)
    return covenant


def _move(covenant: Covenant, to_state: str, actor=None, at: dt.datetime | None = None) -> Covenant:
    """`at`: when it happened, if not now (the demo's scenario days)."""
    if to_state not in COVENANT_TRANSITIONS[covenant.state]:
        raise ValidationError(_("Giao ước đang “%(from)s”, không chuyển sang “%(to)s” được.")
                              % {"from": CovenantState(covenant.state).label, "to": CovenantState(to_state).label})
    old = CovenantState(covenant.state).label
    covenant.state = to_state
    if to_state == CovenantState.OPEN:
        covenant.opened_at = at or timezone.now()
    if to_state == CovenantState.SIGNED:
        covenant.signed_at = at or timezone.now()
    covenant.save()
    with activity.log_language():
        activity.record(actor, Activity.Action.TRANSITION, covenant, covenant.period.cluster.scope,
                        summary=f"Giao ước năm {covenant.period.year}: {old} → {CovenantState(to_state).label}",
                        changes=[{"field": "Trạng thái giao ước", "old": old, "new": CovenantState(to_state).label}],
                        at=at)
    return covenant


@transaction.atomic
def open_for_signing(covenant: Covenant, actor=None, at: dt.datetime | None = None) -> Covenant:
    if not covenant.items.exists():
        raise ValidationError(_("Giao ước chưa có nội dung."))
    return _move(covenant, CovenantState.OPEN, actor, at)


def unsigned_members(covenant: Covenant) -> list[Unit]:
    signed = covenant.signatures.values("unit_id")
    return list(Unit.objects.filter(memberships__period=covenant.period).exclude(pk__in=signed).order_by("sort_key"))


@transaction.atomic
def sign(covenant: Covenant, unit: Unit, signer_name: str, signer_title: str, signed_on: dt.date,
         actor=None, at: dt.datetime | None = None) -> CovenantSignature:
    """A member signs; when the last member has signed the covenant is signed by all. `at`: when the signature was
    entered, if not now (the demo enters a scenario's signatures on their day)."""
    covenant = Covenant.objects.select_for_update().select_related("period__cluster").get(pk=covenant.pk)
    if covenant.state != CovenantState.OPEN:
        raise ValidationError(_("Giao ước đang “%(state)s”, chưa ký được.") % {"state": CovenantState(covenant.state).label})
    if not covenant.period.memberships.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không phải thành viên của cụm năm %(year)s.")
                              % {"unit": unit, "year": covenant.period.year})
    if not signer_name.strip() or not signer_title.strip():
        raise ValidationError(_("Cần ghi họ tên và chức vụ người ký."))
    signature, created = CovenantSignature.objects.get_or_create(covenant=covenant, unit=unit, defaults={
        "signer_name": signer_name.strip(), "signer_title": signer_title.strip(), "signed_on": signed_on})
    if not created:
        raise ValidationError(_("%(unit)s đã ký giao ước ngày %(day)s.")
                              % {"unit": unit, "day": f"{signature.signed_on:%d/%m/%Y}"})
    activity.record(actor, Activity.Action.UPDATE, covenant, covenant.period.cluster.scope,
                    summary=f"{unit} ký giao ước năm {covenant.period.year} ({signer_name}, {signer_title})", at=at)
    if not unsigned_members(covenant):
        _move(covenant, CovenantState.SIGNED, actor, at)
    return signature


REGISTRATION_FIELDS = ["aimed_titles", "note"]


def _target_rows(registration: Registration) -> list[tuple]:
    return list(RegistrationTarget.objects.filter(registration=registration).order_by("order", "pk").values_list(
        "name", "kind", "unit_of_measure", "target_value", "criterion_id"))


def _target_text(rows: list[tuple]) -> str:
    """A registration's targets as one line, for the log's old → new."""
    return " | ".join(f"{name}" + (f": {format_number(value.normalize())} {measure}".rstrip() if value is not None else "")
                      for name, _kind, measure, value, _criterion in rows)


def _registration_values(registration: Registration) -> list:
    """What the registration form writes: the titles aimed for, the note and the targets."""
    return [*versions.field_values(registration, REGISTRATION_FIELDS), _target_rows(registration)]


def registration_version(period: EmulationPeriod, unit: Unit) -> str:
    """The version of a member's registration as its form carries it (core.versions); before the first one, a
    version that any saved registration is newer than."""
    registration = Registration.objects.filter(period=period, unit=unit).first()
    if registration is None:
        return versions.NOTHING_YET
    return versions.token(registration, period.cluster.scope, _registration_values(registration))


@transaction.atomic
def register(period: EmulationPeriod, unit: Unit, aimed_titles: str, targets: list[dict], note: str = "",
             actor=None, loaded_version: str | None = None, at: dt.datetime | None = None) -> Registration:
    """A member registers its titles and targets: [{"name", "kind", "unit_of_measure", "target_value",
    "criterion"}]. Registration is open in the registration phase; the whole list is replaced at once; the changes
    are logged old → new (`at`: when, if not now). `loaded_version`: the version the form was loaded with; refused
    (core.versions.StaleVersion) when the stored registration is newer."""
    if period.phase not in (Phase.SETUP, Phase.REGISTRATION):
        raise ValidationError(_("Đăng ký thi đua chỉ mở ở giai đoạn “%(phase)s”.") % {"phase": Phase.REGISTRATION.label})
    # the membership row locked: two saves of one member's registration follow one another
    if period.memberships.select_for_update().filter(unit=unit).first() is None:
        raise ValidationError(_("%(unit)s không phải thành viên của cụm năm %(year)s.") % {"unit": unit, "year": period.year})
    stored = Registration.objects.select_for_update().filter(period=period, unit=unit).first()
    if stored is not None:
        versions.check(stored, period.cluster.scope, _registration_values(stored), loaded_version)
    errors = []
    for i, target in enumerate(targets, start=1):
        if not str(target.get("name", "")).strip():
            errors.append(_("Chỉ tiêu thứ %(number)s: chưa có tên.") % {"number": i})
        value = target.get("target_value")
        if target.get("kind", "quantitative") == "quantitative":
            try:
                if value is None or Decimal(str(value)) <= 0:
                    errors.append(_("Chỉ tiêu thứ %(number)s: giá trị đăng ký phải lớn hơn 0.") % {"number": i})
            except ArithmeticError:
                errors.append(_("Chỉ tiêu thứ %(number)s: giá trị đăng ký không phải là số.") % {"number": i})
    if errors:
        raise ValidationError(errors)
    registration = stored or Registration(period=period, unit=unit)
    before = activity.snapshot(registration, REGISTRATION_FIELDS) if stored else {}
    old_targets = _target_text(_target_rows(registration)) if stored else ""
    registration.aimed_titles, registration.note, registration.submitted_at = aimed_titles, note, at or timezone.now()
    registration.save()
    registration.targets.all().delete()
    RegistrationTarget.objects.bulk_create([
        RegistrationTarget(registration=registration, order=i, name=t["name"].strip(),
                           kind=t.get("kind", "quantitative"), unit_of_measure=t.get("unit_of_measure", ""),
                           target_value=t.get("target_value"), criterion=t.get("criterion"))
        for i, t in enumerate(targets, start=1)])
    changes = activity.diff(registration, before, activity.snapshot(registration, REGISTRATION_FIELDS)) if stored else []
    new_targets = _target_text(_target_rows(registration))
    if stored and old_targets != new_targets:
        changes.append({"field": "Chỉ tiêu đăng ký", "old": old_targets, "new": new_targets})
    activity.record(actor, Activity.Action.UPDATE, registration, period.cluster.scope,
                    summary=f"{unit} đăng ký thi đua năm {period.year} ({len(targets)} chỉ tiêu)", changes=changes,
                    at=at)
    return registration


def registration_progress(period: EmulationPeriod) -> tuple[int, int]:
    """(registered members, all members): the "100% registered" figure of the scenarios."""
    members = period.memberships.count()
    registered = Registration.objects.filter(period=period, submitted_at__isnull=False,
                                             unit__memberships__period=period).count()
    return registered, members


def registered_targets(period, unit) -> dict:
    """{criterion id: target value} that `unit` registered for `period`, for the criteria it linked a target to."""
    return dict(RegistrationTarget.objects.filter(registration__period=period, registration__unit=unit,
                                                  criterion__isnull=False)
                .values_list("criterion_id", "target_value"))
