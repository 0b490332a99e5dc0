"""The figures of S1's report come out of the registry: computed, not stored."""

import pytest

from thidua.awards.models import AwardRecord
from thidua.core.formatting import format_number
from thidua.reports.domain.figures import cluster_year_figures, drill_down

pytestmark = pytest.mark.django_db


def test_s1_2023_figures_as_reported(s1_year, django_assert_max_num_queries):
    period = s1_year["cluster"].periods.get(year=2023)
    with django_assert_max_num_queries(1):
        figures = cluster_year_figures(period)
    assert format_number(figures.collective_total) == "1.003"
    assert format_number(figures.individual_total) == "3.427"
    assert format_number(figures.direct_worker_share) == "89,4"
    assert set(figures.individuals) == {"central", "local", "sector"}


def test_figures_follow_the_records_and_drill_down_to_them(s1_year):
    period = s1_year["cluster"].periods.get(year=2023)
    behind = drill_down(period, subject="individual", level="central")
    assert behind.count() == cluster_year_figures(period).individuals["central"]
    record = behind.first()
    record.delete()
    assert cluster_year_figures(period).individual_total == 3426  # nothing stored: one less record, one less lượt
    # an award of another year or to a unit outside the cluster does not count
    other = AwardRecord.objects.filter(year=2023).first()
    other.year = 2022
    other.save()
    assert cluster_year_figures(period).individual_total + cluster_year_figures(period).collective_total == 4428
