"""The home page: today's tasks with their deadlines (overdue first), the progress of each year, and when there is
nothing to do, what comes next and when. The day is fixed: nothing depends on the real date."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import LeadershipRole, Phase
from thidua.demo import builders as b

from .factories import TODAY, open_session, proposal_of, set_phase


@pytest.fixture
def on_today(monkeypatch):
    """timezone.localdate() answers TODAY when asked for today (a given moment keeps its own day)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def busy(dossier_world, on_today):
    """Công an's officer: registration open (no deadline), a vote overdue by 3 days, a proposal due in 8 days."""
    world = dossier_world
    set_phase(world["period"], Phase.REGISTRATION)
    open_session(world["period"], world["units"]["ca"], held_on=TODAY - dt.timedelta(days=3))
    proposal_of(world)
    return world


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_sees_the_tasks_overdue_first_with_their_deadlines(client, busy):
    html = page(client, busy["officer"])
    tasks = html.split('id="my-tasks"')[1].split("</table>")[0]
    vote, dossier, register = (tasks.index(w) for w in ("Bỏ phiếu: Bình xét năm 2024", "Hoàn thiện và gửi tờ trình",
                                                         "Đăng ký thi đua: danh hiệu và chỉ tiêu"))
    assert vote < dossier < register
    assert "29/11/2024" in tasks and "quá hạn 3 ngày" in tasks
    assert "10/12/2024" in tasks and "còn 8 ngày" in tasks
    assert "Chưa có hạn ghi trong hệ thống" in tasks
    assert "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn, năm 2024" in tasks
    assert reverse("movements:registration", args=[busy["period"].pk, busy["units"]["ca"].pk]) in tasks
    assert "1 quá hạn" in html
    years = html.split('id="my-years"')[1].split("</table>")[0]
    assert "Đăng ký thi đua" in years and "0/7" in years and "Khối trưởng: Cục Thi hành án dân sự" in years


def test_the_head_unit_is_still_told_which_year_it_manages(client, busy):
    html = page(client, busy["head"])
    assert "Đơn vị của bạn là khối trưởng năm 2024" in html.split('id="managed-periods"')[1].split("</div>")[0]
    assert "Đôn đốc đăng ký thi đua (đã đăng ký 0/7)" in html


def test_nothing_to_do_says_what_comes_next_and_when(client, world, on_today):
    set_phase(world["cluster"].periods.get(year=2023), Phase.CLOSED)
    set_phase(world["period"], Phase.IN_PROGRESS)
    html = page(client, world["officer"])
    empty = html.split('id="nothing-to-do"')[1].split("</div>")[0]
    assert "Hiện không có việc nào chờ bạn." in empty
    assert "đang ở giai đoạn “Đang thi đua”, tiếp theo là “Tự chấm điểm”; năm thi đua đến hết ngày 31/12/2024." in empty
    set_phase(world["period"], Phase.CLOSED)
    empty = page(client, world["officer"]).split('id="nothing-to-do"')[1].split("</div>")[0]
    assert "Năm thi đua 2025 của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn chưa mở" in empty
    assert "từ 01/01/2025 đến 31/12/2025" in empty


def test_an_account_without_a_cluster_is_told_so(client, world, on_today):
    html = page(client, world["admin"])
    assert "Hiện không có việc nào chờ bạn." in html
    assert "Đơn vị của bạn chưa thuộc cụm, khối nào." in html
    assert 'id="my-years"' not in html


def test_the_home_page_queries_do_not_depend_on_the_number_of_clusters(client, busy):
    user, units = busy["officer"], busy["units"]
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    for i in range(3):
        cluster = b.cluster(f"them-{i}", f"Khối thi đua thêm số {i}", busy["organiser_obj"], kind="khoi")
        extra = create_period(cluster, 2024, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        add_members(extra, [units["ca"], units["thads"]])
        set_leader(extra, LeadershipRole.HEAD, units["thads"])
        set_phase(extra, Phase.REGISTRATION)
        open_session(extra, units["ca"], held_on=TODAY)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("home")).content.decode()
    assert html.count("Bỏ phiếu: Bình xét năm 2024") == 4
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_home_page_needs_a_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
