import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.clusters.domain.periods import (
    add_members,
    create_period,
    issues_before_transition,
    remove_member,
    set_leader,
    transition_phase,
)
from thidua.clusters.enums import PHASE_ORDER, ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import LeadershipTerm
from thidua.core.models import Activity

pytestmark = pytest.mark.django_db


def test_s1_as_reported(s1):
    cluster, units = s1["cluster"], s1["units"]
    p2023 = cluster.periods.get(year=2023)
    p2024 = cluster.periods.get(year=2024)
    assert p2023.memberships.count() == 7 and p2024.memberships.count() == 7
    head = p2023.leadership_terms.get(role=LeadershipRole.HEAD)
    assert head.unit == units["tand"] and head.method == ChoiceMethod.ASSIGNMENT
    assert p2023.leadership_terms.get(role=LeadershipRole.DEPUTY).unit == units["thads"]
    assert p2024.leadership_terms.get(role=LeadershipRole.HEAD).unit == units["thads"]
    deputy = p2024.leadership_terms.get(role=LeadershipRole.DEPUTY)
    assert deputy.unit == units["cscd2"] and deputy.method == ChoiceMethod.ELECTION
    assert deputy.decided_on == dt.date(2024, 1, 9)
    assert units["cscd2"].kind == "outside_parent" and "Bộ Công an" in units["cscd2"].parent_outside


def test_s2_central_cluster_with_provinces_and_merger_history(s2):
    provinces = s2["provinces"]
    period = s2["cluster"].periods.get(year=2023)
    assert sorted(m.unit.short_name for m in period.memberships.select_related("unit")) == sorted(
        f"UBND tỉnh {n}" for n in ["Cao Bằng", "Lạng Sơn", "Hà Giang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La"])
    assert period.leadership_terms.get(role=LeadershipRole.HEAD).unit == provinces["lang-son"]
    assert s2["cluster"].periods.get(year=2024).leadership_terms.get(role="head").unit == provinces["lao-cai"]
    # Hà Giang stays as decided in 2023 and is linked to the Tuyên Quang of 1/7/2025
    hg = provinces["ha-giang"]
    assert hg.valid_to == dt.date(2025, 6, 30)
    assert hg.successions_out.get().successor.name == "Tỉnh Tuyên Quang"


def test_court_year_runs_october_to_september(db):
    from thidua.demo.scenarios import load_s3

    s3 = load_s3()
    period = s3["cluster"].periods.get(year=2022)
    assert (period.start_date, period.end_date) == (dt.date(2021, 10, 1), dt.date(2022, 9, 30))
    assert period.memberships.count() == 14
    assert period.leadership_terms.get(role="head").unit.name == "Tòa án nhân dân tỉnh Thanh Hóa"


def test_period_dates_must_be_in_order(s1):
    with pytest.raises(ValidationError, match="sau ngày bắt đầu"):
        create_period(s1["cluster"], 2030, dt.date(2030, 12, 31), dt.date(2030, 1, 1))
    with pytest.raises(ValidationError, match="đã có năm thi đua 2023"):
        create_period(s1["cluster"], 2023)


def test_head_must_be_a_member_and_one_role_per_unit(s1):
    cluster, units = s1["cluster"], s1["units"]
    period = create_period(cluster, 2025)
    with pytest.raises(ValidationError, match="không phải thành viên"):
        set_leader(period, LeadershipRole.HEAD, units["tand"])
    add_members(period, [units["tand"], units["vks"]])
    set_leader(period, LeadershipRole.HEAD, units["tand"])
    with pytest.raises(ValidationError, match="đã là khối trưởng"):  # S1 is a block (khối)
        set_leader(period, LeadershipRole.DEPUTY, units["tand"])
    # a new head replaces the old one, and the change is logged old → new
    set_leader(period, LeadershipRole.HEAD, units["vks"], ChoiceMethod.ELECTION)
    assert LeadershipTerm.objects.get(period=period, role="head").unit == units["vks"]
    entry = Activity.objects.filter(scope=cluster.scope).order_by("-id").first()
    assert entry.changes == [{"field": "Khối trưởng", "old": units["tand"].name, "new": units["vks"].name}]


def test_cannot_remove_the_head_from_the_members(s1):
    period = s1["cluster"].periods.get(year=2024)
    with pytest.raises(ValidationError, match="đang là khối trưởng, khối phó năm 2024"):
        remove_member(period, s1["units"]["thads"])
    remove_member(period, s1["units"]["vks"])
    assert period.memberships.count() == 6


def test_phase_transitions_follow_the_table_and_list_blockers(s1):
    period = create_period(s1["cluster"], 2026)
    assert issues_before_transition(period, Phase.REGISTRATION) == [
        "Năm thi đua chưa có thành viên.", "Năm thi đua chưa có đơn vị Khối trưởng."]
    with pytest.raises(ValidationError):
        transition_phase(period, Phase.REGISTRATION)
    add_members(period, [s1["units"]["tand"]])
    set_leader(period, LeadershipRole.HEAD, s1["units"]["tand"])
    assert "Không thể chuyển" in issues_before_transition(period, Phase.VOTING)[0]
    for phase in PHASE_ORDER[1:]:  # the apps' gates (registrations, covenant, criteria) stepped over with a reason
        period = transition_phase(period, phase, reason="Kiểm thử bảng chuyển giai đoạn")
    assert period.phase == Phase.CLOSED and period.phase_changed_at is not None
    with pytest.raises(ValidationError):
        transition_phase(period, Phase.VOTING)  # never out of closed
    with pytest.raises(ValidationError, match="đã kết thúc"):
        remove_member(period, s1["units"]["tand"])


def test_activity_log_is_append_only(s1):
    entry = Activity.objects.first()
    entry.summary = "sửa"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
