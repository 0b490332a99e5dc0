"""`thidua gen-data` at a tiny scale, and person search through the index of distinct names."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership
from thidua.core import search, text
from thidua.demo import gendata
from thidua.orgs.models import Organiser, Person, PersonName, Unit, UnitName


def quiet(_message):
    pass


@pytest.fixture
def small(db):
    return gendata.generate("province", people=500, clusters=4, units=20, seed=7, log=quiet)


def test_counts(small):
    years = len(gendata._years())
    assert (small.provinces, small.organisers, small.clusters, small.units, small.people) == (1, 1, 4, 20, 500)
    assert Organiser.objects.get(code="gen-ubnd-nghe-an").name == "Ủy ban nhân dân tỉnh Nghệ An"
    clusters = Cluster.objects.filter(code__startswith="gen-")
    assert clusters.count() == 4
    assert clusters.filter(name="Khối thi đua các cơ quan Nội chính tỉnh Nghệ An").exists()
    units = Unit.objects.filter(code__startswith="gen-")
    assert units.count() == 20 and UnitName.objects.filter(unit__in=units).count() == 20
    assert EmulationPeriod.objects.filter(cluster__in=clusters).count() == 4 * years
    assert Membership.objects.filter(period__cluster__in=clusters).count() == 20 * years
    # A head and a deputy every year, both members of the cluster that year.
    terms = LeadershipTerm.objects.filter(period__cluster__in=clusters)
    assert terms.count() == 2 * 4 * years
    assert all(Membership.objects.filter(period=t.period_id, unit=t.unit_id).exists() for t in terms)
    assert Person.objects.filter(unit__in=units).count() == 500


def test_search_and_sort_keys_are_filled(small):
    people = list(Person.objects.filter(unit__code__startswith="gen-"))
    assert people
    for person in people:
        assert person.search_text == text.search_text(person.full_name)
        assert person.sort_key == text.sort_key(person.full_name)
    for unit in Unit.objects.filter(code__startswith="gen-"):
        assert unit.search_text and unit.sort_key == text.sort_key(unit.name)
    # The triggers filled the index of names as the rows went in.
    names = set(PersonName.objects.values_list("sort_key", "search_text"))
    assert {(p.sort_key, p.search_text) for p in people} <= names


def test_same_seed_same_people(db):
    first = gendata.generate("province", people=50, clusters=2, units=4, seed=3, log=quiet)
    names_first = list(Person.objects.order_by("id").values_list("full_name", "unit__code"))
    gendata.delete_generated(log=quiet)
    assert not Person.objects.filter(unit__code__startswith="gen-").exists()
    second = gendata.generate("province", people=50, clusters=2, units=4, seed=3, log=quiet)
    assert first.people == second.people == 50
    assert list(Person.objects.order_by("id").values_list("full_name", "unit__code")) == names_first


def test_refuses_to_run_twice(small):
    with pytest.raises(ValueError, match="gen-"):
        gendata.generate("province", people=10, clusters=1, units=1, log=quiet)


def test_dropping_indexes_for_a_large_load_keeps_them(db):
    def indexes():
        return {c for c, info in connection.introspection.get_constraints(connection.cursor(), "orgs_person").items()
                if info["index"] or info["foreign_key"]}

    before = indexes()
    gendata.generate("province", people=300, clusters=2, units=6, drop_indexes=True, log=quiet)
    assert indexes() == before
    assert Person.objects.count() == 300


def test_command(db):
    out = io.StringIO()
    call_command("gen-data", "--scale", "province", "--people", "120", "--clusters", "3", "--units", "9", stdout=out)
    assert "120 cá nhân" in out.getvalue()
    assert Person.objects.filter(unit__code__startswith="gen-").count() == 120


def test_apportion():
    assert gendata.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(gendata.apportion(1_400, [1, 2, 3, 1.5] * 8)) == 1_400


# -- person search through the names index ----------------------------------------------------------------


def plain(query):
    """What search means: every folded word of the query is in the search text."""
    return search._contains_every(Person.objects.all(), text.search_terms(query), "search_text")


@pytest.mark.parametrize("query", ["nguyen thi", "Nguyễn", "thi", "van an", "zzz", "uyen", "nguyen thi thu"])
def test_search_matches_plain_filter(small, query, monkeypatch):
    expected = list(plain(query).order_by("sort_key", "id").values_list("id", flat=True))
    found = search.apply_search(Person.objects.all(), query).order_by("sort_key", "id")
    assert list(found.values_list("id", flat=True)) == expected
    # Past the cap of names, the search checks the words between the first and last matching sort key.
    monkeypatch.setattr(search, "NAME_INDEX_CAP", 3)
    found = search.apply_search(Person.objects.all(), query).order_by("sort_key", "id")
    assert list(found.values_list("id", flat=True)) == expected


def test_names_index_follows_inserts_and_renames(db, s1):
    unit = s1["units"]["tand"]
    person = Person.objects.create(full_name="H'Hen Niê", gender="female", unit=unit)
    other = Person.objects.create(full_name="H Hen Niê", gender="female", unit=unit)
    assert person.sort_key == other.sort_key and person.search_text != other.search_text
    # Same sort key, different words: only the one whose text matches is found.
    assert list(search.apply_search(Person.objects.all(), "h'hen")) == [person]
    assert set(search.apply_search(Person.objects.all(), "hen nie")) == {person, other}
    Person.objects.bulk_create([Person(full_name="Ksor Y Moan", gender="male", unit=unit,
                                       search_text=text.search_text("Ksor Y Moan"), sort_key=text.sort_key("Ksor Y Moan"))])
    assert search.apply_search(Person.objects.all(), "ksor moan").count() == 1
    person.full_name = "Rơ Châm Pheo"
    person.save()
    assert list(search.apply_search(Person.objects.all(), "ro cham")) == [person]
    assert not search.apply_search(Person.objects.all(), "h'hen").exists()


def test_cluster_search_still_finds_s1(db, s1):
    from thidua.core.search import apply_search

    assert list(apply_search(Cluster.objects.all(), "noi chinh lang son")) == [s1["cluster"]]


def test_missing_triggers_are_recreated_and_names_refilled(db, s1):
    from thidua.orgs import name_index

    name_index.drop()  # as SQLite does when Django rebuilds orgs_person during a migration
    person = Person.objects.create(full_name="Rơ Mah Thuy", gender="female", unit=s1["units"]["tand"])
    assert not PersonName.objects.filter(search_text=person.search_text).exists()
    assert name_index.ensure() is True
    assert PersonName.objects.filter(sort_key=person.sort_key, search_text=person.search_text).exists()
    assert name_index.ensure() is False
    assert list(search.apply_search(Person.objects.all(), "ro mah")) == [person]
