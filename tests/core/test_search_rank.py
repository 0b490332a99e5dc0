"""Search ranks whole words, then word beginnings, then matches inside a word (core.search), in SQL, on the
candidate rows only; the people list and the small tables' lists show the best matches first."""

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.core.search import INSIDE, PREFIX, SEARCH_RANK, WHOLE, apply_search, rank_of, ranked
from thidua.demo import builders as b
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_rank_of_a_search_text():
    assert rank_of("nguyen van an", ["nguyen", "van", "an"]) == WHOLE
    assert rank_of("nguyen van anh", ["nguyen", "van", "an"]) == PREFIX
    assert rank_of("nguyen bich van", ["nguyen", "van", "an"]) == INSIDE
    assert rank_of("so tu phap | stp", ["stp"]) == WHOLE  # the short name after " | " is a word too


@pytest.fixture
def people():
    unit = b.unit("u-rank", "Đơn vị xếp hạng")
    names = ["Nguyễn Bích Vân", "Nguyễn Văn Anh", "Nguyễn Văn An", "Nguyễn Văn Ân", "Trần Văn An"]
    return {name: b.person(unit, name, "male", "") for name in names}


def test_whole_words_then_prefixes_then_inside(people):
    found = [p.full_name for p in ranked(apply_search(Person.objects.all(), "nguyen van an"), "sort_key", "pk")]
    # "An" and "Ân" (both whole words, in natural order), then "Anh" (a word begins with "an"), then "Vân"
    assert found == ["Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh", "Nguyễn Bích Vân"]


def test_names_of_one_rank_keep_the_index_order_without_ranking(people):
    searched = apply_search(Person.objects.all(), "tran van an")
    assert SEARCH_RANK not in searched.query.annotations  # one name: nothing to rank, the sort-key walk stays
    assert [p.full_name for p in searched.order_by("sort_key")] == ["Trần Văn An"]


def test_the_people_list_shows_the_best_matches_first(client, make_user, people):
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    html = client.get(reverse("orgs:person_list"), {"q": "nguyen van an"}).content.decode()
    positions = [html.index(name) for name in ("Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Bích Vân")]
    assert positions == sorted(positions)


def test_a_small_table_is_ranked_in_sql(client, make_user):
    for code, name in (("u-a", "Ban An toàn giao thông"), ("u-b", "Sở Văn hóa"), ("u-c", "Trường An Bình"),
                       ("u-d", "Ban Anh ngữ")):
        b.unit(code, name)
    found = [u.name for u in ranked(apply_search(Unit.objects.filter(code__startswith="u-"), "an"), "sort_key")]
    assert found == ["Ban An toàn giao thông", "Trường An Bình", "Ban Anh ngữ", "Sở Văn hóa"]
    client.force_login(make_user("xem-don-vi", (Role.ADMIN, None)))
    table = client.get(reverse("orgs:unit_list"), {"q": "an"}).context["table"]
    listed = [row.record.name for row in table.paginated_rows if row.record.code.startswith("u-")]
    assert listed == found


def test_a_table_without_python_rows_keeps_the_best_matches_first():
    from thidua.movements.interfaces.tables import MovementTable
    from thidua.movements.models import Movement

    for name in ("Phong trào Văn hóa", "Phong trào An toàn lao động", "Phong trào Anh ngữ"):
        Movement.objects.create(name=name)
    table = MovementTable(apply_search(Movement.objects.all(), "an"), order_by="name")
    assert [row.record.name for row in table.rows] == [
        "Phong trào An toàn lao động", "Phong trào Anh ngữ", "Phong trào Văn hóa"]


def test_too_many_rows_keep_the_natural_order(people, monkeypatch):
    """Past RANK_CAP rows the ranking would read them all: the list keeps the sort key's order (one page read)."""
    from thidua.core import search

    monkeypatch.setattr(search, "RANK_CAP", 3)
    searched = apply_search(Person.objects.all(), "nguyen van an")
    assert SEARCH_RANK not in searched.query.annotations
    assert searched.count() == 4
    monkeypatch.setattr(search, "RANK_CAP", 4)
    assert SEARCH_RANK in apply_search(Person.objects.all(), "nguyen van an").query.annotations
