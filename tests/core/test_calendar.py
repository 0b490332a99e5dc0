"""Working days as the law counts them (core.calendar): weekends, Vietnam's public holidays with Tết, the swaps
the government announces (from the holidays package or entered as overrides); the day of the event not counted
(Civil Code 2015 art 147)."""

import datetime as dt

import pytest

from thidua.core import calendar
from thidua.core.calendar import add_working_days, is_working_day, working_days_between
from thidua.core.models import WorkdayOverride

D = dt.date


def test_an_ordinary_fortnight_is_ten_working_days():
    # posted on Monday 3/3/2025: Tuesday 4/3 is the first day, Monday 17/3 the tenth
    assert add_working_days(D(2025, 3, 3), 10) == D(2025, 3, 17)
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 17)) == 10
    assert add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 4)


def test_posted_on_a_weekend_starts_on_monday():
    assert add_working_days(D(2025, 3, 8), 1) == D(2025, 3, 10)  # Saturday → Monday
    assert add_working_days(D(2025, 3, 8), 10) == D(2025, 3, 21)


def test_a_notice_posted_on_the_friday_before_tet_waits_out_the_holiday():
    # Tết Ất Tỵ: 27/1–31/1/2025 are public holidays (29 Tết to mùng 3), then the weekend: the first working day
    # after Friday 24/1 is Monday 3/2, and the tenth is Friday 14/2 — a week later than without Tết.
    assert calendar.holiday_name(D(2025, 1, 29)) == "Tết Nguyên Đán"
    assert not is_working_day(D(2025, 1, 27)) and not is_working_day(D(2025, 1, 31))
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2025, 1, 24), 10) == D(2025, 2, 14)
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 14)) == 10


def test_across_30_april_and_1_may_with_the_government_swap():
    # 2025: Saturday 26/4 was worked so that Friday 2/5 was off (the package knows the swap); 30/4 and 1/5 are
    # holidays. Posted on Friday 25/4: Sat 26/4 (1), Mon 28 (2), Tue 29 (3), then 5/5 … 13/5 (10).
    assert is_working_day(D(2025, 4, 26)) and not is_working_day(D(2025, 5, 2))
    assert add_working_days(D(2025, 4, 25), 3) == D(2025, 4, 29)
    assert add_working_days(D(2025, 4, 25), 4) == D(2025, 5, 5)
    assert add_working_days(D(2025, 4, 25), 10) == D(2025, 5, 13)


def test_across_national_day():
    # 2025: Monday 1/9 and Tuesday 2/9 are holidays; posted on Friday 29/8 the tenth working day is 16/9.
    assert not is_working_day(D(2025, 9, 1)) and not is_working_day(D(2025, 9, 2))
    assert add_working_days(D(2025, 8, 29), 1) == D(2025, 9, 3)
    assert add_working_days(D(2025, 8, 29), 10) == D(2025, 9, 16)


def test_an_override_makes_a_saturday_a_working_day_and_a_monday_a_day_off():
    friday = D(2027, 3, 5)
    assert add_working_days(friday, 10) == D(2027, 3, 19)
    saturday, monday = D(2027, 3, 6), D(2027, 3, 8)
    swap = {saturday: True, monday: False}  # a notice the package does not know (illustrative dates)
    assert is_working_day(saturday, swap) and not is_working_day(monday, swap)
    assert add_working_days(friday, 1, swap) == saturday
    assert add_working_days(friday, 2, swap) == D(2027, 3, 9)
    assert add_working_days(friday, 10, swap) == D(2027, 3, 19)  # one day gained, one lost
    assert working_days_between(friday, D(2027, 3, 9), swap) == 2
    # an override also corrects the package: a holiday it lists declared a working day
    assert add_working_days(D(2025, 8, 29), 1, {D(2025, 9, 1): True}) == D(2025, 9, 1)


def test_edges():
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 3)) == 0
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 1)) == 0
    with pytest.raises(ValueError):
        add_working_days(D(2025, 3, 3), 0)
    every_day_off = {D(2025, 3, 3) + dt.timedelta(days=i): False for i in range(1, 200)}
    with pytest.raises(ValueError, match="overrides"):
        add_working_days(D(2025, 3, 3), 1, every_day_off)


@pytest.mark.django_db
def test_stored_overrides_are_read_from_the_table():
    WorkdayOverride.objects.create(day=D(2027, 3, 6), is_working_day=True, reason="Làm bù cho thứ Hai 8/3",
                                   source="Thông báo minh họa")
    assert calendar.stored_overrides() == {D(2027, 3, 6): True}
