"""An invented provincial block (not in the demo) with its 2019 year, shared by the minutes and form tests."""

import datetime as dt

import pytest

from thidua.clusters.domain.periods import add_members, create_period, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole
from thidua.demo import builders as b

HELD_ON = dt.date(2019, 12, 15)


@pytest.fixture
def block(db):
    """An invented provincial block (not in the demo): five members, the 2019 year with its head and deputy, and
    the 2020 head and deputy elected at the year-end conference of 15/12/2019."""
    organiser = b.organiser("ubnd-ha-tinh-thu", "Ủy ban nhân dân tỉnh Hà Tĩnh", "province", area_code="ha-tinh",
                            council_name="Hội đồng Thi đua - Khen thưởng tỉnh Hà Tĩnh")
    cluster = b.cluster("khoi-noi-chinh-ht", "Khối thi đua Nội chính tỉnh Hà Tĩnh", organiser, kind="khoi",
                        area_code="ha-tinh")
    units = {key: b.unit(f"ht-{key}", name, area_code="ha-tinh") for key, name in (
        ("ca", "Công an tỉnh Hà Tĩnh"), ("bchqs", "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh"),
        ("vks", "Viện kiểm sát nhân dân tỉnh Hà Tĩnh"), ("tand", "Tòa án nhân dân tỉnh Hà Tĩnh"),
        ("stp", "Sở Tư pháp tỉnh Hà Tĩnh"))}
    period = create_period(cluster, 2019)
    add_members(period, list(units.values()))
    set_leader(period, LeadershipRole.HEAD, units["ca"])
    set_leader(period, LeadershipRole.DEPUTY, units["vks"])
    next_year = create_period(cluster, 2020)
    add_members(next_year, list(units.values()))
    set_leader(next_year, LeadershipRole.HEAD, units["bchqs"], method=ChoiceMethod.ELECTION, decided_on=HELD_ON)
    set_leader(next_year, LeadershipRole.DEPUTY, units["tand"], method=ChoiceMethod.ELECTION, decided_on=HELD_ON)
    people = {
        "giam_doc": b.person(units["ca"], "Trần Văn Hùng", "male", "Giám đốc Công an tỉnh"),
        "pho_giam_doc": b.person(units["ca"], "Lê Thị Minh", "female", "Phó Giám đốc Công an tỉnh"),
        "chi_huy": b.person(units["bchqs"], "Phan Đình Sơn", "male", "Chỉ huy trưởng"),
        "vien_truong": b.person(units["vks"], "Hồ Thị Lan", "female", "Viện trưởng"),
        "nhan_vien": b.person(units["vks"], "Đặng Văn Tú", "male", "Kiểm sát viên", category="direct"),
    }
    people["giam_doc"].rank = "Đại tá"
    people["giam_doc"].save()
    people["chi_huy"].rank = "Thượng tá"
    people["chi_huy"].save()
    return {"organiser": organiser, "cluster": cluster, "units": units, "period": period, "people": people}


