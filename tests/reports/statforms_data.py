"""A province, another province and a ministry invented for the statistical forms' tests, with awards of every
level in and around the report period 2024 (1/12/2023 – 30/11/2024 under Circular 02/2023/TT-BNV), a cluster year
and two movements."""

import datetime as dt

from thidua.awards.models import Award, AwardRecord
from thidua.clusters.domain.periods import create_period
from thidua.demo import builders as b
from thidua.movements.models import Movement
from thidua.orgs.models import Area, Organiser, Sector


def _record(code, subject, unit, day, *, person=None, level=None, award_type="merit", direct=False, year=2024):
    award = Award.objects.get(code=code)
    return AwardRecord(award=award, subject=subject, unit=unit, person=person,
                       recipient_name=person.full_name if person else unit.name, year=year,
                       level=level or award.level, award_type=award_type, direct_worker=direct,
                       decision_number="1/QĐ", decision_date=day, signed_by="Chủ tịch")


def invent(prefix: str = "tk") -> dict:
    area = Area.objects.create(code=f"{prefix}-tinh-a", name=f"Tỉnh Thử {prefix.upper()}", kind="province")
    other = Area.objects.create(code=f"{prefix}-tinh-b", name=f"Tỉnh Khác {prefix.upper()}", kind="province")
    sector = Sector.objects.create(code=f"{prefix}-nganh", name=f"Ngành Thử {prefix.upper()}")
    province = Organiser.objects.create(code=f"{prefix}-ubnd-a", name=f"UBND tỉnh Thử {prefix.upper()}",
                                        kind="province", area=area)
    ministry = Organiser.objects.create(code=f"{prefix}-bo", name=f"Bộ Thử {prefix.upper()}", kind="sector",
                                        sector=sector)
    a1 = b.unit(f"{prefix}-a1", f"Sở Một {prefix}", area_code=area.code)
    a2 = b.unit(f"{prefix}-a2", f"Sở Hai {prefix}", area_code=area.code)
    ub = b.unit(f"{prefix}-b1", f"Sở Khác {prefix}", area_code=other.code)
    us = b.unit(f"{prefix}-s1", f"Cục Thử {prefix}", kind="sector_branch", sector_code=sector.code)
    person = b.person(a1, f"Nguyễn Văn Thử {prefix}", "male", "Chuyên viên", category="direct")
    d = dt.date
    AwardRecord.objects.bulk_create([
        # central (0602)
        _record("hcld-3", "collective", a1, d(2024, 3, 1)),
        _record("hcld-3", "individual", a1, d(2024, 5, 1), person=person, direct=True),
        _record("bk-ttg", "collective", a2, d(2023, 12, 1), award_type="ad_hoc"),       # the period's first day
        _record("cstd-tq", "individual", a1, d(2024, 11, 30), person=person),           # the cut-off day
        # local (0603)
        *[_record("bk-tinh", "collective", a1, d(2024, 4, 1)) for _ in range(3)],
        *[_record("bk-tinh", "individual", a1, d(2024, 4, 2), person=person, direct=True) for _ in range(2)],
        _record("bk-tinh", "household", a1, d(2024, 6, 1)),
        _record("cstd-tinh", "individual", a1, d(2024, 7, 1), person=person),
        _record("co-tinh", "collective", a2, d(2024, 8, 1)),
        # outside the period
        _record("bk-tinh", "collective", a1, d(2024, 12, 1)),
        _record("hcld-3", "collective", a1, d(2023, 11, 30)),
        # another province, and a ministry's unit of no province
        _record("hcld-3", "collective", ub, d(2024, 3, 1)),
        _record("bk-ttg", "collective", us, d(2024, 4, 1)),
    ])
    cluster = b.cluster(f"{prefix}-cum", f"Cụm thi đua Thử {prefix}", province)
    period = create_period(cluster, 2024, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    thematic = Movement.objects.create(name=f"Phong trào chuyên đề {prefix}", kind="thematic", level="province",
                                       start_date=d(2024, 3, 1), end_date=d(2024, 9, 30))
    national = Movement.objects.create(name=f"Phong trào toàn quốc {prefix}", kind="regular", level="pm",
                                       start_date=d(2021, 1, 1), end_date=d(2025, 12, 31))
    thematic.periods.add(period)
    national.periods.add(period)
    return {"area": area, "province": province, "ministry": ministry, "a1": a1, "a2": a2, "ub": ub, "us": us,
            "person": person, "cluster": cluster, "period": period}
