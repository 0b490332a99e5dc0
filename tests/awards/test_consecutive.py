"""Who has held a title N consecutive years by the end of year Y: the run logic (the same counting as eligibility),
the page with its filters, export and scoping, and a fixed number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.domain.eligibility import Answer, consecutive_titles, load_histories
from thidua.awards.domain.queries import consecutive_runs
from thidua.awards.models import Award, AwardRecord, Discipline
from thidua.core import text
from thidua.demo import builders as b
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db


def give(holder, code: str, *years: int, award_type: str = "merit"):
    award = Award.objects.get(code=code)
    person = holder if isinstance(holder, Person) else None
    unit = person.unit if person else holder
    name = person.full_name if person else unit.name
    AwardRecord.objects.bulk_create(AwardRecord(
        award=award, subject="individual" if person else "collective", person=person, unit=unit, recipient_name=name,
        year=year, level=award.level, award_type=award_type, decision_number=f"{year}/QĐ", signed_by="Thủ trưởng",
        decision_date=dt.date(year + 1, 1, 15), search_text=text.fold(name)) for year in years)


def runs(code: str, count: int, last_year: int, holders=None, **kwargs) -> dict[str, tuple[int, int]]:
    award = Award.objects.get(code=code)
    if holders is None:
        holders = Person.objects.all() if "individual" in award.subjects else Unit.objects.all()
    return {row["name"]: (row["run_from"], row["run_length"])
            for row in consecutive_runs(award, count, last_year, holders, **kwargs)}


@pytest.fixture
def people(db):
    unit = b.unit("u-a", "Trường Tiểu học Hòa Bình", area_code="lang-son")
    other = b.unit("u-b", "Trường Tiểu học Quang Trung", area_code="lang-son")
    names = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà"]
    made = {name: b.person(unit, f"Nguyễn Văn {name}", "male", "Giáo viên") for name in names}
    made["Khoa"] = b.person(other, "Trần Văn Khoa", "male", "Giáo viên")
    return {"units": (unit, other), **made}


def test_a_run_ends_in_the_year_and_a_gap_breaks_it(people):
    give(people["An"], "cstd-cs", 2019, 2020, 2021, 2022, 2023)  # five years
    give(people["Bình"], "cstd-cs", 2020, 2022, 2023)  # 2021 missing: the run is 2022–2023
    give(people["Cường"], "cstd-cs", 2021, 2022)  # ends before 2023
    give(people["Dung"], "cstd-cs", 2021, 2023)
    give(people["Dung"], "cstd-cs", 2022, award_type="ad_hoc")  # đột xuất does not count (Decree 152 art 4)
    give(people["Em"], "ldtt", 2021, 2022, 2023)  # another title
    give(people["Giang"], "cstd-cs", 2021, 2022, 2023)
    give(people["Giang"], "cstd-cs", 2022)  # twice in a year: counted once
    assert runs("cstd-cs", 3, 2023) == {"Nguyễn Văn An": (2019, 5), "Nguyễn Văn Giang": (2021, 3)}
    assert runs("cstd-cs", 2, 2023) == {"Nguyễn Văn An": (2019, 5), "Nguyễn Văn Bình": (2022, 2),
                                        "Nguyễn Văn Giang": (2021, 3)}
    assert runs("cstd-cs", 2, 2022) == {"Nguyễn Văn An": (2019, 4), "Nguyễn Văn Cường": (2021, 2),
                                        "Nguyễn Văn Giang": (2021, 2)}
    assert runs("cstd-cs", 1, 2023)["Nguyễn Văn Dung"] == (2023, 1)
    assert runs("ldtt", 3, 2023) == {"Nguyễn Văn Em": (2021, 3)}


def test_years_up_to_the_end_of_a_discipline_do_not_count_as_in_eligibility(people):
    give(people["An"], "cstd-cs", 2018, 2019, 2020, 2021, 2022, 2023)
    Discipline.objects.create(person=people["An"], form="Khiển trách", start_date=dt.date(2020, 3, 1),
                              end_date=dt.date(2020, 9, 1))
    give(people["Hà"], "cstd-cs", 2021, 2022, 2023)
    Discipline.objects.create(person=people["Hà"], form="Cảnh cáo", start_date=dt.date(2024, 2, 1))  # still running
    found = runs("cstd-cs", 3, 2023, today=dt.date(2024, 6, 1))
    assert found == {"Nguyễn Văn An": (2021, 3), "Nguyễn Văn Hà": (2021, 3)}  # An's run counts from 2021
    assert runs("cstd-cs", 4, 2023, today=dt.date(2024, 6, 1)) == {}
    flagged = {row["name"]: row["under_discipline"] for row in consecutive_runs(
        Award.objects.get(code="cstd-cs"), 3, 2023, Person.objects.all(), today=dt.date(2024, 6, 1))}
    assert flagged == {"Nguyễn Văn An": False, "Nguyễn Văn Hà": True}


def test_the_list_and_eligibility_agree(people):
    """The query and `eligibility.consecutive_titles` count the same way, on every person and window."""
    give(people["An"], "cstd-cs", 2017, 2018, 2019, 2021, 2022, 2023)
    give(people["Bình"], "cstd-cs", 2019, 2020, 2021, 2022)
    give(people["Cường"], "cstd-cs", 2020, 2021, 2023)
    give(people["Cường"], "cstd-cs", 2022, award_type="thematic")
    give(people["Dung"], "cstd-cs", 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023)
    Discipline.objects.create(person=people["Dung"], form="Khiển trách", start_date=dt.date(2018, 1, 1),
                              end_date=dt.date(2018, 12, 31))
    persons = [people[name] for name in ("An", "Bình", "Cường", "Dung", "Em")]
    histories = load_histories(person_ids=[p.pk for p in persons])
    for last_year in range(2018, 2025):
        for count in range(1, 7):
            listed = runs("cstd-cs", count, last_year)
            for person in persons:
                answer = Answer()
                consecutive_titles(histories[("person", person.pk)], "cstd-cs", count, last_year, "CSTĐCS", "", answer)
                assert (person.full_name in listed) == answer.reasons[0].ok, (person, count, last_year)


def test_collective_titles_list_units(people):
    unit, other = people["units"]
    give(unit, "ttldxs", 2022, 2023)
    give(other, "ttldxs", 2023)
    give(people["An"], "ldtt", 2022, 2023)
    assert runs("ttldxs", 2, 2023) == {"Trường Tiểu học Hòa Bình": (2022, 2)}
    assert runs("ttldxs", 1, 2023, holders=Unit.objects.filter(pk=other.pk)) == {
        "Trường Tiểu học Quang Trung": (2023, 1)}


# -- the page ------------------------------------------------------------------------------------------------

URL = "/khen-thuong/lien-tuc/"


@pytest.fixture
def world(people, make_user):
    unit, other = people["units"]
    organiser = b.organiser("org-ls", "UBND tỉnh Lạng Sơn", "province", area_code="lang-son")
    cluster = b.cluster("c-th", "Cụm thi đua các trường tiểu học", organiser, area_code="lang-son")
    from thidua.clusters.domain.periods import add_members, create_period

    add_members(create_period(cluster, 2023), [other])
    return {**people, "cluster": cluster,
            "officer": make_user("hoa-binh", (Role.UNIT_OFFICER, unit)),
            "other_officer": make_user("quang-trung", (Role.UNIT_OFFICER, other)),
            "staff": make_user("snv", (Role.ORGANISER_STAFF, organiser))}


def query(**params):
    defaults = {"award": Award.objects.get(code="cstd-cs").pk, "count": 3, "year": 2023}
    return URL + "?" + "&".join(f"{k}={v}" for k, v in {**defaults, **params}.items())


def test_the_page_lists_the_runs_with_their_total_and_exports_them(client, world):
    give(world["An"], "cstd-cs", 2019, 2020, 2021, 2022, 2023)
    give(world["Bình"], "cstd-cs", 2021, 2022, 2023)
    give(world["Cường"], "cstd-cs", 2022, 2023)
    client.force_login(world["officer"])
    page = client.get(query()).content.decode()
    assert "2 kết quả: đạt Chiến sĩ thi đua cơ sở 3 năm liên tục đến hết năm 2023." in page
    assert "2019–2023" in page and "2021–2023" in page and "Nguyễn Văn Cường" not in page
    assert page.index("Nguyễn Văn An") < page.index("Nguyễn Văn Bình")  # longest run first
    assert reverse("awards:person_history", args=[world["An"].pk]) in page
    ordered = client.get(query(sort="name")).content.decode()
    assert ordered.index("Nguyễn Văn An") < ordered.index("Nguyễn Văn Bình")
    reverse_order = client.get(query(sort="-years")).content.decode()
    assert reverse_order.index("Nguyễn Văn Bình") < reverse_order.index("Nguyễn Văn An")
    assert "Nguyễn Văn An<" not in client.get(query(q="binh")).content.decode()
    sheet = load_workbook(io.BytesIO(client.get(query(export="xlsx")).content)).active
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Đơn vị hiện nay", "Các năm đạt liên tục", "Số năm liên tục",
                                           "Ghi chú"]
    assert [c.value for c in sheet[2]][:4] == ["Nguyễn Văn An", "Trường Tiểu học Hòa Bình", "2019–2023", 5]
    assert sheet.max_row == 3
    partial = client.get(query(q="binh"), headers={"HX-Request": "true"}).content.decode()  # htmx: the table only
    assert "<html" not in partial and "1 kết quả" in partial and 'hx-swap-oob="true"' in partial
    # the first visit: CSTĐCS, 3 years, up to last year; a bad year is said, not a server error
    first = client.get(URL)
    assert first.status_code == 200 and "Chiến sĩ thi đua cơ sở" in first.content.decode()
    bad = client.get(query(year="abc")).content.decode()
    assert "consecutive-errors" in bad
    # linked from the registry and from a unit's history
    assert URL in client.get(reverse("awards:registry")).content.decode()
    assert f"{URL}?unit={world['units'][0].pk}" in client.get(
        reverse("awards:unit_history", args=[world["units"][0].pk])).content.decode()


def test_an_officer_sees_only_the_people_of_their_unit(client, world):
    give(world["An"], "cstd-cs", 2021, 2022, 2023)
    give(world["Khoa"], "cstd-cs", 2021, 2022, 2023)  # Quang Trung
    client.force_login(world["officer"])
    page = client.get(query()).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Văn Khoa" not in page
    client.force_login(world["other_officer"])
    page = client.get(query()).content.decode()
    assert "Nguyễn Văn An" not in page and "Trần Văn Khoa" in page
    sheet = load_workbook(io.BytesIO(client.get(query(export="xlsx")).content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Trần Văn Khoa"]
    client.logout()
    assert client.get(query()).status_code == 302


def test_a_person_who_moved_keeps_the_whole_run_in_the_new_unit(client, world):
    """As on a person's history page: their unit now sees every year, whichever unit they worked in then."""
    unit, other = world["units"]
    an = world["An"]
    give(an, "cstd-cs", 2021, 2022)  # at Hòa Bình
    an.unit = other
    an.save()
    give(an, "cstd-cs", 2023)  # at Quang Trung
    client.force_login(world["other_officer"])
    page = client.get(query()).content.decode()
    assert "Nguyễn Văn An" in page and "2021–2023" in page
    client.force_login(world["officer"])
    assert "Nguyễn Văn An" not in client.get(query()).content.decode()


def test_filters_by_unit_and_by_cluster(client, world, make_user):
    unit, other = world["units"]
    give(world["An"], "cstd-cs", 2021, 2022, 2023)
    give(world["Khoa"], "cstd-cs", 2021, 2022, 2023)
    give(unit, "ttldxs", 2022, 2023)
    give(other, "ttldxs", 2022, 2023)
    admin = make_user("admin", (Role.ADMIN, None))
    client.force_login(admin)
    both = client.get(query()).content.decode()
    assert "Nguyễn Văn An" in both and "Trần Văn Khoa" in both
    by_unit = client.get(query(unit=other.pk)).content.decode()
    assert "Nguyễn Văn An" not in by_unit and "Trần Văn Khoa" in by_unit
    by_name = client.get(query(don_vi="hoa binh")).content.decode()
    assert "Nguyễn Văn An" in by_name and "Trần Văn Khoa" not in by_name
    by_cluster = client.get(query(cluster=world["cluster"].pk)).content.decode()  # Quang Trung is the member
    assert "Nguyễn Văn An" not in by_cluster and "Trần Văn Khoa" in by_cluster
    assert "0 kết quả" in client.get(query(cluster=world["cluster"].pk, year=2022)).content.decode()
    # the cluster typed by name (accent-free) rather than picked among every cluster of the country
    by_typed_cluster = client.get(query(cum="truong tieu hoc")).content.decode()
    assert "Nguyễn Văn An" not in by_typed_cluster and "Trần Văn Khoa" in by_typed_cluster
    assert "0 kết quả" in client.get(query(cum="khong co cum nay")).content.decode()
    assert 'name="cum"' in both and '<select name="cluster"' not in both
    # collective titles list units, open to every logged-in officer
    client.force_login(world["officer"])
    collective = client.get(query(award=Award.objects.get(code="ttldxs").pk, count=2)).content.decode()
    assert "Trường Tiểu học Hòa Bình" in collective and "Trường Tiểu học Quang Trung" in collective
    assert "2022–2023" in collective and "Đơn vị hiện nay" not in collective and "Tập thể" in collective


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("extra", [{}, {"q": "nguyen"}, {"export": "xlsx"}])
def test_the_same_number_of_queries_for_1_person_as_for_3(client, world, extra):
    client.force_login(world["officer"])
    give(world["An"], "cstd-cs", 2021, 2022, 2023)
    one = count_queries(client, query(**extra))
    give(world["Bình"], "cstd-cs", 2021, 2022, 2023)
    give(world["Cường"], "cstd-cs", 2020, 2021, 2022, 2023)
    Discipline.objects.create(person=world["Cường"], form="Khiển trách", start_date=dt.date(2019, 1, 1),
                              end_date=dt.date(2019, 6, 1))
    three = count_queries(client, query(**extra))
    assert extra.get("export") or "Nguyễn Văn Cường" in client.get(query(**extra)).content.decode()
    assert one == three, (one, three)
