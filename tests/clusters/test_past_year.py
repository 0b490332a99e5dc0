"""Recording a past year (issue 10 item 3): the next year's span, the phases of a year that is over stepped over
in one action with a reason."""

import datetime as dt

import pytest

from thidua.clusters.domain.periods import create_period, default_span, shifted_span

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(("start", "end", "expected"), [
    # a calendar year, into, out of and across a leap year: always 1/1–31/12 (a length in days gave 30/12)
    (D(2023, 1, 1), D(2023, 12, 31), (D(2024, 1, 1), D(2024, 12, 31))),
    (D(2024, 1, 1), D(2024, 12, 31), (D(2025, 1, 1), D(2025, 12, 31))),
    (D(2019, 1, 1), D(2019, 12, 31), (D(2020, 1, 1), D(2020, 12, 31))),
    # the courts' October–September, whose year holds 29/2/2024
    (D(2023, 10, 1), D(2024, 9, 30), (D(2024, 10, 1), D(2025, 9, 30))),
    (D(2022, 10, 1), D(2023, 9, 30), (D(2023, 10, 1), D(2024, 9, 30))),
    # a year ending on the last day of February keeps ending on it: 29/2 in a leap year, 28/2 otherwise
    (D(2023, 3, 1), D(2024, 2, 29), (D(2024, 3, 1), D(2025, 2, 28))),
    (D(2022, 3, 1), D(2023, 2, 28), (D(2023, 3, 1), D(2024, 2, 29))),
    # a start on 29/2 has no day in a common year: 28/2
    (D(2024, 2, 29), D(2025, 2, 27), (D(2025, 2, 28), D(2026, 2, 27))),
])
def test_next_year_covers_the_same_calendar_span(start, end, expected):
    assert shifted_span(start, end) == expected


def test_a_span_moved_by_several_years():
    assert shifted_span(D(2019, 10, 1), D(2020, 9, 30), years=4) == (D(2023, 10, 1), D(2024, 9, 30))
    assert shifted_span(D(2021, 3, 1), D(2022, 2, 28), years=2) == (D(2023, 3, 1), D(2024, 2, 29))


def test_a_year_opened_without_dates_follows_the_cluster_before_it(s1):
    cluster = s1["cluster"]
    from thidua.demo.scenarios import load_s3

    courts = load_s3()["cluster"]  # 2022 ran 1/10/2021–30/9/2022
    assert default_span(courts, 2023) == (D(2022, 10, 1), D(2023, 9, 30))
    period = create_period(courts, 2024)  # 2023 not opened: two calendar years after 2022
    assert (period.start_date, period.end_date) == (D(2023, 10, 1), D(2024, 9, 30))
    leap = create_period(cluster, 2025)  # after S1's 2024, a leap year
    assert (leap.start_date, leap.end_date) == (D(2025, 1, 1), D(2025, 12, 31))
    assert default_span(cluster, 2010) == (D(2010, 1, 1), D(2010, 12, 31))  # nothing before: the calendar year
