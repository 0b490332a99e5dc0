"""The base salary since 2016 as dated data, each amount with its decree (rules.md §3.1 [V]); cash on the amount in
force on the decision date."""

import datetime as dt

import pytest
from django.apps import apps as django_apps

from thidua.awards.data.catalogue import BASE_SALARIES, load_base_salaries
from thidua.awards.domain.money import CashTable, base_salary_on, cash_for, in_force
from thidua.awards.models import Award, BaseSalary

pytestmark = pytest.mark.django_db

STEPS = [  # (first day, amount, decree, amount the day before)
    (dt.date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP", None),
    (dt.date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP", 1_210_000),
    (dt.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP", 1_300_000),
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP", 1_390_000),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP", 1_490_000),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP", 1_800_000),
]


def test_the_migrations_seed_the_whole_history_with_its_decrees():
    rows = list(BaseSalary.objects.order_by("valid_from").values_list("valid_from", "amount", "legal_ref"))
    assert rows == [(day, amount, decree) for day, amount, decree, _before in STEPS]
    assert [(amount, day, decree) for day, amount, decree, _before in STEPS] == BASE_SALARIES


@pytest.mark.parametrize(("first_day", "amount", "decree", "before"), STEPS,
                         ids=[f"{step[0]:%d-%m-%Y}" for step in STEPS])
def test_each_step_the_day_before_and_the_day_of_the_change(first_day, amount, decree, before):
    day_before = first_day - dt.timedelta(days=1)
    assert base_salary_on(day_before) == before
    assert base_salary_on(first_day) == amount
    salaries = CashTable().salaries  # the bulk path (Excel import) reads the same table
    assert in_force(salaries, first_day).amount == amount
    assert getattr(in_force(salaries, day_before), "amount", None) == before


def test_loading_again_creates_nothing_and_keeps_an_administrators_amount():
    row = BaseSalary.objects.get(valid_from=dt.date(2019, 7, 1))
    row.amount, row.legal_ref = 1_490_001, ""
    row.save()
    load_base_salaries(django_apps)
    load_base_salaries(django_apps)
    assert BaseSalary.objects.count() == len(STEPS)
    row.refresh_from_db()
    assert row.amount == 1_490_001 and row.legal_ref == "Nghị định 38/2019/NĐ-CP"


def test_ldtt_submitted_5_january_decided_15_february_2024_is_paid_on_1_800_000():
    """Issue 9's example: the decision date picks the base salary, 0,3 × 1.800.000 = 540.000 đồng."""
    ldtt = Award.objects.get(code="ldtt")
    amount, why = cash_for(ldtt, "individual", dt.date(2024, 2, 15))
    assert amount == 540_000
    assert "1.800.000" in why and "Nghị định 98/2023/NĐ-CP" in why
    # the same title decided after 1/7/2024 is paid on 2.340.000: 702.000, rounded up to 710.000
    assert cash_for(ldtt, "individual", dt.date(2024, 7, 1))[0] == 710_000
    assert cash_for(ldtt, "individual", dt.date(2024, 6, 30))[0] == 540_000
    assert CashTable().cash(ldtt.pk, "individual", dt.date(2024, 2, 15)) == 540_000
