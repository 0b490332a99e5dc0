"""Rule sets in force, the base salary and the cash that goes with an award."""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from thidua.awards.enums import Subject
from thidua.awards.models import AwardTerms, BaseSalary, RuleSet

HOUSEHOLD_FACTOR = Decimal("1.5")
ROUND_TO = 10_000


def rule_set_on(day: dt.date) -> RuleSet:
    """The rule set in force on a day: Decree 98/2023 until 30/6/2025, Decree 152/2025 from 1/7/2025 (Decree 152
    art 59–60). Every decision records the set it used."""
    found = RuleSet.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if found is None or (found.valid_to and found.valid_to < day):
        raise LookupError(f"Chưa có bộ quy định áp dụng cho ngày {day:%d/%m/%Y}.")
    return found


def base_salary_on(day: dt.date) -> int | None:
    row = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return row.amount if row else None


def round_up(amount: Decimal) -> int:
    """Rounded up to the next 10.000 đồng (Decree 152 art 49)."""
    return int((Decimal(amount) / ROUND_TO).to_integral_value(rounding=ROUND_CEILING)) * ROUND_TO


def cash_amount(terms: AwardTerms, subject: str, base_salary: int) -> int | None:
    """Cash for one award: the multiple for the subject × the base salary in force at the decision date, rounded up
    to 10.000 đồng (Decree 152 art 49–54; Decree 98 art 54–56). Households get 1,5 × the individual amount (Decree
    152 art 51). None where the catalogue holds no multiple for the subject."""
    if subject == Subject.COLLECTIVE:
        multiple = terms.cash_collective
    elif subject == Subject.HOUSEHOLD:
        multiple = terms.cash_individual * HOUSEHOLD_FACTOR if terms.cash_individual is not None else None
    else:
        multiple = terms.cash_individual
    if multiple is None:
        return None
    return round_up(Decimal(multiple) * base_salary)


def cash_for(award, subject: str, decision_date: dt.date) -> tuple[int | None, str]:
    """(amount, explanation) for an award decided on a day, using the rule set and base salary in force then."""
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
    return amount, f"Theo {rule_set}, lương cơ sở {salary:,} đồng".replace(",", ".")
