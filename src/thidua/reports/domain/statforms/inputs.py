"""The figures of a form that no record holds, typed by the organiser's staff: checked (whole numbers, not
negative, a part never more than its whole), saved all or nothing, over the version the page was loaded from only
(core.versions), and logged (core.activity) on the organiser's timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import activity, versions
from thidua.core.formatting import NumberError, format_number, parse_number
from thidua.core.models import Activity
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser
from thidua.reports.domain.statforms.model import Form, FormSet
from thidua.reports.models import StatisticalInput

MAX_VALUE = 10_000_000


def scope(organiser: Organiser) -> str:
    return f"organiser:{organiser.pk}"


def stored(organiser: Organiser, form_set: FormSet, form: Form, year: int) -> StatisticalInput | None:
    return StatisticalInput.objects.filter(organiser=organiser, form_set=form_set.code, form=form.code,
                                           year=year).first()


def version(record: StatisticalInput | None) -> str:
    if record is None:
        return versions.NOTHING_YET
    return versions.token(record, scope(record.organiser), [record.values])


def _label(form: Form, key: str) -> str:
    row_code, _sep, col_key = key.partition(":")
    row, column = form.row(row_code), form.column(col_key)
    return _("Dòng %(row)s “%(label)s”, cột %(column)s “%(head)s”") % {
        "row": row.code, "label": row.label.lstrip("-+ "), "column": column.number, "head": column.heads[-1]}


def _parse(form: Form, typed: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    allowed = set(form.input_keys())
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for key, text in typed.items():
        if key not in allowed:
            errors[key] = _("Ô này không nhập được: số liệu tính từ hồ sơ hoặc là tổng của các ô khác.")
            continue
        if text is None or not str(text).strip():
            continue
        try:
            number = parse_number(text, decimals_allowed=False)
        except NumberError as error:
            errors[key] = f"{_label(form, key)}: {error}"
            continue
        if number < 0:
            errors[key] = _("%(cell)s: số liệu không được âm.") % {"cell": _label(form, key)}
        elif number > MAX_VALUE:
            errors[key] = _("%(cell)s: số liệu quá lớn (tối đa %(max)s).") % {
                "cell": _label(form, key), "max": format_number(MAX_VALUE)}
        else:
            values[key] = int(number)
    return values, errors


def _consistency(form: Form, values: dict[str, int]) -> dict[str, str]:
    """A part never more than its whole: a column that is part of another (women among the staff), the rows of a
    breakdown against the total."""
    errors: dict[str, str] = {}
    for part, whole in form.part_of:
        for row in form.rows:
            p, w = values.get(f"{row.code}:{part}"), values.get(f"{row.code}:{whole}")
            if p is not None and w is not None and p > w:
                errors[f"{row.code}:{part}"] = _("%(cell)s: %(part)s lớn hơn %(whole)s ở cột %(column)s.") % {
                    "cell": _label(form, f"{row.code}:{part}"), "part": format_number(p), "whole": format_number(w),
                    "column": form.column(whole).number}
    for total_code, parts in form.limits:
        whole_row = form.row(total_code)
        for column in (c for c in form.columns if not c.sum_of):
            total = sum(values.get(f"{code}:{column.key}", 0) for code in whole_row.sum_of or (total_code,))
            got = sum(values.get(f"{code}:{column.key}", 0) for code in parts)
            if got > total:
                errors.setdefault(f"{parts[0]}:{column.key}", (
                    _("Cột %(column)s: các dòng %(first)s–%(last)s cộng lại %(sum)s, nhiều hơn tổng số %(total)s "
                      "(dòng %(row)s).") % {"column": column.number, "first": parts[0], "last": parts[-1],
                                           "sum": format_number(got), "total": format_number(total),
                                           "row": total_code}))
    return errors


def check(form: Form, typed: dict[str, str]) -> dict[str, int]:
    """The typed texts (cell key → text, empty for none) as numbers; ValidationError with every cell's reason
    (key → message) when one is wrong."""
    values, errors = _parse(form, typed)
    for key, message in _consistency(form, values).items():  # among the figures that could be read: all at once
        errors.setdefault(key, message)
    if errors:
        raise ValidationError({key: [message] for key, message in errors.items()})
    return values


@transaction.atomic
def save(organiser: Organiser, form_set: FormSet, form: Form, year: int, typed: dict[str, str], actor=None,
         loaded_version: str | None = None) -> StatisticalInput:
    """Check every typed figure and save them all, or nothing (ValidationError, key → message; a save over a
    newer version raises core.versions.StaleVersion)."""
    if organiser.kind == OrganiserKind.CENTRAL:  # its page is the country's: the sum of what the others typed
        raise ValidationError({"__all__": ["Biểu của Hội đồng Thi đua - Khen thưởng Trung ương là số liệu toàn quốc, "
                                           "tổng hợp từ số liệu các tỉnh, bộ, ngành nhập: không nhập riêng."]})
    values = check(form, typed)
    Organiser.objects.select_for_update().get(pk=organiser.pk)  # the first save of a form cannot race in twice
    record = (StatisticalInput.objects.select_for_update()
              .filter(organiser=organiser, form_set=form_set.code, form=form.code, year=year).first())
    if record is not None:
        versions.check(record, scope(organiser), [record.values], loaded_version)
        before = dict(record.values or {})
    else:
        before = {}
        record = StatisticalInput(organiser=organiser, form_set=form_set.code, form=form.code, year=year)
    changes = [{"field": _label(form, key), "old": format_number(before[key]) if key in before else "",
                "new": format_number(values[key]) if key in values else ""}
               for key in sorted(set(before) | set(values)) if before.get(key) != values.get(key)]
    record.values = values
    record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    if changes:
        activity.record(actor, Activity.Action.UPDATE, record, scope(organiser),
                        summary=f"Nhập số liệu biểu {form.number} năm {year} ({form_set.circular})",
                        changes=changes, label=f"Biểu {form.number} năm {year} — {organiser.name}")
    return record


def progress(organiser: Organiser | None, form_set: FormSet, year: int) -> list[dict]:
    """Each form of the set with how many cells are typed for the year, of how many: {"form", "inputs",
    "typed"}; the whole country (`organiser` None) counts none of its own (its figures are everyone's). One
    query."""
    typed: dict[str, dict] = {}
    if organiser is not None:
        typed = dict(StatisticalInput.objects.filter(organiser=organiser, form_set=form_set.code,
                                                     year=year).values_list("form", "values"))
    rows = []
    for form in form_set.forms:
        keys = form.input_keys()
        done = len([k for k in keys if k in (typed.get(form.code) or {})])
        rows.append({"form": form, "inputs": len(keys), "typed": done})
    return rows
