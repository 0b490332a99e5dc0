"""The S1 block's 2024 year (head: THADS; seven members) and an account for each role."""

import pytest

from thidua.accounts.models import Role
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.dossiers.models import DeadlineRule


@pytest.fixture
def world(s1, make_user):
    units = s1["units"]
    period = EmulationPeriod.objects.get(cluster=s1["cluster"], year=2024)  # head: THADS; members: the seven
    return {
        **s1, "period": period,
        "officer": make_user("ca-officer", (Role.UNIT_OFFICER, units["ca"])),
        "leader": make_user("ca-leader", (Role.LEADER, units["ca"])),
        "head": make_user("thads-head", (Role.HEAD_STAFF, units["thads"])),
        "organiser": make_user("ubnd-staff", (Role.ORGANISER_STAFF, s1["organiser"])),
        "admin": make_user("admin", (Role.ADMIN, None)),
    }


@pytest.fixture
def dossier_world(world):
    world["organiser_obj"] = world["cluster"].organiser
    world["cluster"].periods.update(phase=Phase.CLOSED)  # the organiser's own steps aside
    world["period"].refresh_from_db()
    DeadlineRule.objects.create(case="cluster", organiser=world["organiser_obj"], label="Hồ sơ tổng kết cụm, khối",
                                month=12, day=10, source="Quyết định số 1/2024 của UBND tỉnh Lạng Sơn")
    return world
