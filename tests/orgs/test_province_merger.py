"""Provinces through the merger of 1/7/2025 (issue 10 item 6): a unit, cluster or person of a merged province
shows the province it became, a filter by the new province finds the old one's records, history keeps the old
name, and none of it costs a query per row."""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period
from thidua.clusters.interfaces.filters import ClusterFilter
from thidua.demo import builders as b
from thidua.orgs.domain.areas import (
    areas_merged_into,
    called,
    name_with_successor,
    province_choices,
    province_it_became,
)
from thidua.orgs.interfaces.filters import UnitFilter
from thidua.orgs.models import Area, Person, Unit

pytestmark = pytest.mark.django_db

LAST_OLD_DAY, MERGE_DAY = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
AFTER = dt.date(2026, 1, 15)


def area(code: str) -> Area:
    return Area.objects.select_related("successor").get(code=code)


# ---- the domain functions ---------------------------------------------------------------------------------


def test_a_merged_province_becomes_the_new_one_from_1_july_2025():
    ha_giang, new_tq = area("ha-giang"), area("tuyen-quang-2025")
    assert province_it_became(ha_giang, LAST_OLD_DAY) == ha_giang
    assert province_it_became(ha_giang, MERGE_DAY) == new_tq
    assert province_it_became(ha_giang) == new_tq  # today, after the merger
    assert province_it_became(area("tuyen-quang"), MERGE_DAY) == new_tq  # the absorbing one too
    assert province_it_became(new_tq, MERGE_DAY) == new_tq
    lang_son = area("lang-son")  # unchanged: one record throughout
    assert province_it_became(lang_son, LAST_OLD_DAY) == lang_son == province_it_became(lang_son, AFTER)


def test_what_merged_into_a_province_by_a_day():
    new_tq, ha_giang, old_tq = area("tuyen-quang-2025"), area("ha-giang"), area("tuyen-quang")
    assert areas_merged_into(new_tq, MERGE_DAY)[0] == new_tq.pk  # itself first
    assert set(areas_merged_into(new_tq, MERGE_DAY)) == {new_tq.pk, ha_giang.pk, old_tq.pk}
    assert set(areas_merged_into(new_tq.pk)) == {new_tq.pk, ha_giang.pk, old_tq.pk}  # today; an id does too
    assert areas_merged_into(new_tq, LAST_OLD_DAY) == [new_tq.pk]  # nothing had merged yet
    assert areas_merged_into(ha_giang, AFTER) == [ha_giang.pk]  # a former province: itself
    assert areas_merged_into(area("lang-son"), AFTER) == [area("lang-son").pk]
    ninh_binh = area("ninh-binh-2025")  # three provinces into one
    assert {Area.objects.get(pk=pk).code for pk in areas_merged_into(ninh_binh, AFTER)} == {
        "ninh-binh-2025", "ninh-binh", "ha-nam", "nam-dinh"}
    # every area in force today is reached from exactly the areas that became it
    for current in Area.objects.valid_on(AFTER).select_related("successor"):
        for pk in areas_merged_into(current, AFTER):
            assert province_it_became(Area.objects.select_related("successor").get(pk=pk), AFTER) == current


def test_links_of_several_steps_and_a_loop_typed_by_hand():
    day = dt.date(2020, 1, 1)
    z = Area.objects.create(code="z", name="Tỉnh Z", kind="province")
    y = Area.objects.create(code="y", name="Tỉnh Y", kind="province", valid_to=day, successor=z)
    x = Area.objects.create(code="x", name="Tỉnh X", kind="province", valid_to=day - dt.timedelta(days=1),
                            successor=y)
    assert province_it_became(x, AFTER) == z
    assert province_it_became(x, day) == y  # Y still in force that day
    assert set(areas_merged_into(z, AFTER)) == {x.pk, y.pk, z.pk}
    z.valid_to, z.successor = day, x  # a loop: each ends and points on; neither function runs forever
    z.save()
    assert province_it_became(x, AFTER) in (x, y, z)
    assert set(areas_merged_into(z, AFTER)) == {x.pk, y.pk, z.pk}


def test_names_with_the_province_it_became():
    assert called(area("tuyen-quang-2025")) == "tỉnh Tuyên Quang"
    assert called(area("hai-phong-2025")) == "thành phố Hải Phòng"
    assert called(area("ho-chi-minh-2025")) == "Thành phố Hồ Chí Minh"  # its record already says so
    assert name_with_successor(area("ha-giang"), MERGE_DAY) == "Hà Giang (nay là tỉnh Tuyên Quang)"
    assert name_with_successor(area("ha-giang"), LAST_OLD_DAY) == "Hà Giang"
    assert name_with_successor(area("hai-duong"), AFTER) == "Hải Dương (nay là thành phố Hải Phòng)"
    assert name_with_successor(area("binh-duong"), AFTER) == "Bình Dương (nay là Thành phố Hồ Chí Minh)"
    assert name_with_successor(area("tuyen-quang"), AFTER) == "Tuyên Quang (cũ)"  # the new one kept the name
    assert name_with_successor(area("tuyen-quang-2025"), AFTER) == "Tuyên Quang"
    assert name_with_successor(area("lang-son"), AFTER) == "Lạng Sơn"


# ---- the records of an invented province's units --------------------------------------------------------


@pytest.fixture
def merged():
    """A unit, a block and a person of Hà Giang (merged into Tuyên Quang on 1/7/2025), a unit and a block of the
    new Tuyên Quang, and a block of Lạng Sơn (unchanged)."""
    organiser = b.organiser("ubnd-ha-giang", "UBND tỉnh Hà Giang", "province", area_code="ha-giang")
    unit = b.unit("stp-ha-giang", "Sở Tư pháp tỉnh Hà Giang", sector_code="tu-phap", area_code="ha-giang")
    cluster = b.cluster("khoi-noi-chinh-ha-giang", "Khối thi đua Nội chính tỉnh Hà Giang", organiser,
                        kind="khoi", area_code="ha-giang")
    period = create_period(cluster, 2024)
    add_members(period, [unit])
    person = Person.objects.create(full_name="Nguyễn Văn Giang", gender="male", unit=unit)
    tq_organiser = b.organiser("ubnd-tuyen-quang-2025", "UBND tỉnh Tuyên Quang", "province",
                               area_code="tuyen-quang-2025")
    tq_unit = b.unit("stp-tuyen-quang-2025", "Sở Tư pháp tỉnh Tuyên Quang", sector_code="tu-phap",
                     area_code="tuyen-quang-2025")
    tq_cluster = b.cluster("khoi-noi-chinh-tuyen-quang", "Khối thi đua Nội chính tỉnh Tuyên Quang", tq_organiser,
                           kind="khoi", area_code="tuyen-quang-2025")
    ls_organiser = b.organiser("ubnd-lang-son-x", "UBND tỉnh Lạng Sơn", "province", area_code="lang-son")
    ls_cluster = b.cluster("khoi-lang-son-x", "Khối thi đua tỉnh Lạng Sơn", ls_organiser, area_code="lang-son")
    return {"organiser": organiser, "unit": unit, "cluster": cluster, "period": period, "person": person,
            "tq_unit": tq_unit, "tq_cluster": tq_cluster, "ls_cluster": ls_cluster}


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("quan-tri", (Role.ADMIN, None)))
    return client


SHOWN = "Hà Giang (nay là tỉnh Tuyên Quang)"


def test_pages_show_the_province_it_became_beside_the_old_name(admin_client, merged):
    unit_page = admin_client.get(merged["unit"].get_absolute_url()).content.decode()
    assert f'<span id="unit-area">{SHOWN}</span>' in unit_page
    assert "Sở Tư pháp tỉnh Hà Giang" in unit_page  # the unit's own name is kept
    cluster_page = admin_client.get(merged["cluster"].get_absolute_url()).content.decode()
    assert f'<span id="cluster-area">{SHOWN}</span>' in cluster_page
    person_page = admin_client.get(merged["person"].get_absolute_url()).content.decode()
    assert f'<span id="person-area">{SHOWN}</span>' in person_page
    # a province in force is shown as it is
    tq_page = admin_client.get(merged["tq_unit"].get_absolute_url()).content.decode()
    assert '<span id="unit-area">Tuyên Quang</span>' in tq_page and "nay là" not in tq_page


def cells(html: str) -> list[str]:
    body = html[html.index("<tbody"):]
    return re.findall(r"<td[^>]*>([^<]*)</td>", body)


def test_list_rows_and_their_export_show_it_too(admin_client, merged):
    cluster_cells = cells(admin_client.get("/cum-khoi/").content.decode())
    assert SHOWN in cluster_cells and "Lạng Sơn" in cluster_cells and "Tuyên Quang" in cluster_cells
    unit_cells = cells(admin_client.get("/don-vi/").content.decode())
    assert SHOWN in unit_cells and "Tuyên Quang" in unit_cells
    sheet = load_workbook(io.BytesIO(admin_client.get("/cum-khoi/", {"export": "xlsx"}).content)).active
    assert any(SHOWN in row for row in sheet.iter_rows(values_only=True))


def test_history_keeps_the_old_name(admin_client, merged):
    """The year page of 2024, a year of Hà Giang, names the province as it was; the unit's records keep theirs."""
    page = admin_client.get(f"/cum-khoi/nam/{merged['period'].pk}/tong-quan/").content.decode()
    assert "Hà Giang" in page and "nay là" not in page
    merged["unit"].refresh_from_db()
    merged["cluster"].refresh_from_db()
    assert merged["unit"].area.code == merged["cluster"].area.code == "ha-giang"  # nothing rewritten


def listed(client, url, **params) -> list[str]:
    return [str(row) for row in client.get(url, params).context["table"].data]


def test_filtering_by_the_new_province_finds_the_old_ones_records(admin_client, merged):
    new_tq, ha_giang = area("tuyen-quang-2025"), area("ha-giang")
    assert listed(admin_client, "/cum-khoi/", area=new_tq.pk) == [
        "Khối thi đua Nội chính tỉnh Hà Giang", "Khối thi đua Nội chính tỉnh Tuyên Quang"]
    assert listed(admin_client, "/cum-khoi/", area=ha_giang.pk) == ["Khối thi đua Nội chính tỉnh Hà Giang"]
    assert listed(admin_client, "/cum-khoi/", area=area("lang-son").pk) == ["Khối thi đua tỉnh Lạng Sơn"]
    assert listed(admin_client, "/cum-khoi/", area=new_tq.pk, year=2024) == ["Khối thi đua Nội chính tỉnh Hà Giang"]
    assert listed(admin_client, "/don-vi/", area=new_tq.pk) == ["Sở Tư pháp tỉnh Hà Giang",
                                                                 "Sở Tư pháp tỉnh Tuyên Quang"]
    assert listed(admin_client, "/don-vi/", area=ha_giang.pk) == ["Sở Tư pháp tỉnh Hà Giang"]


def test_the_filter_is_an_indexed_list_of_areas(merged):
    new_tq = area("tuyen-quang-2025")
    with CaptureQueriesContext(connection) as ctx:
        clusters = list(ClusterFilter({"area": new_tq.pk}, queryset=merged["cluster"].__class__.objects.all()).qs)
        units = list(UnitFilter({"area": new_tq.pk}, queryset=Unit.objects.all()).qs)
    assert len(clusters) == 2 and len(units) == 2
    listing = [q["sql"] for q in ctx.captured_queries if "clusters_cluster" in q["sql"].split("WHERE")[0]
               or "orgs_unit" in q["sql"].split("WHERE")[0]]
    assert len(listing) == 2
    for sql in listing:  # area_id IN (three ids), no join to the areas nor a subquery
        assert re.search(r'"area_id" IN \(\S+, \S+, \S+\)', sql), sql
        assert "orgs_area" not in sql and "SELECT" not in sql.split("WHERE", 1)[1], sql


def test_the_filter_offers_the_provinces_in_force_then_the_former_ones(admin_client, merged):
    def choices(url):
        field = admin_client.get(url).context["filter"].form.fields["area"]
        return [(Area.objects.get(pk=value.value).code, label) for value, label in field.choices if value != ""]

    clusters = choices("/cum-khoi/")
    # in force: Lạng Sơn (its own block), Tuyên Quang (its own and Hà Giang's); then the former Hà Giang
    assert clusters == [("lang-son", "Lạng Sơn"), ("tuyen-quang-2025", "Tuyên Quang"), ("ha-giang", SHOWN)]
    units = choices("/don-vi/")
    in_force = [code for code, _label in units[:34]]
    assert set(in_force) == set(Area.objects.valid_on(dt.date.today()).values_list("code", flat=True))
    assert units[34:] == [("ha-giang", SHOWN)]  # the only former province with units
    # a former province without clusters is not offered, nor found
    response = admin_client.get("/cum-khoi/", {"area": area("yen-bai").pk})
    assert response.status_code == 200 and "area" in response.context["filter"].form.errors


def test_the_choices_on_either_side_of_the_merger(merged):
    from thidua.clusters.models import Cluster

    before = {a.code for a in province_choices(Cluster.objects.all(), on=LAST_OLD_DAY)}
    after = [a.code for a in province_choices(Cluster.objects.all(), on=MERGE_DAY)]
    # on 30/6/2025 Hà Giang was in force and the new Tuyên Quang not yet
    assert before == {"lang-son", "ha-giang", "tuyen-quang-2025"}
    assert after == ["lang-son", "tuyen-quang-2025", "ha-giang"]


# ---- no query per row -------------------------------------------------------------------------------------


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_rows(client, make_user, merged):
    organiser = merged["organiser"]
    user = make_user("can-bo", (Role.ORGANISER_STAFF, organiser), (Role.UNIT_OFFICER, merged["unit"]))
    client.force_login(user)
    new_tq = area("tuyen-quang-2025").pk
    urls = [f"/cum-khoi/?area={new_tq}", f"/cum-khoi/?area={new_tq}&year=2024", f"/don-vi/?area={new_tq}",
            f"/cum-khoi/?area={new_tq}&export=xlsx", "/cum-khoi/", "/don-vi/"]
    first = [count(client, url) for url in urls]
    for i, code in enumerate(("bac-kan", "ha-giang", "thai-nguyen-2025")):  # more rows, of merged provinces
        cluster = b.cluster(f"them-{i}", f"Khối thêm {i}", organiser, area_code=code)
        create_period(cluster, 2024)
        b.unit(f"them-{i}", f"Đơn vị thêm {i}", area_code=code)
    assert [count(client, url) for url in urls] == first


def test_the_province_it_became_costs_no_query_on_the_pages(admin_client, merged):
    """Each page of a Hà Giang unit, block and person makes as many queries as once its area is Lạng Sơn."""
    pages = [merged["unit"].get_absolute_url(), merged["cluster"].get_absolute_url(),
             merged["person"].get_absolute_url()]
    merged_counts = [count(admin_client, url) for url in pages]
    Unit.objects.filter(pk=merged["unit"].pk).update(area=area("lang-son"))
    type(merged["cluster"]).objects.filter(pk=merged["cluster"].pk).update(area=area("lang-son"))
    assert "nay là" not in admin_client.get(pages[0]).content.decode()
    assert [count(admin_client, url) for url in pages] == merged_counts
