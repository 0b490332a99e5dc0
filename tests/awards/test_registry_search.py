"""Registry search through the index of distinct names (awards.AwardRecordName, filled by triggers): the same
records as the plain filter — every folded word of the query in the record's search text — whichever way the
search goes (a list of names, or past the cap the words checked row by row), on SQLite and PostgreSQL alike;
the index follows inserts of every kind, updates and a table rebuilt without its triggers."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q

from thidua.accounts.models import Role
from thidua.awards.domain.queries import records_visible_to
from thidua.awards.models import Award, AwardRecord, AwardRecordName
from thidua.awards.name_index import RECORD_NAMES
from thidua.core import search, text
from thidua.core.tables import pin_first, table_total
from thidua.orgs.models import Organiser, Person

pytestmark = pytest.mark.django_db

COLLECTIVES = ["Phòng Tổ chức cán bộ, Tòa án nhân dân tỉnh Lạng Sơn", "Văn phòng, Viện kiểm sát nhân dân tỉnh",
               "Tổ Kiểm tra, Cục Thi hành án dân sự", "Đội Nguyễn Thị Thủy"]


def record(award, year, name, person=None, unit=None, **extra) -> AwardRecord:
    return AwardRecord(award=award, subject="individual" if person else "collective", person=person,
                       unit=unit or person.unit, recipient_name=name, year=year, level=award.level,
                       decision_number=f"{year}/QĐ", decision_date=dt.date(year, 12, 20), signed_by="Chủ tịch",
                       search_text=text.fold(name), **extra)


@pytest.fixture
def registry(s1):
    """Records of S1's people under several years, collectives, and a few names that share words."""
    gk, ldtt = Award.objects.get(code="gk"), Award.objects.get(code="ldtt")
    unit = s1["units"]["tand"]
    people = list(Person.objects.order_by("pk")[:40])
    extra = [Person.objects.create(full_name=name, gender="female", unit=unit)
             for name in ("Nguyễn Thị Thủy", "Nguyễn Thị Thuỷ Tiên", "Trần Nguyễn Thị Thúy", "H'Hen Niê", "H Hen Niê",
                          "Thủy Nguyễn Văn")]
    rows = [record(gk if i % 3 else ldtt, 2018 + i % 6, person.full_name, person)
            for i, person in enumerate(people + extra + extra)]
    rows += [record(gk, 2020 + i, name, unit=unit) for i, name in enumerate(COLLECTIVES)]
    AwardRecord.objects.bulk_create(rows)
    return rows


def plain(query):
    """What search means: every folded word of the query is in the search text."""
    return search._contains_every(AwardRecord.objects.all(), text.search_terms(query), "search_text")


def ids(queryset):
    return list(queryset.order_by("-year", "-decision_date", "-id").values_list("id", flat=True))


QUERIES = ["nguyen thi thuy", "Nguyễn Thị Thủy", "NGUYEN THI THUY", "thuy nguyen", "thi thuy", "nguyen", "thuy tien",
           "h'hen", "hen nie", "phong to chuc", "lang son", "kiem sat", "doi", "uyen", "zzz", "  ", "a b c d e f g h i k"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_records_as_the_plain_filter(registry, query, monkeypatch):
    expected = ids(plain(query))
    assert ids(search.apply_search(AwardRecord.objects.all(), query)) == expected
    in_a_year = search.apply_search(AwardRecord.objects.filter(year=2021), query)
    assert ids(in_a_year) == ids(plain(query).filter(year=2021))
    # Past the cap of names, the words are checked on the records themselves.
    monkeypatch.setattr(search, "NAME_INDEX_CAP", 1)
    assert ids(search.apply_search(AwardRecord.objects.all(), query)) == expected


def test_a_common_name_goes_through_the_list_of_names(registry, django_assert_num_queries):
    query = search.apply_search(AwardRecord.objects.all(), "nguyen thi thuy")
    sql = str(query.query)
    assert "IN (" in sql and "LIKE" not in sql.upper()
    assert set(AwardRecordName.objects.filter(search_text__contains="nguyen thi thu").values_list(
        "search_text", flat=True)) >= {"nguyen thi thuy", "nguyen thi thuy tien", "tran nguyen thi thuy"}


FIRST_ROWS_QUERIES = ["thi thuy", "nguyen", "nguyen thi thuy", "thuy nguyen", "phong to chuc", "hen nie", "uyen",
                      "zzz"]


@pytest.mark.parametrize("query", FIRST_ROWS_QUERIES)
def test_first_rows_by_name_are_the_first_rows_of_the_list(registry, query):
    """Read one name at a time (PostgreSQL), the first rows are those of the searched list itself, in either
    direction of the index's order, with the best matches first or not, under another filter and a permission
    (only collectives or the people of one unit, as records_visible_to writes it)."""
    unit = registry[0].unit_id
    for unsearched in (AwardRecord.objects.all(), AwardRecord.objects.filter(year__gte=2019),
                       AwardRecord.objects.filter(~Q(subject="individual") | Q(unit_id__in=[unit]))):
        searched = search.apply_search(unsearched, query)
        for order in (("-decision_date", "-id"), ("decision_date", "id"), ("-year", "-decision_date", "-id"),
                      ("year", "-id")):
            for listed in (searched.order_by(*order), pin_first(searched.order_by(*order))):
                first = search.first_rows_by_name(listed, unsearched, query, 3)
                if connection.vendor != "postgresql" or not search.search_terms(query):
                    assert first is None
                    continue
                expected = list(listed.values_list("id", flat=True)[:3])
                if first is None:  # more names than the cap, or none: the list keeps its own way
                    assert query == "zzz" or not expected
                    continue
                assert list(first.values_list("id", flat=True)[:3]) == expected
                assert list(first.values_list("id", flat=True)) == expected  # no more rows than asked for


def test_first_rows_by_name_keep_out_an_order_that_is_not_total_or_not_the_tables_own(registry):
    searched = search.apply_search(AwardRecord.objects.all(), "thi thuy")
    for order in (("-year",), ("unit__sort_key", "id"), ("search_text",)):
        assert search.first_rows_by_name(searched.order_by(*order), AwardRecord.objects.all(), "thi thuy", 3) is None
    assert search.first_rows_by_name(searched.order_by("-decision_date", "-id"), AwardRecord.objects.all(), "",
                                     3) is None


def test_the_registry_keeps_the_list_past_the_first_pages_another_page_size_and_any_page_number(
        client, make_user, registry, monkeypatch):
    """Read one name at a time up to FIRST_ROWS_PAGES pages only: a page past them is the list's own page (not the
    first page again); ?per_page= gets its rows and its total; a page number that is none gets the first page,
    never a 500 ("²", 5.000 digits, "-1")."""
    from thidua.awards import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "FIRST_ROWS_PAGES", 2)
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    expected = list(search.apply_search(AwardRecord.objects.all(), "nguyen").order_by("-decision_date", "-id")
                    .values_list("id", flat=True))
    assert len(expected) > 8

    def shown(**params):
        response = client.get("/khen-thuong/", {"q": "nguyen", **params})
        assert response.status_code == 200
        return [row.record.pk for row in response.context["table"].paginated_rows], response.context["table"]

    assert shown(page=3)[0] == expected[4:6]
    rows, table = shown(per_page=5)
    assert rows == expected[:5] and table_total(table) == (len(expected), False)
    for junk in ("²", "9" * 5000, "-1", "0", "abc"):
        assert shown(page=junk)[0] == expected[:2]


def test_the_registry_pages_of_an_organisers_staff_are_the_plain_filters(client, make_user, registry, monkeypatch):
    """The registry searched by an organiser's staff (who see collectives and their clusters' people), page by
    page in both directions of the decision date: the records of the plain filter, page after page, and the
    total counts them all."""
    from thidua.awards import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    organiser = Organiser.objects.first()
    user = make_user("snv", (Role.ORGANISER_STAFF, organiser))
    client.force_login(user)
    visible = records_visible_to(user)
    for query in ("thi thuy", "nguyen"):
        for sort, order in (("-decision", ("-decision_date", "-id")), ("decision", ("decision_date", "id")),
                            ("-year", ("-year", "-decision_date", "-id"))):
            expected = list(pin_first(search.apply_search(visible, query).order_by(*order)).values_list("id", flat=True))
            shown = []
            for page in range(1, len(expected) // 4 + 2):
                response = client.get("/khen-thuong/", {"q": query, "sort": sort, "page": page})
                shown += [row.record.pk for row in response.context["table"].paginated_rows]
                assert table_total(response.context["table"]) == (len(expected), False)
                # read one name at a time on PostgreSQL (its table counts the whole list)
                assert (response.context["table"].counted is not None) is (connection.vendor == "postgresql")
            assert shown == expected


def test_the_registry_page_finds_what_the_plain_filter_finds(client, make_user, registry):
    client.force_login(make_user("admin", (Role.ADMIN, None)))
    for query in ("nguyen thi thuy", "phong to chuc"):
        table = client.get("/khen-thuong/", {"q": query}).context["table"]
        assert [row.record.pk for row in table.paginated_rows] == ids(plain(query))[:25]


def test_the_index_follows_every_kind_of_write(s1):
    award, unit = Award.objects.get(code="gk"), s1["units"]["tand"]
    person = Person.objects.filter(unit=unit).order_by("pk").first()
    one = record(award, 2022, "Hoàng Văn Ánh", person)
    one.save()
    AwardRecord.objects.bulk_create([record(award, 2023, "Lò Thị Mai", person)])
    assert list(search.apply_search(AwardRecord.objects.all(), "hoang anh")) == [one]
    assert search.apply_search(AwardRecord.objects.all(), "lo mai").count() == 1
    AwardRecord.objects.filter(pk=one.pk).update(recipient_name="Hoàng Văn Ánh Dương",
                                                 search_text=text.fold("Hoàng Văn Ánh Dương"))
    assert list(search.apply_search(AwardRecord.objects.all(), "anh duong")) == [one]
    columns = "award_id, subject, unit_id, recipient_name, position_as_written, direct_worker, year, award_type, " \
              "level, decision_number, decision_date, signed_by, note, search_text"
    with connection.cursor() as cursor:  # raw SQL, as an import script or COPY would write
        cursor.execute(f"INSERT INTO awards_awardrecord ({columns}) VALUES (%s, 'collective', %s, %s, '', %s, 2024, "
                       "'merit', 'local', '1/QĐ', %s, 'x', '', %s)",
                       [award.pk, unit.pk, "Tổ Công đoàn Quang Trung", False, dt.date(2024, 12, 1),
                        text.fold("Tổ Công đoàn Quang Trung")])
    assert search.apply_search(AwardRecord.objects.all(), "cong doan quang trung").count() == 1


def test_missing_triggers_are_recreated_and_names_refilled(s1):
    award, unit = Award.objects.get(code="gk"), s1["units"]["tand"]
    RECORD_NAMES.drop()  # as SQLite does when Django rebuilds awards_awardrecord during a migration
    lost = record(award, 2022, "Ksor H'Bia", unit=unit)
    lost.save()
    assert not AwardRecordName.objects.filter(search_text=lost.search_text).exists()
    assert RECORD_NAMES.ensure() is True
    assert AwardRecordName.objects.filter(search_text=lost.search_text).exists()
    assert RECORD_NAMES.ensure() is False
    assert list(search.apply_search(AwardRecord.objects.all(), "ksor bia")) == [lost]


def test_bulk_inserts_in_multi_row_statements_keep_every_row_and_name(s1, monkeypatch):
    """core.bulk.insert_many (the importer's and the loaders' writes): multi-row INSERTs on SQLite, in statements
    of at most SQLITE_ROWS_PER_STATEMENT rows, the last one shorter; every row written, every name indexed."""
    from thidua.core import bulk

    monkeypatch.setattr(bulk, "SQLITE_ROWS_PER_STATEMENT", 7)
    award, unit = Award.objects.get(code="gk"), s1["units"]["tand"]
    columns = ["award_id", "subject", "unit_id", "recipient_name", "position_as_written", "direct_worker", "year",
               "award_type", "level", "decision_number", "decision_date", "signed_by", "note", "search_text"]
    rows = [(award.pk, "collective", unit.pk, f"Tổ số {i}", "", False, 2020, "merit", "local", f"{i}/QĐ",
             connection.ops.adapt_datefield_value(dt.date(2020, 12, 1)), "x", "", text.fold(f"To so {i % 9}"))
            for i in range(51)]
    before = AwardRecord.objects.count()
    with connection.cursor() as cursor:
        bulk.insert_many(cursor, "awards_awardrecord", columns, rows)
    assert AwardRecord.objects.count() == before + 51
    assert AwardRecord.objects.filter(recipient_name="Tổ số 50", decision_number="50/QĐ").exists()
    assert set(AwardRecordName.objects.filter(search_text__startswith="to so ").values_list("search_text", flat=True)) \
        == {f"to so {i}" for i in range(9)}
    assert search.apply_search(AwardRecord.objects.all(), "to so 4").count() == len(range(4, 51, 9))
