"""Changes to the law dossiers keep as data, and the deadline that applies to a proposal.

- Notice rules (which awards are posted for public comment, for how many working days): national, the system
  administrator's. Rules sharing an award are one parameter: an award is covered by one rule on a day. An open
  rule is never ended for the user here: it covers several awards, and ending it for one would end it for all.
- Deadlines: a national row (no organiser: the decree's, the system administrator's) and a province's own rows
  (its emulation administrator's), which win for proposals sent to that province. Rows of one case and one
  province (or of one case, national) are one parameter. The deadline of a proposal (its case, its day, what is
  said when there is none) is chosen here only: the proposal's page (dossiers.domain.workflow) and today's work
  (screens.domain.tasks) both ask submission_deadline().

One function per write; each checks, saves and logs old → new in one transaction through core.dated."""

import calendar
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core import dated
from thidua.dossiers.models import DeadlineCase, DeadlineRule, NoticeRule
from thidua.orgs.models import Organiser

NOTICE_FIELDS = ["label", "awards", "working_days", "valid_from", "valid_to", "source", "note"]
NOTICE_LOCKED = ("awards", "working_days", "valid_from")
DEADLINE_FIELDS = ["organiser", "case", "label", "day", "month", "year_offset", "valid_from", "valid_to", "source"]


# -- notice rules -------------------------------------------------------------------------------------------------


def notice_rule_write(rule: NoticeRule, awards=None) -> dated.Write:
    """`awards`: the awards the rule will cover (its stored ones when not given)."""
    if awards is None:
        awards = list(rule.awards.all()) if rule.pk else []
    same = NoticeRule.objects.filter(awards__in=awards).distinct()
    used = bool(dated.protected_uses(rule)) if rule.pk else False

    def save_awards(row) -> None:
        row.awards.set(awards)

    return dated.Write(fields=NOTICE_FIELDS, scope="law", same=same, end_open_rows=False,
                       locked=NOTICE_LOCKED if used else (), after_save=save_awards)


@transaction.atomic
def save_notice_rule(rule: NoticeRule, awards, actor=None, version: str = "") -> list[dict]:
    """At least one award, at least one working day, the article it comes from."""
    errors: dict[str, str] = {}
    if not awards:
        errors["awards"] = _("Chọn ít nhất một danh hiệu, hình thức phải công khai.")
    if not rule.working_days or rule.working_days < 1:
        errors["working_days"] = _("Số ngày làm việc công khai phải từ 1 trở lên.")
    if not rule.source.strip():
        errors["source"] = _("Cần ghi căn cứ (văn bản, điều khoản).")
    if errors:
        raise ValidationError(errors)
    return dated.save_row(rule, notice_rule_write(rule, list(awards)), actor, version)


# -- deadlines ----------------------------------------------------------------------------------------------------


def deadline_write(rule: DeadlineRule) -> dated.Write:
    same = DeadlineRule.objects.filter(case=rule.case)
    same = same.filter(organiser_id=rule.organiser_id) if rule.organiser_id else same.filter(organiser__isnull=True)
    return dated.Write(fields=DEADLINE_FIELDS, scope=f"law:{rule.organiser_id}" if rule.organiser_id else "law",
                       same=same)


def check_deadline(rule: DeadlineRule) -> None:
    """A day that exists every year (29/2 does not), a year offset of 0 to 2, a description and its source; a new
    row gives its first day."""
    errors: dict[str, str] = {}
    if not 1 <= (rule.month or 0) <= 12:
        errors["month"] = _("Tháng từ 1 đến 12.")
    elif not 1 <= (rule.day or 0) <= calendar.monthrange(2023, rule.month)[1]:
        errors["day"] = _("Tháng %(month)s không có ngày %(day)s mọi năm.") % {"month": rule.month, "day": rule.day}
    if not 0 <= (rule.year_offset or 0) <= 2:
        errors["year_offset"] = _("Ghi 0 (cùng năm thành tích), 1 (năm sau) hoặc 2.")
    if not rule.label.strip():
        errors["label"] = _("Cần ghi mô tả.")
    if not rule.source.strip():
        errors["source"] = _("Cần ghi căn cứ (văn bản, điều khoản).")
    if rule.pk is None and rule.valid_from is None:
        errors["valid_from"] = _("Cần ghi ngày bắt đầu áp dụng.")
    if rule.case in PROVINCE_CASES and rule.organiser_id is None:
        errors["organiser"] = _("Thời hạn này do từng tỉnh quy định: chọn tỉnh (không có thời hạn chung cho mọi tỉnh).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_deadline(rule: DeadlineRule, actor=None, version: str = "") -> list[dict]:
    check_deadline(rule)
    return dated.save_row(rule, deadline_write(rule), actor, version)


def deadline_day(rule: DeadlineRule, year: int) -> dt.date:
    """The day a rule fixes for an achievement year."""
    return dt.date(year + rule.year_offset, rule.month, rule.day)


# Cases whose deadline only the province fixes (a cluster's year-end dossier to the province's Department of Home
# Affairs: each province's own regulation; no decree sets one). A row without an organiser for such a case — the one
# loaded by dossiers 0002 cites Bắc Ninh's Decision 86/2025 — is never applied to another province.
PROVINCE_CASES = frozenset({DeadlineCase.CLUSTER.value})


def deadline_rule(case: str, organiser_id: int | None, year: int) -> tuple[dt.date, DeadlineRule] | None:
    """The deadline of a case for an achievement year: the receiving province's own row when one is in force on
    the day it fixes, else the national row in force on its day — except for the cases only a province fixes
    (PROVINCE_CASES), where a province without its own row has no deadline (never another province's). Rows are
    chosen by the day they fix for that year, so a 2019 dossier takes the rule in force in 2019."""
    province = Q(organiser_id=organiser_id) if organiser_id else Q(pk__in=[])
    national = Q(pk__in=[]) if case in PROVINCE_CASES else Q(organiser__isnull=True)
    return choose_deadline(DeadlineRule.objects.filter(province | national, case=case), case, organiser_id, year)


def choose_deadline(rows: Iterable[DeadlineRule], case: str, organiser_id: int | None,
                    year: int) -> tuple[dt.date, DeadlineRule] | None:
    """deadline_rule()'s choice among rows read beforehand (any rows: those of other cases and provinces are left
    out here), so that a list of proposals reads the deadline rules once (screens.domain.tasks)."""
    rows = [rule for rule in rows if rule.case == case and (
        rule.organiser_id == organiser_id if rule.organiser_id is not None else case not in PROVINCE_CASES)]
    in_force = [(day, rule) for day, rule in ((deadline_day(rule, year), rule) for rule in rows)
                if (rule.valid_from is None or rule.valid_from <= day) and (rule.valid_to is None or day <= rule.valid_to)]
    own = [found for found in in_force if found[1].organiser_id is not None]
    chosen = own or in_force
    return max(chosen, key=lambda found: found[1].valid_from or dt.date.min) if chosen else None


def deadline_case(award_codes: Iterable[str], has_period: bool) -> str | None:
    """The case of a proposal's deadline, from the codes of its nominees' awards and whether it is a cluster
    year's: a Government flag's, else the national emulation soldier's, else a cluster's year-end dossier; none
    for any other proposal."""
    codes = set(award_codes)
    if DeadlineCase.GOVERNMENT_FLAG.value in codes:
        return DeadlineCase.GOVERNMENT_FLAG.value
    if DeadlineCase.NATIONAL_FIGHTER.value in codes:
        return DeadlineCase.NATIONAL_FIGHTER.value
    return DeadlineCase.CLUSTER.value if has_period else None


def submission_deadline(case: str | None, recipient: Organiser, year: int,
                        rules: Iterable[DeadlineRule] | None = None) -> tuple[dt.date | None, str]:
    """The deadline of a proposal of `case` sent to `recipient` for an achievement year, and what it says: the
    rule's description and source; with no deadline, why (a cluster's dossier whose province recorded none — no
    other province's is borrowed), or "" when the law sets none. `rules`: the deadline rules read beforehand, so
    that a list of proposals reads them once (else they are read here)."""
    if case is None:
        return None, ""
    found = (choose_deadline(rules, case, recipient.pk, year) if rules is not None
             else deadline_rule(case, recipient.pk, year))
    if found is not None:
        day, rule = found
        return day, f"{rule.label} ({rule.source})"
    if case not in PROVINCE_CASES:
        return None, ""
    return None, _("%(recipient)s chưa ghi thời hạn nộp hồ sơ tổng kết của cụm, khối cho năm %(year)s (trang Quy "
                   "định › Thời hạn nộp hồ sơ); không áp dụng thời hạn của tỉnh khác.") % {
        "recipient": recipient.short_name or recipient.name, "year": year}
