"""The dashboards (screens.domain.dashboards, screens/dashboard_views.py) on a province invented here: two clusters
of three and two members over three years, with scales, locked sheets, a vote for the provincial flag, a
Government flag proposed and award records; and on the demo's S1 (1.003 / 3.427 / 89,4% in 2023). Figures are
checked against the records and against the computations they reuse (compute_ranking, cluster_year_figures);
the charts are read back from the SVG and compared with the tables beneath; the queries do not grow with the
clusters, years or members; who sees what; the Excel files are read back with openpyxl."""

import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.awards.models import Award, AwardRecord
from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo import builders as b
from thidua.dossiers.enums import State
from thidua.dossiers.models import Nominee, Proposal
from thidua.reports.domain.figures import cluster_year_figures
from thidua.scoring.domain.queries import compute_ranking, compute_rankings
from thidua.scoring.models import CriteriaSet, Criterion, ScoreEntry, ScoreSheet
from thidua.screens.domain import dashboards
from thidua.voting.models import Nomination

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2025, 11, 20)


def _scale(period, points: dict) -> None:
    """A scale of a group (1.1 of 40 and 1.2 of 30 points), a bonus (2, up to 10) and a penalty (3, up to 5);
    each member's sheet locked with its points: unit → (1.1, 1.2, bonus, penalty)."""
    criteria_set = CriteriaSet.objects.create(period=period)
    group = Criterion.objects.create(criteria_set=criteria_set, order=1, code="1", name="Thực hiện nhiệm vụ",
                                     type="group", max_points=70)
    leaves = [Criterion.objects.create(criteria_set=criteria_set, parent=group, order=2, code="1.1",
                                       name="Nhiệm vụ chuyên môn", type="pass_fail", max_points=40),
              Criterion.objects.create(criteria_set=criteria_set, parent=group, order=3, code="1.2",
                                       name="Cải cách hành chính", type="pass_fail", max_points=30),
              Criterion.objects.create(criteria_set=criteria_set, order=4, code="2", name="Điểm thưởng",
                                       type="bonus", max_points=10),
              Criterion.objects.create(criteria_set=criteria_set, order=5, code="3", name="Điểm trừ",
                                       type="penalty", max_points=5)]
    now = timezone.now()
    for unit, values in points.items():
        sheet = ScoreSheet.objects.create(period=period, unit=unit, state="locked", locked_at=now)
        ScoreEntry.objects.bulk_create([
            ScoreEntry(sheet=sheet, criterion=c, self_points=v, final_points=v)
            for c, v in zip(leaves, [Decimal(v) for v in values], strict=True)])


def _awards(period, unit, person, *, central=0, local=0, individual=0, direct=0) -> None:
    rows = []
    for level, n, code in (("central", central, "bk-ttg"), ("local", local, "bk-tinh")):
        award = Award.objects.get(code=code)
        rows += [AwardRecord(award=award, subject="collective", unit=unit, recipient_name=f"Phòng {level} {i}",
                             year=period.year, level=level, decision_number=f"{i}/QĐ",
                             decision_date=dt.date(period.year, 12, 1), signed_by="Chủ tịch") for i in range(n)]
    award = Award.objects.get(code="bk-tinh")
    rows += [AwardRecord(award=award, subject="individual", unit=unit, person=person, recipient_name=person.full_name,
                         year=period.year, level="local", decision_number=f"{100 + i}/QĐ",
                         decision_date=dt.date(period.year, 12, 1), signed_by="Chủ tịch", direct_worker=i < direct)
             for i in range(individual)]
    AwardRecord.objects.bulk_create(rows)


def _province(tag: str = "d", years=(2023, 2024, 2025), members: int = 3) -> dict:
    organiser = b.organiser(f"ubnd-{tag}", f"Ủy ban nhân dân tỉnh Thử {tag}", "province", area_code="cao-bang")
    cluster = b.cluster(f"cum-{tag}", f"Cụm thi đua <Nội chính> & “{tag}”", organiser, area_code="cao-bang")
    block = b.cluster(f"khoi-{tag}", f"Khối Văn xã {tag}", organiser, kind="khoi", area_code="cao-bang")
    units = [b.unit(f"{tag}-u{i}", f"Sở số {i} {tag}", area_code="cao-bang") for i in range(members)]
    others = [b.unit(f"{tag}-k{i}", f"Bệnh viện {i} {tag}", area_code="cao-bang") for i in range(2)]
    person = b.person(units[0], f"Nguyễn Văn Thử {tag}", "male", "Công nhân", category="direct")
    periods, block_periods = {}, {}
    for k, year in enumerate(years):
        period = create_period(cluster, year)
        add_members(period, units)
        set_leader(period, "head", units[k % members])
        set_leader(period, "deputy", units[(k + 1) % members])
        # ranks change: the leader of the year is unit k
        _scale(period, {u: (40 if i == k % members else 30 - i, 30, 5 if i == 0 else 0, -1 if i == 1 else 0)
                        for i, u in enumerate(units)})
        _awards(period, units[0], person, central=1 + k, local=2, individual=4, direct=3)
        _awards(period, units[1], person, local=k)
        other = create_period(block, year)
        add_members(other, [*others, units[0]])  # units[0] is in both: counted once in the province's totals
        set_leader(other, "head", others[0])
        _awards(other, others[0], person, local=1)
        EmulationPeriod.objects.filter(pk__in=[period.pk, other.pk]).update(
            phase=Phase.CLOSED if year < years[-1] else Phase.SCORING)
        periods[year], block_periods[year] = period, other
    flag = Award.objects.get(code="co-tinh")
    Nomination.objects.create(period=periods[2024], unit=units[1], award=flag, award_label=flag.name, votes=3,
                              electorate=3)
    Nomination.objects.create(period=block_periods[2024], unit=others[1], award=flag, award_label=flag.name)
    proposal = Proposal.objects.create(sender=units[1], recipient=organiser, title="Đề nghị Cờ thi đua của Chính phủ",
                                       year=2024, state=State.SUBMITTED)
    Nominee.objects.create(proposal=proposal, subject="collective", unit=units[1], name_as_written=units[1].name,
                           award=Award.objects.get(code="co-cp"))
    return {"organiser": organiser, "cluster": cluster, "block": block, "units": units, "others": others,
            "periods": periods, "block_periods": block_periods, "person": person}


@pytest.fixture
def province(db):
    return _province()


@pytest.fixture
def staff(province, make_user):
    return make_user("snv-thu", (Role.ORGANISER_STAFF, province["organiser"]))


# -- the domain -------------------------------------------------------------------------------------------------------

def test_compute_rankings_is_compute_ranking_of_each_year(province):
    periods = list(province["periods"].values())
    together = compute_rankings([p.pk for p in periods])
    for period in periods:
        alone = compute_ranking(period)
        assert [(r.unit_id, r.rank, r.final) for r in together[period.pk]] == [
            (r.unit_id, r.rank, r.final) for r in alone]


def test_the_groups_are_counted_as_the_ranking_counts_the_sheet(province):
    """scoring.domain.queries.group_points reads the points that count as compute_rankings does: a member's groups
    add up to its sheet's base + bonus − penalty; and compute_ranking is compute_rankings of the one period."""
    from thidua.scoring.domain.queries import group_points

    for period in province["periods"].values():
        groups, totals = group_points(period.pk)
        assert [g["code"] for g in groups] == ["1", "2", "3"]
        for result in compute_ranking(period):
            assert sum(totals[result.unit_id], Decimal(0)) == (
                result.totals.base + result.totals.bonus - result.totals.penalty)
    bare = create_period(province["cluster"], 2030)
    assert group_points(bare.pk) == ([], {})
    with pytest.raises(CriteriaSet.DoesNotExist):
        compute_ranking(bare)


def test_cluster_dashboard_figures(province, staff):
    units, periods = province["units"], province["periods"]
    board = dashboards.cluster_dashboard(province["cluster"], staff)
    assert [y.year for y in board.rank_years] == [2023, 2024, 2025]
    ranks = {row.name: row.ranks for row in board.ranks}
    assert ranks[units[0].name][0] == 1 and ranks[units[1].name][1] == 1 and ranks[units[2].name][2] == 1
    for i, y in enumerate(board.rank_years):
        expected = {r.unit_id: r.rank for r in compute_ranking(EmulationPeriod.objects.get(pk=y.period_id))}
        assert {row.unit_id: row.ranks[i] for row in board.ranks} == expected
    # the groups of the newest year: 1 = 1.1 + 1.2, 2 the bonus, 3 the penalty (negative)
    assert board.group_year.year == 2025
    assert [g["code"] for g in board.groups] == ["1", "2", "3"]
    by_unit = {r.unit_id: r.values for r in board.group_rows}
    assert by_unit[units[0].pk] == [Decimal(60), Decimal(5), Decimal(0)]
    assert by_unit[units[1].pk] == [Decimal(59), Decimal(0), Decimal(-1)]
    assert by_unit[units[2].pk] == [Decimal(70), Decimal(0), Decimal(0)]
    chosen = dashboards.cluster_dashboard(province["cluster"], staff, year=2023)
    assert chosen.group_year.year == 2023
    # awards by year: the same as the year's figures page
    for y in board.figure_years:
        expected = cluster_year_figures(periods[y.year])
        got = board.figures[y.period_id]
        assert (got.collectives, got.individuals, got.direct_workers) == (
            expected.collectives, expected.individuals, expected.direct_workers)
    assert board.figures[periods[2024].pk].collectives == {"central": 2, "local": 3, "sector": 0}
    assert board.figures[periods[2024].pk].direct_worker_share == Decimal("75.0")


def test_a_members_officer_sees_only_their_years_and_published_rankings(province, make_user):
    units, periods = province["units"], province["periods"]
    EmulationPeriod.objects.filter(pk=periods[2023].pk).delete()  # no more 2023
    officer = make_user("u2-officer", (Role.UNIT_OFFICER, units[2]))
    board = dashboards.cluster_dashboard(province["cluster"], officer)
    # 2025 is in self-scoring: its ranking is not published to members (scoring.view_ranking)
    assert [y.year for y in board.rank_years] == [2024]
    assert [y.year for y in board.figure_years] == [2024, 2025]
    outsider = make_user("k0-officer", (Role.UNIT_OFFICER, province["others"][1]))
    assert not outsider.has_perm("screens.view_cluster_dashboard", province["cluster"])
    assert officer.has_perm("screens.view_cluster_dashboard", province["cluster"])


def test_province_year(province, staff):
    overview = dashboards.province_year(province["organiser"], 2024, staff, TODAY)
    assert [c.progress.cluster_name for c in overview.clusters] == [province["cluster"].name,
                                                                    province["block"].name]
    cluster_row = overview.clusters[0]
    assert cluster_row.progress.head_name == province["units"][1].name
    assert cluster_row.deputies == [province["units"][2].name]
    assert cluster_row.progress.members == 3
    assert cluster_row.progress.sheets_locked["done"] == 3
    assert cluster_row.leaders == [{"name": province["units"][1].name, "votes": 3, "electorate": 3}]
    assert overview.clusters[1].leaders[0]["name"] == province["others"][1].name
    # two leading units: 20% of 2 rounded down is 0 flags; one proposed, over the quota
    assert (overview.flags.leaders, overview.flags.quota, overview.flags.proposed) == (2, 0, 1)
    assert overview.flags.over
    # units[0] is in both the cluster and the block: its records count once in the province's totals
    cluster_total = cluster_row.figures.collective_total + cluster_row.figures.individual_total
    block_total = overview.clusters[1].figures.collective_total + overview.clusters[1].figures.individual_total
    assert (cluster_total, block_total) == (2 + 3 + 4, 2 + 3 + 4)
    assert overview.totals.collective_total + overview.totals.individual_total == (
        cluster_total + block_total - (2 + 2 + 4))
    records = AwardRecord.objects.filter(year=2024).count()
    assert overview.totals.collective_total + overview.totals.individual_total == records


def test_the_flag_quota_is_the_rule_in_force_on_the_day_the_flags_were_sent(province, staff):
    """Decree 91/2017 art 11 governed until 31/12/2023, MoHA letter 5007 from 1/1/2024 (voting.domain.quotas):
    the year's quota is judged as each proposal is, on the day it was sent; unsent, on today."""
    proposal = Proposal.objects.get(year=2024)
    proposal.submitted_at = dt.datetime(2023, 12, 28, 9, tzinfo=dt.UTC)
    proposal.save(update_fields=["submitted_at"])
    assert "91/2017" in dashboards.province_year(province["organiser"], 2024, staff, TODAY).flags.source
    proposal.submitted_at = dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC)
    proposal.save(update_fields=["submitted_at"])
    assert "5007" in dashboards.province_year(province["organiser"], 2024, staff, dt.date(2023, 6, 1)).flags.source
    proposal.submitted_at = None
    proposal.save(update_fields=["submitted_at"])
    assert "91/2017" in dashboards.province_year(province["organiser"], 2024, staff, dt.date(2023, 6, 1)).flags.source


def test_compare_years(province):
    compared = dashboards.compare_years(province["organiser"], [2023, 2024, 2025], TODAY)
    assert [(y.year, y.clusters, y.blocks, y.members, y.without_head, y.closed, y.leaders) for y in compared] == [
        (2023, 1, 1, 5, 0, 2, 0), (2024, 1, 1, 5, 0, 2, 2), (2025, 1, 1, 5, 0, 0, 0)]
    assert [y.flags.proposed for y in compared] == [0, 1, 0]
    for y in compared:
        assert y.figures.collective_total + y.figures.individual_total == AwardRecord.objects.filter(
            year=y.year).count()


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_queries_do_not_grow_with_clusters_years_or_members(province, staff, make_user):
    organiser = province["organiser"]
    cluster = lambda: dashboards.cluster_dashboard(province["cluster"], staff)  # noqa: E731
    year = lambda: dashboards.province_year(organiser, 2024, staff, TODAY)  # noqa: E731
    compare = lambda: dashboards.compare_years(organiser, [2023, 2024, 2025], TODAY)  # noqa: E731
    awards = lambda: dashboards.province_awards(organiser, [2023, 2024, 2025])  # noqa: E731
    cluster()  # the user's roles are read once, then kept on the user
    before = [_queries(call) for call in (cluster, year, compare, awards)]
    # a second province's worth of clusters for the same organiser, with a year more and more members
    more = _province("e", years=(2022, 2023, 2024, 2025), members=5)
    from thidua.clusters.models import Cluster
    Cluster.objects.filter(pk__in=[more["cluster"].pk, more["block"].pk]).update(organiser=organiser)
    add_members(province["periods"][2024], more["units"])
    compare_more = lambda: dashboards.compare_years(organiser, [2022, 2023, 2024, 2025], TODAY)  # noqa: E731
    awards_more = lambda: dashboards.province_awards(organiser, [2022, 2023, 2024, 2025])  # noqa: E731
    after = [_queries(call) for call in (cluster, year, compare_more, awards_more)]
    assert after == before
    assert before[0] <= 14 and before[1] <= 9 and before[2] <= 7 and before[3] <= 3


def test_the_demo_2023_figures(s1_year, make_user):
    organiser = s1_year["cluster"].organiser
    staff = make_user("ls-staff", (Role.ORGANISER_STAFF, organiser))
    board = dashboards.cluster_dashboard(s1_year["cluster"], staff)
    y2023 = next(y for y in board.figure_years if y.year == 2023)
    figures = board.figures[y2023.period_id]
    assert (figures.collective_total, figures.individual_total, figures.direct_worker_share) == (
        1003, 3427, Decimal("89.4"))
    assert 2023 in [y.year for y in board.rank_years]
    overview = dashboards.province_year(organiser, 2023, staff, dt.date(2024, 3, 1))
    row = next(c for c in overview.clusters if c.progress.cluster_id == s1_year["cluster"].pk)
    assert row.figures.collective_total == 1003


# -- the pages --------------------------------------------------------------------------------------------------------

def _svg(content: bytes, chart_id: str) -> ET.Element:
    text = content.decode()
    start = text.rindex("<svg", 0, text.index(f'id="{chart_id}"'))
    end = text.index("</svg>", start) + len("</svg>")
    return ET.fromstring(text[start:end])


def test_cluster_page_charts_read_back_as_the_tables(province, staff, client_for):
    client = client_for(staff)
    response = client.get(reverse("screens:cluster_dashboard", args=[province["cluster"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cụm thi đua &lt;Nội chính&gt; &amp;" in html
    awards = _svg(response.content, "chart-awards")
    bars = {(rect.get("data-label"), rect.get("data-series")): rect.get("data-value")
            for rect in awards.iter(f"{SVG}rect") if rect.get("data-value") is not None}
    assert (bars[("2024", "Trung ương")], bars[("2024", "Địa phương")], bars[("2024", "Ngành dọc")]) == ("2", "7", "0")
    period = province["periods"][2024]
    expected = cluster_year_figures(period)
    assert int(bars[("2024", "Địa phương")]) == expected.collectives["local"] + expected.individuals["local"]
    links = [a.get("href") for a in awards.iter(f"{SVG}a")]
    assert f"/bao-cao/cum-khoi/nam/{period.pk}/khen-thuong/chi-tiet/?level=central" in links
    ranks = _svg(response.content, "chart-ranks")
    points = [c for c in ranks.iter(f"{SVG}circle")]
    assert len(points) == 9 and {c.get("data-value") for c in points} == {"1", "2", "3"}
    share = _svg(response.content, "chart-direct")
    assert [r.get("data-value") for r in share.iter(f"{SVG}rect") if r.get("data-value") is not None] == [
        "75", "75", "75"]
    assert 'data-value="75.0"' in html  # the table beneath: 75,0%
    assert "75,0%" in html


def test_a_flag_proposed_to_another_body_is_counted_not_named(province, staff, client_for):
    """A unit of the province proposing a Government flag to its ministry counts against the province's quota
    (as the workflow counts it), but its nominee is not the province's staff's to read (dossiers.view_proposal)."""
    ministry = b.organiser("bo-d", "Bộ Thử d", "sector")
    elsewhere = Proposal.objects.create(sender=province["units"][2], recipient=ministry, year=2024,
                                        title="Đề nghị gửi Bộ", state=State.SUBMITTED)
    Nominee.objects.create(proposal=elsewhere, subject="collective", unit=province["units"][2],
                           name_as_written="Khoa Bí mật d", award=Award.objects.get(code="co-cp"))
    page = client_for(staff).get(reverse("screens:province_dashboard", args=[province["organiser"].pk]),
                                 {"nam": 2024}).content.decode()
    assert "Khoa Bí mật d" not in page and 'id="flag-others"' in page and "và 1 đề nghị" in page
    assert province["units"][1].name in page  # the one sent to the province itself is named
    assert dashboards.province_year(province["organiser"], 2024, staff, TODAY).flags.proposed == 2
    # only proposals sent elsewhere: no empty list, and the line does not begin with "và"
    Nominee.objects.exclude(proposal=elsewhere).filter(award__code="co-cp").delete()
    page = client_for(staff).get(reverse("screens:province_dashboard", args=[province["organiser"].pk]),
                                 {"nam": 2024}).content.decode()
    assert 'id="flag-nominees"' not in page and "và 1 đề nghị" not in page
    assert ">1 đề nghị do đơn vị trong tỉnh gửi cơ quan khác" in page


def test_province_page_excel_and_comparison(province, staff, client_for):
    client = client_for(staff)
    url = reverse("screens:province_dashboard", args=[province["organiser"].pk])
    response = client.get(url, {"nam": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert province["block"].name in html and 'id="flag-proposed"' in html
    by_cluster = _svg(response.content, "chart-cluster-awards")
    assert {r.get("data-label") for r in by_cluster.iter(f"{SVG}rect") if r.get("data-label")} == {
        province["cluster"].name, province["block"].name}
    response = client.get(url, {"nam": 2024, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Cụm, khối" and rows[0][2] == "Trưởng"
    assert rows[1][0] == province["cluster"].name and rows[1][2] == province["units"][1].name
    assert rows[1][4] == "Đã kết thúc"
    assert rows[1][10] == 2 + 3 and rows[1][11] == 4 and rows[1][12] == 75.0
    compare = reverse("screens:province_compare", args=[province["organiser"].pk])
    response = client.get(compare, {"nam": [2023, 2025]})
    assert response.status_code == 200
    response = client.get(compare, {"nam": [2023, 2024, 2025], "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Chỉ tiêu", "2023", "2024", "2025")
    leaders = next(r for r in rows if r[0].startswith("Đơn vị dẫn đầu"))
    assert leaders[1:] == (0, 2, 0)
    # the records behind a year's figure
    awards = reverse("screens:province_awards", args=[province["organiser"].pk])
    response = client.get(awards, {"year": 2024, "level": "central"})
    assert response.status_code == 200 and "(2 lượt)" in response.content.decode()


def test_who_sees_the_province(province, make_user, client_for, s1):
    url = reverse("screens:province_dashboard", args=[province["organiser"].pk])
    other = make_user("snv-khac", (Role.ORGANISER_STAFF, s1["organiser"]))
    assert client_for(other).get(url).status_code == 403
    officer = make_user("u0", (Role.UNIT_OFFICER, province["units"][0]))
    assert client_for(officer).get(url).status_code == 403
    admin = make_user("quan-tri", (Role.ADMIN, None))
    assert client_for(admin).get(url).status_code == 200


def test_the_pages_queries_do_not_grow(province, staff, client_for):
    client = client_for(staff)
    organiser = province["organiser"]
    pages = [reverse("screens:cluster_dashboard", args=[province["cluster"].pk]),
             reverse("screens:province_dashboard", args=[organiser.pk]) + "?nam=2024",
             reverse("screens:province_compare", args=[organiser.pk]) + "?nam=2023&nam=2024&nam=2025"]
    for url in pages:
        client.get(url)
    before = [_queries(lambda url=url: client.get(url)) for url in pages]
    more = _province("f", members=6)
    from thidua.clusters.models import Cluster
    Cluster.objects.filter(pk__in=[more["cluster"].pk, more["block"].pk]).update(organiser=organiser)
    add_members(province["periods"][2024], more["units"])
    after = [_queries(lambda url=url: client.get(url)) for url in pages]
    assert after == before


def test_an_organiser_without_clusters(make_user, client_for):
    organiser = b.organiser("ubnd-trong", "Ủy ban nhân dân tỉnh Trống", "province", area_code="cao-bang")
    client = client_for(make_user("snv-trong", (Role.ORGANISER_STAFF, organiser)))
    for name in ("province_dashboard", "province_compare", "province_awards"):
        response = client.get(reverse(f"screens:{name}", args=[organiser.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("screens:province_dashboard", args=[organiser.pk])).content.decode()
    assert "Cơ quan chưa có cụm, khối nào trong năm" in page and "Chưa có số liệu để vẽ biểu đồ." in page
    response = client.get(reverse("screens:province_dashboard", args=[organiser.pk]), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 and rows[0][0] == "Cụm, khối"


def test_the_rank_change_against_the_year_before(province, staff, client_for):
    from thidua.screens.dashboard_views import _rank_change

    assert [_rank_change(r) for r in ([3, 1], [1, 2], [2, 2], [None, 1], [1])] == ["↑ 2", "↓ 1", "=", "", ""]
    page = client_for(staff).get(reverse("screens:cluster_dashboard", args=[province["cluster"].pk])).content.decode()
    # 2024 → 2025: units[2] rises from 3 to 1
    assert "↑ 2" in page and "Năm 2025 so với năm 2024" in page  # the years compared, named (a gap is seen)


BAD_YEARS = ["²", "٢٠٢٤", "abc", "99999", "-1", "1900", "hai nghìn", "2024.0"]


def test_a_year_that_is_not_a_year_gets_the_page_and_a_message(province, staff, client_for):
    """"²".isdigit() is true and int("²") fails: the pages answered 500 (404 for the rest). A bad year is now
    named on the page, which shows the default year; a good year beside it is kept."""
    from thidua.screens.dashboard_views import parse_year

    assert [parse_year(v) for v in BAD_YEARS] == [None] * len(BAD_YEARS)
    assert [parse_year(v) for v in ("2024", " 1945 ", "2100")] == [2024, 1945, 2100]
    client = client_for(staff)
    organiser = province["organiser"]
    pages = [(reverse("screens:cluster_dashboard", args=[province["cluster"].pk]), "nam"),
             (reverse("screens:province_dashboard", args=[organiser.pk]), "nam"),
             (reverse("screens:province_compare", args=[organiser.pk]), "nam"),
             (reverse("screens:province_awards", args=[organiser.pk]), "year")]
    for url, name in pages:
        for value in BAD_YEARS:
            response = client.get(url, {name: value})
            assert response.status_code == 200, (url, value)
            html = response.content.decode()
            assert 'id="year-error"' in html and "không hợp lệ: ghi 4 chữ số, ví dụ 2024" in html, (url, value)
        response = client.get(url, {name: ["2024", "²"]})
        assert response.status_code == 200 and 'id="year-error"' in response.content.decode(), url
        assert 'id="year-error"' not in client.get(url, {name: "2024"}).content.decode(), url
    compared = client.get(pages[2][0], {"nam": ["2023", "²", "2024", "abc"]})
    assert compared.context["chosen"] == [2023, 2024]
    assert compared.content.decode().count("không hợp lệ") == 2
    assert client.get(pages[1][0], {"nam": ["2024", "²"]}).context["year"] == 2024
    # a year no cluster has is the one shown, and the one the picker shows selected
    html = client.get(pages[1][0], {"nam": "1999"}).content.decode()
    assert '<option value="1999" selected>1999</option>' in html
    assert client.get(pages[3][0], {"year": "²", "level": "central"}).status_code == 200
    assert client.get(pages[3][0], {"year": 2024, "level": "khác"}).status_code == 404  # not a year: as before


def test_the_flag_quota_is_counted_once_for_the_page_the_comparison_and_the_workflow(province, staff, client_for):
    """The leading units of a province's year are the distinct units its clusters' votes named for the provincial
    flag, in every organiser of the province (voting.domain.quotas.province_leading_units): two units of the same
    name are two (the province page counted names), a person none, a unit of another organiser of the province
    counts as the workflow counts it. Five leading units: 20% is one flag; two proposed are over it."""
    from thidua.dossiers.domain import workflow

    units, periods = province["units"], province["periods"]
    flag = Award.objects.get(code="co-tinh")
    twin = b.unit("d-twin", units[1].name, area_code="cao-bang")  # the same name as units[1]
    third = b.unit("d-third", "Sở số ba d", area_code="cao-bang")
    neighbour = _province("g", years=(2024,), members=2)  # another organiser of the same province: 2 leaders
    for unit in (twin, third):
        Nomination.objects.create(period=periods[2024], unit=unit, award=flag, award_label=flag.name)
    Nomination.objects.create(period=periods[2024], person=province["person"], award=flag, award_label=flag.name)
    Nomination.objects.create(period=periods[2024], unit=units[1], award=flag, award_label=flag.name)  # again
    # the neighbour's own Government flag proposal counts in the province's proposals too: drop it
    Nominee.objects.filter(proposal__sender=neighbour["units"][1]).delete()
    proposal = Proposal.objects.get(sender=units[1], year=2024)
    Nominee.objects.create(proposal=proposal, subject="collective", unit=units[0], name_as_written=units[0].name,
                           award=Award.objects.get(code="co-cp"))
    expected = (6, 1, 2)  # units[1], others[1], twin, third, and the neighbour's two
    page = dashboards.province_year(province["organiser"], 2024, staff, TODAY).flags
    assert (page.leaders, page.quota, page.proposed) == expected
    compared = dashboards.compare_years(province["organiser"], [2024], TODAY)[0]
    assert (compared.leaders, compared.flags.leaders, compared.flags.quota, compared.flags.proposed) == (
        6, *expected)
    issue = workflow.government_flag_quota_issues(proposal, TODAY)
    assert len(issue) == 1 and "vượt chỉ tiêu 1 " in issue[0] and "của 6 đơn vị dẫn đầu" in issue[0]
    html = client_for(staff).get(reverse("screens:province_dashboard", args=[province["organiser"].pk]),
                                 {"nam": 2024}).content.decode()
    assert 'id="flag-proposed"' in html


def test_the_records_behind_a_province_year_are_not_counted_whole(province, staff, client_for, monkeypatch):
    """The registry holds millions of rows: the count under the heading stops past core.tables.TOTAL_CAP
    ("hơn 10.000"), as every list's total, instead of a COUNT(*) over all the year's records."""
    import thidua.core.tables
    import thidua.screens.dashboard_views

    monkeypatch.setattr(thidua.core.tables, "TOTAL_CAP", 3)
    monkeypatch.setattr(thidua.screens.dashboard_views, "PAGE_SIZE", 2)
    client = client_for(staff)
    url = reverse("screens:province_awards", args=[province["organiser"].pk])
    html = client.get(url, {"year": 2024}).content.decode()
    assert "(hơn 3 lượt)" in html
    assert "(2 lượt)" in client.get(url, {"year": 2024, "level": "central"}).content.decode()
    records = dashboards.province_records(province["organiser"], 2024)
    assert records.count() == AwardRecord.objects.filter(year=2024).count()
