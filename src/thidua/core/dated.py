"""Law kept as data: dated parameters (a rule set, a base salary, a notice rule, a deadline, a workday swap…) and
the one way they change — checked, saved and logged old → new in one transaction.

A row is in force from its first day (`valid_from`) to its last day (`valid_to`, none = until further notice).
**The rule of periods** (`check_periods`), the same for every table: two rows of the same parameter never share a
day. What "the same parameter" is, each table says (all rows for the base salary or the rule sets; the same
province and case for a deadline; a shared award for the notice rules):
- the last day is not before the first day;
- a row with no last day that starts before the row being saved is ended the day before the saved row starts
  (the new act replaces the old one from its date), and that change is logged as its own entry — unless the table
  says otherwise (a notice rule covers several awards: ending it for one would end it for all);
- any other shared day is refused, naming the other row and its dates.
Tables whose rows have no last day (the base salary, a swapped working day) run until the next row starts: two
rows may not start on the same day. A row with no first day (loaded before first days were kept) counts as in
force since before any record.

A row already used by a decision (a protected relation, or what the table adds, e.g. a salary a decision's cash
was computed on) is never deleted — it is ended instead — and the values the decision relied on (`locked`) no
longer change. Every edit carries the version it was loaded from; a save over a newer version is refused with
what changed and who changed it."""

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from thidua.core import activity, versions
from thidua.core.formatting import format_date, format_number
from thidua.core.models import Activity

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Dating:
    """The fields that date a table's rows: its first day and, when rows can end, its last day."""

    start: str = "valid_from"
    end: str | None = "valid_to"


DATED = Dating()


def _bounds(row, dating: Dating) -> tuple[dt.date, dt.date]:
    start = getattr(row, dating.start) or dt.date.min
    end = getattr(row, dating.end) if dating.end else None
    return start, end or dt.date.max


def period_text(row, dating: Dating = DATED) -> str:
    """"từ 01/07/2025", "từ 01/01/2024 đến 30/06/2025", for messages and the log."""
    start = getattr(row, dating.start)
    end = getattr(row, dating.end) if dating.end else None
    parts = [_("từ %(day)s") % {"day": format_date(start)}] if start else [_("chưa ghi ngày bắt đầu")]
    if end:
        parts.append(_("đến %(day)s") % {"day": format_date(end)})
    return " ".join(parts)


def check_dates(row, dating: Dating = DATED) -> None:
    """The last day is not before the first day."""
    if not dating.end:
        return
    start, end = getattr(row, dating.start), getattr(row, dating.end)
    if start and end and end < start:
        raise ValidationError({dating.end: _("Ngày kết thúc (%(end)s) phải từ ngày bắt đầu (%(start)s) trở đi.")
                               % {"end": format_date(end), "start": format_date(start)}})


def check_periods(row, same: Iterable, dating: Dating = DATED, end_open_rows: bool = True):
    """The rule of periods (see the module): returns the open row to end the day before `row` starts, or None;
    raises ValidationError on any other shared day. `same`: the other rows of the same parameter.
    `end_open_rows=False`: an open row that starts before is refused like any other shared day."""
    check_dates(row, dating)
    start, end = _bounds(row, dating)
    to_end = None
    for other in same:
        if other.pk is not None and other.pk == row.pk:
            continue
        other_start, other_end = _bounds(other, dating)
        if dating.end is None:
            if other_start == start:
                raise ValidationError({dating.start: _("Đã có “%(other)s” áp dụng từ ngày %(day)s: sửa dòng đó.")
                                       % {"other": other, "day": format_date(getattr(other, dating.start))}})
            continue
        if other_start > end or other_end < start:
            continue
        if end_open_rows and getattr(other, dating.end) is None and other_start < start:
            to_end = other
            continue
        raise ValidationError(_("Trùng thời gian với “%(other)s” (%(period)s): mỗi ngày chỉ áp dụng một quy định. "
                                "Kết thúc dòng đó trước, hoặc đổi ngày.")
                              % {"other": other, "period": period_text(other, dating)})
    return to_end


# -- values, versions ---------------------------------------------------------------------------------------------


def values(row: models.Model, fields: list[str]) -> dict[str, str]:
    """The fields as a person reads them (activity.snapshot), numbers written the Vietnamese way, a many-to-many
    field as its names in order."""
    out = {}
    for name in fields:
        field = row._meta.get_field(name)
        raw = None if field.is_relation or field.choices else getattr(row, name)
        if field.many_to_many:
            out[name] = "; ".join(sorted(str(x) for x in getattr(row, name).all())) if row.pk else ""
        elif isinstance(raw, int | Decimal) and not isinstance(raw, bool):
            out[name] = format_number(Decimal(raw).normalize() if isinstance(raw, Decimal) else raw)  # 2.340.000; 0,3
        else:
            out[name] = activity.display_value(row, name)
    return out


def version_of(shown: dict[str, str]) -> str:
    """A short digest of a row's values: the version an edit form was loaded from."""
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:16]


def _stale_message(row: models.Model) -> str:
    """Who changed the row since the form was loaded, and what (its latest log entry)."""
    last = (Activity.objects.filter(target_type__app_label=row._meta.app_label,
                                    target_type__model=row._meta.model_name, target_id=row.pk)
            .select_related("actor").order_by("-at", "-id").first())
    if last is None:
        return _("Dòng này đã được sửa sau khi bạn mở trang. Mở lại trang để sửa trên số liệu mới.")
    changes = "; ".join(f"{c.get('field')}: {c.get('old')} → {c.get('new')}" for c in last.changes) or last.summary
    return _("Dòng này đã được %(who)s sửa lúc %(at)s, sau khi bạn mở trang (%(changes)s). Những gì bạn vừa nhập "
             "vẫn còn trên trang, chưa được lưu. Kiểm tra lại rồi lưu.") % {
        "who": last.actor or "?", "at": f"{last.at:%d/%m/%Y %H:%M}", "changes": changes}


def _stale(row: models.Model, before: dict) -> versions.StaleVersion:
    """A save over a newer version refused; the form shown again carries the current one (core.versions), so a
    second save, after reading what changed, goes through."""
    return versions.StaleVersion(_stale_message(row), current=version_of(before))


# -- uses ---------------------------------------------------------------------------------------------------------


def protected_uses(row: models.Model) -> list[str]:
    """What holds the row through a protected relation (decisions, notices, terms…): the names of those tables."""
    uses = []
    for relation in row._meta.get_fields(include_hidden=True):  # hidden too: related_name="+" relations
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        if relation.on_delete not in (models.PROTECT, models.RESTRICT):
            continue
        if relation.related_model._base_manager.filter(**{relation.field.name: row}).exists():
            uses.append(str(relation.related_model._meta.verbose_name_plural))
    return uses


# -- writes -------------------------------------------------------------------------------------------------------


@dataclass
class Write:
    """What a table's domain function tells `save_row`: which fields to log, where, how rows are dated, which other
    rows are the same parameter, what may no longer change, and what to save after the row (its many-to-many)."""

    fields: list[str]
    scope: str
    dating: Dating | None = DATED
    same: Iterable | None = None
    locked: tuple[str, ...] = ()
    after_save: Callable[[models.Model], None] | None = None
    end_open_rows: bool = True


def _lock(row: models.Model) -> models.Model:
    return type(row)._base_manager.select_for_update().get(pk=row.pk)


def _check_locked(row, before: dict[str, str], after: dict[str, str], locked: tuple[str, ...]) -> None:
    moved = [n for n in locked if before.get(n) != after.get(n)]
    if moved:
        names = ", ".join(str(row._meta.get_field(n).verbose_name) for n in moved)
        raise ValidationError(_("Đã có quyết định áp dụng dòng này: không sửa %(fields)s. Muốn áp dụng mức mới, kết "
                                "thúc dòng này và thêm dòng mới từ ngày áp dụng.") % {"fields": names})


@transaction.atomic
def save_row(row: models.Model, write: Write, actor=None, version: str | None = None) -> list[dict]:
    """Check, save and log one row (new or edited; its new values already set on it). Raises ValidationError and
    writes nothing when the dates, the periods, a locked value or the version say no. Returns the changes."""
    created = row.pk is None
    before = {} if created else values(_lock(row), write.fields)
    if version and not created and version != version_of(before):
        raise _stale(row, before)
    to_end = None
    if write.dating is not None:
        same = write.same if write.same is not None else type(row)._base_manager.all()
        to_end = check_periods(row, same, write.dating, write.end_open_rows)
    row.save()
    if write.after_save:
        write.after_save(row)
    after = values(row, write.fields)
    _check_locked(row, before, after, write.locked if not created else ())
    changes = activity.diff(row, before, after)
    with activity.log_language():
        label = str(row._meta.verbose_name)
        if created:
            activity.record(actor, Activity.Action.CREATE, row, write.scope, summary=_("Thêm %(what)s") % {
                "what": label}, changes=changes)
        elif changes:
            activity.record(actor, Activity.Action.UPDATE, row, write.scope, summary=_("Sửa %(what)s") % {
                "what": label}, changes=changes)
    if to_end is not None and write.dating is not None and write.dating.end:
        end_row(to_end, getattr(row, write.dating.start) - ONE_DAY,
                Write(fields=[write.dating.end], scope=write.scope, dating=write.dating, same=()), actor,
                replaced_by=row)
    return changes


@transaction.atomic
def end_row(row: models.Model, last_day: dt.date, write: Write, actor=None, version: str | None = None,
            replaced_by: models.Model | None = None) -> list[dict]:
    """End a row's force on `last_day` (kept, with every decision that used it): the way out for a row in use.
    The rule of periods still holds: a later last day may not run into the next row."""
    dating = write.dating or DATED
    if not dating.end:
        raise ValueError("a table whose rows have no last day cannot end one")
    stored = _lock(row)
    before = values(stored, write.fields)
    if version and version != version_of(before):
        raise _stale(row, before)
    setattr(stored, dating.end, last_day)
    same = write.same if write.same is not None else type(row)._base_manager.all()
    if check_periods(stored, same, dating) is not None:
        raise ValidationError(_("Trùng thời gian với một dòng khác chưa có ngày kết thúc."))
    stored.save(update_fields=[dating.end])
    changes = activity.diff(stored, before, values(stored, write.fields))
    if replaced_by is not None:
        summary = _("Kết thúc hiệu lực ngày %(day)s: thay bằng “%(new)s”") % {"day": format_date(last_day),
                                                                            "new": replaced_by}
    else:
        summary = _("Kết thúc hiệu lực ngày %(day)s") % {"day": format_date(last_day)}
    with activity.log_language():
        activity.record(actor, Activity.Action.UPDATE, stored, write.scope, summary=summary, changes=changes)
    setattr(row, dating.end, last_day)
    return changes


@transaction.atomic
def delete_row(row: models.Model, write: Write, uses: list[str], actor=None) -> None:
    """Delete a row nothing uses (a row typed by mistake); a row in use is refused: end it instead."""
    if uses:
        raise ValidationError(_("Không xóa được: đã được dùng (%(uses)s). Kết thúc hiệu lực thay vì xóa.")
                              % {"uses": ", ".join(uses)})
    stored = _lock(row)
    before = values(stored, write.fields)
    label, pk = str(stored), stored.pk
    stored.delete()
    stored.pk = pk  # the log entry names the row it deleted
    with activity.log_language():
        activity.record(actor, Activity.Action.DELETE, stored, write.scope,
                        summary=_("Xóa %(what)s") % {"what": stored._meta.verbose_name}, label=label,
                        changes=[{"field": str(stored._meta.get_field(n).verbose_name), "old": v, "new": ""}
                                 for n, v in before.items() if v])
