"""The registry's table writes its rows in Python (core.tables.PythonRows): the HTML must be what django-tables2's
own template writes, cell by cell, for every column, link or not, sorted, paged, empty, with a missing amount."""

import datetime as dt
import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from thidua.awards.interfaces.tables import HistoryTable, RecordTable
from thidua.awards.models import Award, AwardRecord
from thidua.core import text
from thidua.orgs.models import Person

pytestmark = pytest.mark.django_db

STANDARD, OWN = False, True  # rows through django-tables2's loop over every cell, or written in Python
TEMPLATE = "{% load django_tables2 %}{% render_table table %}"


def html(rows_in_python: bool, table_class, records, query: str, link_people: bool) -> str:
    request = RequestFactory().get("/khen-thuong/" + query)
    table = table_class(records)
    table.link_people = link_people
    table.rows_in_python = rows_in_python
    RequestConfig(request, paginate={"per_page": 3, "paginator_class": LazyPaginator}).configure(table)
    page = engines["django"].from_string(TEMPLATE).render({"table": table, "request": request}, request)
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", page)).strip()


@pytest.fixture
def records(s1):
    people = list(Person.objects.filter(unit=s1["units"]["tand"]).order_by("pk")[:4])
    for i, person in enumerate(people):
        award = Award.objects.get(code=["gk", "cstd-cs", "bk-ttg", "ldtt"][i])
        AwardRecord.objects.create(
            award=award, subject="individual", person=person, unit=person.unit, recipient_name=person.full_name,
            position_as_written="Thẩm phán" if i % 2 else "", direct_worker=i == 1, year=2021 + i, level=award.level,
            decision_number=f"{i + 1}/QĐ-TA", decision_date=dt.date(2021 + i, 12, 20), signed_by="Chánh án",
            cash_amount=None if i == 2 else 1_490_000 * (i + 1), search_text=text.fold(person.full_name))
    unit = s1["units"]["vks"]
    AwardRecord.objects.create(
        award=Award.objects.get(code="ttldxs"), subject="collective", unit=unit, recipient_name=unit.name,
        year=2024, level="local", decision_number="9/QĐ", decision_date=dt.date(2025, 1, 5), signed_by="Chủ tịch",
        search_text=text.fold(unit.name))
    return AwardRecord.objects.select_related("award", "unit")


@pytest.mark.parametrize("query", ["", "?page=2", "?sort=cash_amount", "?sort=-who", "?sort=what&page=2"])
@pytest.mark.parametrize("link_people", [True, False])
def test_rows_written_in_python_are_django_tables2s(records, query, link_people):
    for table_class in (RecordTable, HistoryTable):
        own = html(OWN, table_class, records, query, link_people)
        assert own == html(STANDARD, table_class, records, query, link_people)
        assert own.count("<tr") == 1 + (2 if "page=2" in query else 3)  # the header, then 3 rows of 5 a page


def test_an_empty_registry_says_so_as_before(records):
    empty = records.none()
    assert html(OWN, RecordTable, empty, "", True) == html(STANDARD, RecordTable, empty, "", True)
