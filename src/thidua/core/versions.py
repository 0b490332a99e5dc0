"""No lost update: the version of a record an edit page was loaded from, carried by the page's form; a save over
a newer version is refused, saying who changed what since.

A version is written "<entry>-<fingerprint>":
- the fingerprint is a hash of the values the page's form writes, read from the stored record. A save is refused
  when the fingerprint of the stored values, read inside the save's transaction with the row locked
  (select_for_update), differs from the one the page was loaded with. It moves whatever path changed the values —
  an edit page, a domain function, an import, an update by query — whether or not that path logged, and it does
  not move when something the form does not write changed (a save is then harmless);
- the entry is the id of the last activity-log entry about the record when the page was loaded: the refusal lists
  the entries written since (who, when, field: old → new), read from core.activity's log.

A save without a version (a script, the demo, an import, a form posted by an older page) is not checked. A refused
form is shown again with what the user typed and the current version, so that a user who has read what changed
can save again on purpose."""

import hashlib
import json
from collections.abc import Callable, Iterable
from decimal import Decimal

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from thidua.core.models import Activity

FIELD = "version"
SHOWN_ENTRIES = 5  # the latest changes named in a refusal; older ones are counted
SHOWN_CHANGES = 6  # the fields named for one entry


class StaleVersion(ValidationError):
    """A save over a newer version. `current`: the version now stored, for the form shown again."""

    def __init__(self, message: str, current: str):
        super().__init__(message, code="stale")
        self.current = current


def _plain(value):
    if isinstance(value, Decimal):  # 8.50 and 8.5 are one value, whatever the database returns
        return format(value.normalize(), "f")
    return str(value)


def fingerprint(values: Iterable) -> str:
    """A short hash of values (numbers, text, dates, ids, lists of them)."""
    text = json.dumps(list(values), default=_plain, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# The version of a form loaded before its record existed (a year's first covenant draft, a member's first
# registration): any record saved since is newer.
NOTHING_YET = f"0-{fingerprint([])}"


def field_values(instance: models.Model, fields: Iterable[str]) -> list:
    """The stored values of a record's fields (a related record by its id)."""
    return [instance._meta.get_field(name).value_from_object(instance) for name in fields]


def _entries(target: models.Model, scope: str):
    """The log's entries about the record. `scope` (indexed) narrows the search to the record's timeline."""
    return Activity.objects.filter(scope=scope, target_type=ContentType.objects.get_for_model(target),
                                   target_id=target.pk)


def latest_entry(target: models.Model, scope: str) -> int:
    return _entries(target, scope).aggregate(latest=models.Max("id"))["latest"] or 0


def token(target: models.Model, scope: str, values: Iterable, entry: int | None = None) -> str:
    """The version of a record as a form carries it. `entry`: the last log entry about it, when already known."""
    return f"{latest_entry(target, scope) if entry is None else entry}-{fingerprint(values)}"


def check(target: models.Model, scope: str, values: Iterable, loaded: str | None) -> None:
    """Refuse a save over a newer version. Call inside the save's transaction, `values` read from the stored
    record locked with select_for_update, before anything is written. `loaded` None: not checked."""
    if loaded is None:
        return
    since, _sep, digest = loaded.partition("-")
    values = list(values)
    if digest == fingerprint(values):
        return
    since_id = int(since) if since.isascii() and since.isdigit() and len(since) <= 18 else 0  # a page's, or junk
    raise StaleVersion(conflict_message(target, scope, since_id), current=token(target, scope, values))


def _when(at) -> str:
    return f"{(timezone.localtime(at) if timezone.is_aware(at) else at):%H:%M %d/%m/%Y}"


def _what(entry: Activity) -> str:
    empty = _("(trống)")
    changes = [_("%(field)s: %(old)s → %(new)s") % {"field": capfirst(c.get("field", "")), "old": c.get("old") or empty,
                                                  "new": c.get("new") or empty}
               for c in (entry.changes or [])[:SHOWN_CHANGES]]
    if len(entry.changes or []) > SHOWN_CHANGES:
        changes.append(_("và %(count)s thay đổi khác") % {"count": len(entry.changes) - SHOWN_CHANGES})
    return "; ".join(changes) or entry.summary


def conflict_message(target: models.Model, scope: str, since: int) -> str:
    """Who changed the record since the page was loaded, when, and what (field: old → new), in Vietnamese."""
    newer = list(_entries(target, scope).filter(id__gt=since).select_related("actor").order_by("-id")
                 [:SHOWN_ENTRIES + 1])
    lines = [_("Bản ghi đã được %(who)s sửa lúc %(when)s: %(what)s.")
             % {"who": entry.actor or _("hệ thống"), "when": _when(entry.at), "what": _what(entry)}
             for entry in reversed(newer[:SHOWN_ENTRIES])]
    if len(newer) > SHOWN_ENTRIES:
        lines.insert(0, _("Bản ghi đã được sửa nhiều lần sau khi anh/chị mở trang này; các lần gần nhất:"))
    if not lines:
        lines.append(_("Bản ghi đã được thay đổi sau khi anh/chị mở trang này."))
    lines.append(_("Những gì anh/chị vừa nhập vẫn còn trên trang, chưa được lưu. Kiểm tra lại rồi lưu."))
    return " ".join(lines)


# -- the form's side ----------------------------------------------------------------------------------------------

class VersionField(forms.CharField):
    """The hidden box that carries the version a form was loaded with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)


def attach(form: forms.BaseForm, current: Callable[[], str]) -> None:
    """Give a form its version box; an unbound form is filled with the record's version now (`current()`)."""
    form.fields[FIELD] = VersionField()
    if not form.is_bound:
        form.initial[FIELD] = current()


def loaded(form: forms.BaseForm) -> str | None:
    """The version the form was loaded with (None when it carried none: then not checked)."""
    return getattr(form, "cleaned_data", {}).get(FIELD) or None


def posted(data) -> str | None:
    """The version a form of buttons (no Django form) posted."""
    return (data.get(FIELD) or "").strip()[:80] or None


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a refused save's reasons on the form shown again with what was typed; after a newer version, the form
    carries the current version, so the user who has read what changed may save again."""
    if hasattr(error, "error_dict") and not set(error.error_dict) <= {*form.fields, NON_FIELD_ERRORS}:
        error = ValidationError(error.messages)  # reasons about fields the form has not: shown above it
    form.add_error(None, error)
    if isinstance(error, StaleVersion) and FIELD in form.fields:
        data = form.data.copy()
        data[form.add_prefix(FIELD)] = error.current
        form.data = data
