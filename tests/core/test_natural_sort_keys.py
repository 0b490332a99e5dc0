"""Numbers in names sort by value ("Cụm số 2" before "Cụm số 10"): the sort key, and the data migrations that
recompute the stored keys (core.rekey, each app's own migration) with the people's name index."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from thidua.awards.models import Award
from thidua.core.search import apply_search
from thidua.core.text import sort_key
from thidua.demo import builders as b
from thidua.movements.models import Movement
from thidua.orgs.models import Person, PersonName, Unit

pytestmark = pytest.mark.django_db



def old_key(name: str) -> str:
    """The key as the code before natural order wrote it: a digit as one letter ("10" < "2")."""
    letters, tones, gap = [], [], True
    for char in " ".join(name.lower().split()):
        if char.isdigit():
            letters.append(f"{int(char) + 1:02d}")
            gap = False
        elif char == " ":
            if not gap:
                letters.append("00")
            gap = True
        else:  # the tests' names: digits and ASCII letters only
            letters.append(f"{20 + 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz'.index(char):02d}")
            tones.append("0")
            gap = False
    return "".join(letters) + "00" + "".join(tones)


def migrate(app_label: str, name: str):
    module = importlib.import_module(f"thidua.{app_label}.migrations.{name}")
    module.forward(apps, SimpleNamespace(connection=connection))


def test_the_old_key_put_ten_before_two():
    assert old_key("cum so 10") < old_key("cum so 2")
    assert sort_key("cum so 2") < sort_key("cum so 10")
    assert old_key("cum so") == sort_key("cum so")  # names without a digit keep their key


def test_the_orgs_migration_recomputes_units_and_people_with_their_name_index():
    two, ten = b.unit("u-2", "Doan so 2"), b.unit("u-10", "Doan so 10")
    plain = b.unit("u-x", "Doan thanh nien")
    person = b.person(two, "Nguyen Van 2", "male", "")
    for record, name in ((two, two.name), (ten, ten.name), (plain, plain.name)):
        Unit.objects.filter(pk=record.pk).update(sort_key=old_key(name))
    Person.objects.filter(pk=person.pk).update(sort_key=old_key("Nguyen Van 2"))
    PersonName.objects.all().delete()
    PersonName.objects.create(sort_key=old_key("Nguyen Van 2"), search_text="nguyen van 2")
    assert list(Unit.objects.filter(code__in=["u-2", "u-10"]).order_by("sort_key").values_list("code", flat=True)) \
        == ["u-10", "u-2"]

    migrate("orgs", "0010_natural_sort_keys")

    assert list(Unit.objects.filter(code__in=["u-2", "u-10"]).order_by("sort_key").values_list("code", flat=True)) \
        == ["u-2", "u-10"]
    assert Unit.objects.get(pk=plain.pk).sort_key == sort_key("Doan thanh nien")
    assert Person.objects.get(pk=person.pk).sort_key == sort_key("Nguyen Van 2")
    # the stale pair is gone, the new one is there: the person is found through the index
    assert list(PersonName.objects.filter(search_text="nguyen van 2").values_list("sort_key", flat=True)) \
        == [sort_key("Nguyen Van 2")]
    assert list(apply_search(Person.objects.all(), "van 2")) == [person]


@pytest.mark.parametrize(("app_label", "migration", "model", "make"), [
    ("clusters", "0005_natural_sort_keys", "Cluster",
     lambda n: b.cluster(f"c-{n}", f"Cum so {n}", b.organiser("org-t", "UBND tinh T", "province"))),
    ("movements", "0003_natural_sort_keys", "Movement", lambda n: Movement.objects.create(name=f"Phong trao {n}")),
    ("awards", "0009_natural_sort_keys", "Award",
     lambda n: Award.objects.create(code=f"a-{n}", name=f"Giai {n}", kind="title", level="local", subjects=["individual"])),
])
def test_each_app_recomputes_its_own_table(app_label, migration, model, make):
    model_class = apps.get_model(app_label, model)
    made_rows = [make(n) for n in (2, 10)]
    rows = list(model_class.objects.values_list("pk", "name"))
    model_class.objects.update(sort_key="0")  # every key stale
    migrate(app_label, migration)
    for pk, name in rows:
        expected = sort_key(name)
        stored = model_class.objects.get(pk=pk).sort_key
        # only the names with a digit are rewritten (the others' keys did not change with natural order)
        assert stored == (expected if any(c.isdigit() for c in name) else "0"), name
    assert list(model_class.objects.filter(name__in=[made.name for made in made_rows]).order_by("sort_key")
                .values_list("name", flat=True)) == [made.name for made in made_rows]
