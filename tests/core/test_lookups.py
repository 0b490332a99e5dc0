"""field__any: one parameter for many values, the same rows as __in, on SQLite and PostgreSQL."""

import pytest
from django.db.models import Q

from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    unit = Unit.objects.create(name="Đơn vị thử lookups", code="lk-1")
    return [Person.objects.create(full_name=f"Người {i}", unit=unit) for i in range(5)]


def test_any_finds_the_same_rows_as_in(people):
    wanted = [people[0].pk, people[3].pk, people[3].pk, 10 ** 9]
    assert (sorted(Person.objects.filter(pk__any=wanted).values_list("pk", flat=True))
            == sorted(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
            == sorted([people[0].pk, people[3].pk]))


def test_any_on_a_foreign_key_and_inside_an_or(people):
    unit_id = people[0].unit_id
    assert Person.objects.filter(unit_id__any=[unit_id]).count() == 5
    assert Person.objects.filter(Q(unit_id__any=[]) | Q(pk=people[1].pk)).count() == 1
    assert not Person.objects.filter(pk__any=[]).exists()


def test_any_sends_one_parameter_whatever_the_number_of_values(people):
    many = [p.pk for p in people] + list(range(10 ** 8, 10 ** 8 + 50_000))
    query = Person.objects.filter(pk__any=many).values_list("pk", flat=True)
    _sql, params = query.query.get_compiler(using="default").as_sql()
    assert len(params) == 1
    assert sorted(query) == sorted(p.pk for p in people)


def test_any_on_text_values(people):
    people[2].full_name = "Người đặc biệt"
    people[2].save(update_fields=["full_name"])
    assert list(Person.objects.filter(full_name__any=["Người đặc biệt", "không có"]).values_list("pk", flat=True)) \
        == [people[2].pk]
