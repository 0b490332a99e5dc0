"""An invented province organiser with its block of two units, another organiser's cluster with a third unit, and
one user for every role that may or may not manage accounts."""

import datetime as dt

import pytest

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period
from thidua.demo import builders as b


@pytest.fixture
def block(db, make_user):
    year = dt.date.today().year
    org = b.organiser("ubnd-thu-nghiem", "Ủy ban nhân dân tỉnh Thử Nghiệm", "province", area_code="lang-son")
    other = b.organiser("nganh-thu-nghiem", "Bộ Thử Nghiệm", "sector")
    unit_a = b.unit("tn-a", "Sở Thử Nghiệm A", area_code="lang-son")
    unit_b = b.unit("tn-b", "Sở Thử Nghiệm B", area_code="lang-son")
    unit_c = b.unit("tn-c", "Cục Ngành Thử Nghiệm C")
    period = create_period(b.cluster("khoi-tn", "Khối thi đua Thử Nghiệm", org, kind="khoi"), year)
    add_members(period, [unit_a, unit_b])
    add_members(create_period(b.cluster("cum-nganh-tn", "Cụm thi đua Ngành Thử Nghiệm", other), year), [unit_c])
    person_a = b.person(unit_a, "Trần Thị Thử", "female", "Giám đốc")
    person_a2 = b.person(unit_a, "Lê Văn Nghiệm", "male", "Phó Giám đốc")
    person_b = b.person(unit_b, "Phạm Văn Bê", "male", "Giám đốc")
    target = make_user("lanhdao.a", (Role.LEADER, unit_a))
    target.person = person_a
    target.save()
    return {
        "org": org, "other": other, "a": unit_a, "b": unit_b, "c": unit_c,
        "person_a": person_a, "person_a2": person_a2, "person_b": person_b, "target": target,
        "admin": make_user("quantri", (Role.ADMIN, None)),
        "org_staff": make_user("snv.tn", (Role.ORGANISER_STAFF, org)),
        "other_staff": make_user("bo.tn", (Role.ORGANISER_STAFF, other)),
        "officer_a": make_user("canbo.a", (Role.UNIT_OFFICER, unit_a)),
        "officer_b": make_user("canbo.b", (Role.UNIT_OFFICER, unit_b)),
        "leader_a": make_user("lanhdao2.a", (Role.LEADER, unit_a)),
        "nobody": make_user("khong-vai-tro"),
        "anonymous": None,
    }
