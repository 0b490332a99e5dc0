"""Names with an apostrophe (H'Hen Niê, Ksor H'Bia) are found whichever apostrophe was typed and whichever was
kept: ' on a computer, ’ from a phone or Word (or ‘, ʼ) — in people, through their names index, in the
registry, and in a small table filtered directly."""

import datetime as dt

import pytest

from thidua.awards.models import Award, AwardRecord
from thidua.core import search, text
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_the_spellings_of_a_word():
    assert text.spellings("h'hen") == ["h'hen", "h\u2019hen", "h\u2018hen", "h\u02bchen"]
    assert text.spellings("h\u2019bia") == text.spellings("h'bia")
    assert text.spellings("nguyen") == ["nguyen"]


@pytest.mark.parametrize("mark", ["'", "\u2019", "\u2018", "\u02bc"])
def test_people_records_and_units_are_found_whatever_the_apostrophe(s1, mark):
    unit = s1["units"]["tand"]
    straight = Person.objects.create(full_name="H'Hen Niê", gender="female", unit=unit)
    curly = Person.objects.create(full_name="H\u2019Hen Mlô", gender="female", unit=unit)
    assert set(search.apply_search(Person.objects.all(), f"H{mark}Hen")) == {straight, curly}
    assert set(search.apply_search(Person.objects.all(), f"h{mark}hen nie")) == {straight}
    award = Award.objects.get(code="gk")
    record = AwardRecord.objects.create(
        award=award, subject="individual", person=curly, unit=unit, recipient_name=curly.full_name, year=2024,
        level=award.level, decision_number="1/QĐ", decision_date=dt.date(2024, 12, 1), signed_by="Chủ tịch",
        search_text=text.fold(curly.full_name))
    assert list(search.apply_search(AwardRecord.objects.all(), f"h{mark}hen mlo")) == [record]
    unit.name = "Buôn H\u2019Hen"
    unit.save()
    assert unit in set(search.apply_search(Unit.objects.all(), f"buon h{mark}hen"))
