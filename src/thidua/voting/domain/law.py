"""Changes to the council's vote thresholds — the law's share of ALL members per award and rule set
(voting.VoteThreshold) — on the "Quy định" pages: national, the system administrator's. One function per write;
each checks, saves and logs old → new in one transaction through core.dated. Rows are dated by their rule set (no
dates of their own), like an award's terms: one row per award and rule set.

A session copies its questions' shares when it opens (voting.domain.thresholds.fix_thresholds), so a change never
alters a vote already held. A row a session opened with keeps its award and rule set and cannot be deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core import dated
from thidua.voting.enums import ThresholdBasis, ThresholdSource
from thidua.voting.models import Question, VoteThreshold

NATIONAL = "law"
THRESHOLD_FIELDS = ["award", "rule_set", "numerator", "denominator", "strict", "basis", "article", "carried_over",
                    "source_note"]


def threshold_uses(row: VoteThreshold) -> list[str]:
    """The row was used when a council's question on its award opened under the law, on a day of its rule set."""
    if not row.pk:
        return []
    rule_set = row.rule_set
    held = Q(session__held_on__gte=rule_set.valid_from)
    opened = Q(session__held_on__isnull=True, session__opened_at__date__gte=rule_set.valid_from)
    if rule_set.valid_to:
        held &= Q(session__held_on__lte=rule_set.valid_to)
        opened &= Q(session__opened_at__date__lte=rule_set.valid_to)
    if Question.objects.filter(held | opened, award_id=row.award_id, threshold_source=ThresholdSource.LAW).exists():
        return [str(Question._meta.verbose_name_plural)]
    return []


def threshold_write(row: VoteThreshold) -> dated.Write:
    return dated.Write(fields=THRESHOLD_FIELDS, scope=NATIONAL, dating=None,
                       locked=("award", "rule_set") if threshold_uses(row) else ())


def check_threshold(row: VoteThreshold) -> None:
    """One row per award and rule set; a share from 1/… to 1; its article."""
    errors: dict[str, str] = {}
    if (row.award_id and row.rule_set_id and VoteThreshold.objects.filter(
            award_id=row.award_id, rule_set_id=row.rule_set_id).exclude(pk=row.pk).exists()):
        errors["award"] = _("%(award)s đã có tỷ lệ theo %(rule_set)s: sửa dòng đó.") % {
            "award": row.award, "rule_set": row.rule_set}
    if not row.denominator or not row.numerator or row.numerator > row.denominator:
        errors["numerator"] = _("Tỷ lệ đạt phải là một phân số từ 1/… đến 1 (tử số không lớn hơn mẫu số, mẫu số khác 0).")
    if row.basis not in ThresholdBasis.values:
        errors["basis"] = _("Cách tính tỷ lệ không hợp lệ.")
    if not (row.article or "").strip():
        errors["article"] = _("Cần ghi căn cứ (văn bản, điều, khoản).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_threshold(row: VoteThreshold, actor=None, version: str = "") -> list[dict]:
    check_threshold(row)
    return dated.save_row(row, threshold_write(row), actor, version)
