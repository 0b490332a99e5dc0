"""Rule sets by date, base salary, cash rounded up to 10.000 đồng."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.awards.domain.money import cash_amount, cash_for, round_up, rule_set_on
from thidua.awards.models import Award, AwardTerms, BaseSalary

pytestmark = pytest.mark.django_db


def test_the_rule_set_changes_on_1_july_2025():
    assert rule_set_on(dt.date(2025, 6, 30)).code == "nd98-2023"
    assert rule_set_on(dt.date(2025, 7, 1)).code == "nd152-2025"
    assert rule_set_on(dt.date(2024, 1, 1)).code == "nd98-2023"
    assert rule_set_on(dt.date(2023, 12, 31)).code == "nd91-2017"


def test_authority_follows_the_rule_set():
    terms = {t.rule_set.code: t for t in AwardTerms.objects.filter(award__code="ttldtt").select_related("rule_set")}
    assert "cấp huyện" in terms["nd98-2023"].decided_by
    assert "cấp xã" in terms["nd152-2025"].decided_by and "huyện" not in terms["nd152-2025"].decided_by


def test_round_up_to_10000():
    assert round_up(Decimal("8190000")) == 8_190_000
    assert round_up(Decimal("8190001")) == 8_200_000
    assert round_up(Decimal("702000")) == 710_000


def test_cash_on_the_salary_in_force_at_the_decision_date():
    bk_ttg = Award.objects.get(code="bk-ttg")
    amount, why = cash_for(bk_ttg, "individual", dt.date(2025, 8, 1))
    assert amount == 8_190_000 and "Nghị định 152/2025/NĐ-CP" in why and "2.340.000" in why
    assert cash_for(bk_ttg, "collective", dt.date(2025, 8, 1))[0] == 16_380_000
    ldtt = AwardTerms.objects.get(award__code="ldtt", rule_set__code="nd152-2025")
    assert cash_amount(ldtt, "individual", 2_340_000) == 710_000  # 0,3 × 2.340.000 = 702.000 → 710.000
    gk = AwardTerms.objects.get(award__code="gk", rule_set__code="nd152-2025")
    assert cash_amount(gk, "household", 2_340_000) == round_up(Decimal("0.3") * Decimal("1.5") * 2_340_000)
    amount, why = cash_for(bk_ttg, "individual", dt.date(2024, 3, 1))  # before 1/7/2024: 1.800.000 (Decree 24/2023)
    assert amount == 6_300_000 and "1.800.000" in why
    BaseSalary.objects.filter(valid_from__lt=dt.date(2024, 7, 1)).delete()  # an amount missing from the table
    amount, why = cash_for(bk_ttg, "individual", dt.date(2024, 3, 1))
    assert amount is None and "Chưa nhập mức lương cơ sở" in why
