"""The year of a past award typed as text in an Excel cell is read like every typed number (2.023 is 2023);
2023,5 and 2023.5 are refused for that row; a cell holding a number is taken as it is."""

import io

import pytest

from tests.awards import test_import
from tests.awards.test_import import row, xlsx
from thidua.awards.interfaces import importers

pytestmark = pytest.mark.django_db
media, tand, officer, people = test_import.media, test_import.tand, test_import.officer, test_import.people


def test_the_year_cell(officer, people):
    code = people[0].staff_code
    content = xlsx([row(staff=code, year="2.023"), row(staff=code, year=2022, number="1/QĐ"),
                    row(staff=code, year="2023,5", number="2/QĐ"), row(staff=code, year="2023.5", number="3/QĐ")])
    result = importers.read(io.BytesIO(content), officer)
    assert [r["year"] for r in result.rows[:2]] == [2023, 2022]
    assert {e.line: e.reason for e in result.errors} == {4: "“2023,5” không phải năm hợp lệ (ví dụ 2023).",
                                                          5: "“2023.5” không phải năm hợp lệ (ví dụ 2023)."}
