"""The demo's year in progress (demo.s1_current) gives the demo's roles real work on their home, whatever the day
of the year: the same S1 accounts' tasks on fixed days of registration, self-assessment and appraisal."""

import datetime as dt

import pytest

from thidua.accounts.models import Role
from thidua.screens.domain.tasks import tasks_for

D = dt.date


@pytest.mark.parametrize(("today", "officer_kinds", "head_step"), [
    (D(2026, 1, 20), {"register", "sign", "vote"}, "Đôn đốc đăng ký thi đua (đã đăng ký 4/7) và ký giao ước (đã ký 4/7)"),
    (D(2026, 12, 7), {"self_assess", "vote"}, "Theo dõi tự chấm điểm (đã gửi 5/7 phiếu); rồi chuyển sang thẩm định"),
    (D(2026, 12, 20), {"explain", "vote"}, "Thẩm định phiếu tự chấm: 4 phiếu chờ thẩm định, 3 phiếu chờ khóa (đã khóa 0/7)"),
])
def test_the_demo_roles_have_work_on_the_day(s1_year, make_user, today, officer_kinds, head_step):
    """The unit's officer and leader (both cast its ballot), the head unit's staff."""
    from thidua.demo import s1_current

    period = s1_current.load(s1_year, today)
    units = s1_year["units"]
    officer = make_user("congan", (Role.UNIT_OFFICER, units["ca"]))
    head = make_user("tand", (Role.HEAD_STAFF, units["tand"]))
    officer_tasks = [t for t in tasks_for(officer, today) if t.label.endswith(f"năm {today.year}")]
    assert {t.kind for t in officer_tasks} == officer_kinds
    steps = [t for t in tasks_for(head, today) if t.kind == "step" and t.key.startswith(f"step:{period.pk}:")]
    assert [t.title for t in steps] == [head_step]
    leader = make_user("lanhdao-ca", (Role.LEADER, units["ca"]))
    votes = [t for t in tasks_for(leader, today) if t.label.endswith(f"năm {today.year}")]
    assert [(t.kind, t.title, t.deadline) for t in votes] == [
        ("vote", f"Bỏ phiếu: Bầu đơn vị Trưởng khối, Phó Trưởng khối năm {today.year + 1}", D(today.year + 1, 1, 8))]
    voted = make_user("lanhdao-tand", (Role.LEADER, units["tand"]))  # TAND tỉnh has voted: nothing waits
    assert not [t for t in tasks_for(voted, today) if t.kind == "vote"]
