"""Rule sets in force, the base salary and the cash that goes with an award."""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from thidua.awards.enums import Subject
from thidua.awards.models import AwardTerms, BaseSalary, RuleSet
from thidua.core.formatting import format_number

HOUSEHOLD_FACTOR = Decimal("1.5")
ROUND_TO = 10_000


def in_force(rows, day: dt.date):
    """The dated row in force on a day: the latest one starting on or before it (rows with `valid_from`, and
    optionally `valid_to`, the last day). None when none applies."""
    found = max((r for r in rows if r.valid_from <= day), key=lambda r: r.valid_from, default=None)
    if found is None or (getattr(found, "valid_to", None) and found.valid_to < day):
        return None
    return found


def rule_set_on(day: dt.date) -> RuleSet:
    """The rule set in force on a day: Decree 91/2017 from 1/10/2017 to 31/12/2023, Decree 98/2023 until 30/6/2025,
    Decree 152/2025 from 1/7/2025 (Decree 152 art 59). LookupError before the first."""
    found = in_force(RuleSet.objects.filter(valid_from__lte=day).order_by("-valid_from")[:1], day)
    if found is None:
        raise LookupError(f"Chưa có bộ quy định áp dụng cho ngày {day:%d/%m/%Y}.")
    return found


def rule_set_for_submission(submitted_on: dt.date) -> RuleSet:
    """The rule set a proposal is judged under: the one in force on the day its dossier was submitted — the
    transitional provision of Decree 152/2025/NĐ-CP, art 60 (rules.md §1 [V S18]), points to the date the dossier
    was submitted, not the date of the decision; the change from Decree 91/2017 to Decree 98/2023 is read the same
    way (Decree 98's own transitional article not read here). A proposal submitted on 20/12/2023 and decided on
    15/01/2024 stays under Decree 91/2017; one submitted on 25/06/2025 and decided on 10/07/2025 under Decree
    98/2023. A returned proposal sent again is judged as of its new submission. The proposal records the set when
    it is submitted (dossiers.domain.workflow); its cash uses that set's multiples on the base salary in force on
    the decision date (`cash_for`)."""
    return rule_set_on(submitted_on)


def base_salary_on(day: dt.date) -> int | None:
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return row.amount if row else None


def round_up(amount: Decimal) -> int:
    """Rounded up to the next 10.000 đồng (Decree 152 art 49)."""
    return int((Decimal(amount) / ROUND_TO).to_integral_value(rounding=ROUND_CEILING)) * ROUND_TO


def cash_amount(terms: AwardTerms, subject: str, base_salary: int) -> int | None:
    """Cash for one award: the multiple for the subject × the base salary in force at the decision date, rounded up
    to 10.000 đồng (Decree 152 arts 49–54; Decree 98 arts 54, 55 and 58; Decree 91 arts 68–73). Households get
    1,5 × the individual amount (Decree 152 art 51). None where the catalogue holds no multiple for the subject."""
    if subject == Subject.COLLECTIVE:
        multiple = terms.cash_collective
    elif subject == Subject.HOUSEHOLD:
        multiple = terms.cash_individual * HOUSEHOLD_FACTOR if terms.cash_individual is not None else None
    else:
        multiple = terms.cash_individual
    if multiple is None:
        return None
    return round_up(Decimal(multiple) * base_salary)


def cash_for(award, subject: str, decision_date: dt.date, rule_set: RuleSet | None = None) -> tuple[int | None, str]:
    """(amount, explanation) for an award decided on a day: the multiples of `rule_set` — the one a proposal
    recorded when it was submitted (`rule_set_for_submission`) — or else of the rule set in force on the decision
    date, on the base salary in force on the decision date."""
    if rule_set is None:
        try:
            rule_set = rule_set_on(decision_date)
        except LookupError as error:
            return None, str(error)
    terms = AwardTerms.objects.filter(award=award, rule_set=rule_set).first()
    salary = base_salary_on(decision_date)
    if terms is None:
        return None, f"{award} không có trong {rule_set}."
    if salary is None:
        return None, f"Chưa nhập mức lương cơ sở áp dụng ngày {decision_date:%d/%m/%Y}."
    amount = cash_amount(terms, subject, salary)
    if amount is None:
        return None, f"{rule_set} không quy định mức tiền thưởng cho đối tượng này."
    return amount, f"Theo {rule_set}, lương cơ sở {format_number(salary)} đồng"


class CashTable:
    """Cash for many awards and days at once (an Excel import of 100.000 rows): the rule sets, their terms and
    the base salaries are read once, then each answer follows the same rules as `cash_for`."""

    def __init__(self):
        self.rule_sets = list(RuleSet.objects.all())
        self.salaries = list(BaseSalary.objects.all())
        self.terms = {(t.award_id, t.rule_set_id): t for t in AwardTerms.objects.all()}
        self._cache: dict[tuple[int, str, dt.date], int | None] = {}

    def rule_set_on(self, day: dt.date) -> RuleSet | None:
        return in_force(self.rule_sets, day)

    def cash(self, award_id: int, subject: str, day: dt.date) -> int | None:
        key = (award_id, subject, day)
        if key not in self._cache:
            rule_set, salary = in_force(self.rule_sets, day), in_force(self.salaries, day)
            terms = self.terms.get((award_id, rule_set.pk)) if rule_set else None
            self._cache[key] = cash_amount(terms, subject, salary.amount) if terms and salary else None
        return self._cache[key]


# -- amounts in words, as a decision writes them ("Tám triệu một trăm chín mươi nghìn đồng") -----------------

_SCALES = ["", " nghìn", " triệu"]


def _group_words(group: int, leading: bool) -> str:
    """One group of three digits. Inside a number a group below 100 reads "không trăm …" and a single digit
    "không trăm lẻ …" (8.010.000: "tám triệu không trăm mười nghìn"), as accounting documents write it."""
    from num2words import num2words

    words = num2words(group, lang="vi")
    if leading or group >= 100:
        return words
    return "không trăm " + ("lẻ " if group < 10 else "") + words


def number_in_words(number: int) -> str:
    """A whole number in Vietnamese words, groups of thousands up to "tỷ" (and "nghìn tỷ", "triệu tỷ" above)."""
    if number < 0:
        return "âm " + number_in_words(-number)
    if number == 0:
        return "không"
    billions, rest = divmod(number, 1_000_000_000)
    parts = []
    if billions:
        parts.append(number_in_words(billions) + " tỷ")
    groups = [(rest // 10 ** (3 * i)) % 1000 for i in (2, 1, 0)]
    for index, group in enumerate(groups):
        if group:
            leading = not parts
            parts.append(_group_words(group, leading) + _SCALES[2 - index])
    return " ".join(parts)


def amount_in_words(amount: int) -> str:
    """"Tám triệu một trăm chín mươi nghìn đồng": the words after an amount in a decision (capitalised)."""
    words = number_in_words(int(amount)) + " đồng"
    return words[0].upper() + words[1:]
