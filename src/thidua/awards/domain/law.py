"""Changes to the law awards keep as data: rule sets, an award's terms under a rule set, base salaries (national,
the system administrator's) and a province's own names for catalogue awards (the province's). One function per
write; each checks, saves and logs old → new in one transaction through core.dated, whose rule of periods applies:
two rows of the same parameter never share a day (all rule sets are one parameter; all base salaries are one; a
province's names for one award are one).

A change dated in the future applies from its date and not before: the lookups (awards.domain.money) are by date,
so a base salary entered today from 1/7 of next year leaves every cash amount before that day unchanged."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards.models import AwardLocalName, AwardRecord, AwardTerms, BaseSalary, RuleSet
from thidua.core import dated

NATIONAL = "law"
RULE_SET_FIELDS = ["code", "name", "valid_from", "valid_to"]
TERMS_FIELDS = ["award", "rule_set", "decided_by", "rank", "cash_individual", "cash_collective", "article"]
SALARY_FIELDS = ["amount", "valid_from", "legal_ref"]
SALARY_DATING = dated.Dating(end=None)
LOCAL_NAME_FIELDS = ["organiser", "award", "name", "valid_from", "valid_to", "decision_ref"]


# -- rule sets ----------------------------------------------------------------------------------------------------


def rule_set_write(rule_set: RuleSet) -> dated.Write:
    """Rule sets are one parameter: one set in force on a day. A set a decision or the catalogue used keeps its
    first day."""
    used = bool(dated.protected_uses(rule_set)) if rule_set.pk else False
    return dated.Write(fields=RULE_SET_FIELDS, scope=NATIONAL, same=RuleSet.objects.all(),
                       locked=("code", "valid_from") if used else ())


@transaction.atomic
def save_rule_set(rule_set: RuleSet, actor=None, version: str = "") -> list[dict]:
    if RuleSet.objects.filter(code=rule_set.code).exclude(pk=rule_set.pk).exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã có.") % {"code": rule_set.code}})
    return dated.save_row(rule_set, rule_set_write(rule_set), actor, version)


# -- an award's terms under a rule set ----------------------------------------------------------------------------


def terms_uses(terms: AwardTerms) -> list[str]:
    """The terms were used when the registry holds an award of theirs decided under their rule set."""
    if terms.pk and AwardRecord.objects.filter(award_id=terms.award_id, rule_set_id=terms.rule_set_id).exists():
        return [str(AwardRecord._meta.verbose_name_plural)]
    return []


def terms_write(terms: AwardTerms) -> dated.Write:
    """Terms are dated by their rule set (no dates of their own): one row per award and rule set."""
    return dated.Write(fields=TERMS_FIELDS, scope=NATIONAL, dating=None,
                       locked=("award", "rule_set") if terms_uses(terms) else ())


def check_terms(terms: AwardTerms) -> None:
    """One row per award and rule set; multiples of the base salary above zero; a rank from 1."""
    errors: dict[str, str] = {}
    if AwardTerms.objects.filter(award_id=terms.award_id, rule_set_id=terms.rule_set_id).exclude(pk=terms.pk).exists():
        errors["award"] = _("%(award)s đã có quy định theo %(rule_set)s: sửa dòng đó.") % {
            "award": terms.award, "rule_set": terms.rule_set}
    for name in ("cash_individual", "cash_collective"):
        value = getattr(terms, name)
        if value is not None and Decimal(value) <= 0:
            errors[name] = _("Hệ số tiền thưởng phải lớn hơn 0 (để trống nếu không có).")
    if terms.rank is not None and terms.rank < 1:
        errors["rank"] = _("Thứ bậc bắt đầu từ 1.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_terms(terms: AwardTerms, actor=None, version: str = "") -> list[dict]:
    check_terms(terms)
    return dated.save_row(terms, terms_write(terms), actor, version)


# -- base salaries ------------------------------------------------------------------------------------------------


def salary_uses(salary: BaseSalary) -> list[str]:
    """A base salary was used when a decision with cash in the registry falls in its period (from its first day to
    the day before the next salary starts)."""
    if not salary.pk:
        return []
    records = AwardRecord.objects.filter(decision_date__gte=salary.valid_from, cash_amount__isnull=False)
    following = BaseSalary.objects.filter(valid_from__gt=salary.valid_from).order_by("valid_from").first()
    if following is not None:
        records = records.filter(decision_date__lt=following.valid_from)
    return [str(AwardRecord._meta.verbose_name_plural)] if records.exists() else []


def salary_write(salary: BaseSalary) -> dated.Write:
    """Base salaries are one parameter; each runs until the next starts, so two may not start on the same day. A
    salary a decision's cash was computed on keeps its amount and first day."""
    return dated.Write(fields=SALARY_FIELDS, scope=NATIONAL, dating=SALARY_DATING,
                       locked=("amount", "valid_from") if salary_uses(salary) else ())


@transaction.atomic
def save_base_salary(salary: BaseSalary, actor=None, version: str = "") -> list[dict]:
    """Amount above zero, with the decree that sets it."""
    errors: dict[str, str] = {}
    if not salary.amount or salary.amount <= 0:
        errors["amount"] = _("Mức lương cơ sở phải lớn hơn 0.")
    if not salary.legal_ref.strip():
        errors["legal_ref"] = _("Cần ghi nghị định quy định mức lương cơ sở.")
    if errors:
        raise ValidationError(errors)
    return dated.save_row(salary, salary_write(salary), actor, version)


# -- a province's names for catalogue awards ----------------------------------------------------------------------


def local_name_write(name: AwardLocalName) -> dated.Write:
    """A province's names for one award are one parameter: one name on a day."""
    same = AwardLocalName.objects.filter(organiser_id=name.organiser_id, award_id=name.award_id)
    return dated.Write(fields=LOCAL_NAME_FIELDS, scope=f"law:{name.organiser_id}", same=same)


@transaction.atomic
def save_local_name(name: AwardLocalName, actor=None, version: str = "") -> list[dict]:
    if not name.name.strip():
        raise ValidationError({"name": _("Cần ghi tên.")})
    return dated.save_row(name, local_name_write(name), actor, version)


def local_name_on(organiser_id: int, award_id: int, day: dt.date) -> str | None:
    """The name a province prints for an award on a day (None: the catalogue's). The papers read it for many
    awards at once through awards.domain.names.printed_names."""
    row = (AwardLocalName.objects.filter(organiser_id=organiser_id, award_id=award_id, valid_from__lte=day)
           .exclude(valid_to__lt=day).order_by("-valid_from").first())
    return row.name if row else None
