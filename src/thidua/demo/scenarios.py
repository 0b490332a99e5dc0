"""The three real clusters of shared/domain/scenarios.md, as reported: members, heads and deputies per year
(including those elected for the next year) and the periods with their dates. Facts the reports do not give
are left empty rather than invented; where a list had to be completed for the demo, the record says so."""

import datetime as dt
import random

from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo import builders as b
from thidua.orgs.domain.units import record_succession
from thidua.orgs.enums import SuccessionKind
from thidua.orgs.models import Person

D = dt.date
OUTSIDE_PARENT_CSCD = "Trung đoàn Cảnh sát cơ động Đông Bắc, Bộ Tư lệnh Cảnh sát cơ động - Bộ Công an"


def _period(cluster, year, start, end, members, head=None, deputy=None, head_method=ChoiceMethod.UNRECORDED,
            deputy_method=ChoiceMethod.UNRECORDED, decision_ref="", decided_on=None, close=True):
    existing = EmulationPeriod.objects.filter(cluster=cluster, year=year).first()
    if existing:
        return existing
    period = create_period(cluster, year, start, end)
    add_members(period, members)
    if head:
        set_leader(period, LeadershipRole.HEAD, head, head_method, decision_ref, decided_on)
    if deputy:
        set_leader(period, LeadershipRole.DEPUTY, deputy, deputy_method, decision_ref, decided_on)
    if close and head:
        period = advance_to(period, Phase.CLOSED)
    return period


def load_s1(with_year: bool = True) -> dict:
    """S1 — Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn, 2023, and the head and deputy elected for 2024.
    With `with_year`, the 2023 year is run through the system (covenant, scoring, conference)."""
    ls = "lang-son"
    units = {
        "tand": b.unit("ls-tand", "Tòa án nhân dân tỉnh Lạng Sơn", "TAND tỉnh", sector_code="toa-an", area_code=ls),
        "thads": b.unit("ls-thads", "Cục Thi hành án dân sự tỉnh Lạng Sơn", "Cục THADS tỉnh", sector_code="thads",
                        area_code=ls),
        "bchqs": b.unit("ls-bchqs", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn", "Bộ CHQS tỉnh", sector_code="quan-su",
                        area_code=ls),
        "bdbp": b.unit("ls-bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "Bộ CH BĐBP tỉnh",
                       sector_code="bien-phong", area_code=ls),
        "ca": b.unit("ls-ca", "Công an tỉnh Lạng Sơn", "Công an tỉnh", sector_code="cong-an", area_code=ls),
        "vks": b.unit("ls-vks", "Viện kiểm sát nhân dân tỉnh Lạng Sơn", "VKSND tỉnh", sector_code="kiem-sat",
                      area_code=ls),
        "cscd2": b.unit("ls-cscd2", "Tiểu đoàn Cảnh sát cơ động số 2", "Tiểu đoàn CSCĐ số 2", kind="outside_parent",
                        sector_code="cong-an", area_code=ls, parent_outside=OUTSIDE_PARENT_CSCD),
    }
    units["snv"] = b.unit("ls-snv", "Sở Nội vụ tỉnh Lạng Sơn", "Sở Nội vụ", sector_code="noi-vu", area_code=ls)
    organiser = b.organiser("ubnd-lang-son", "Ủy ban nhân dân tỉnh Lạng Sơn", "province", short_name="UBND tỉnh Lạng Sơn",
                            area_code=ls, council_name="Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn")
    cluster = b.cluster(
        "ls-noi-chinh", "Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn", organiser, kind="khoi",
        short_name="Cụm thi đua các cơ quan Nội chính tỉnh", area_code=ls,
        description="Tòa án, Viện kiểm sát, Công an, Quân sự, Biên phòng, Thi hành án dân sự của tỉnh và "
                    "Tiểu đoàn Cảnh sát cơ động số 2 đóng quân trên địa bàn.",
    )
    members = [units[k] for k in ("tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2")]
    _period(cluster, 2023, D(2023, 1, 1), D(2023, 12, 31), members, units["tand"], units["thads"],
            ChoiceMethod.ASSIGNMENT, ChoiceMethod.ASSIGNMENT, decision_ref="Theo phân công", close=False)
    if not with_year:
        # As reported; with the year run through the system, the 2024 period comes out of the vote instead.
        _period(cluster, 2024, D(2024, 1, 1), D(2024, 12, 31), members, units["thads"], units["cscd2"],
                ChoiceMethod.ELECTION, ChoiceMethod.ELECTION,
                decision_ref="Bầu tại Hội nghị tổng kết năm 2023 của Cụm, ngày 09/01/2024", decided_on=D(2024, 1, 9),
                close=False)
    b.person(units["tand"], "Chu Lệ Hường", "female", "Chánh án TAND tỉnh, Trưởng Cụm thi đua")
    b.person(units["thads"], "Lê Văn Cường", "male", "Phó Cục trưởng Cục THADS tỉnh, Phó Trưởng Cụm thi đua")
    sizes = {"tand": 120, "thads": 130, "bchqs": 600, "bdbp": 700, "ca": 1500, "vks": 110, "cscd2": 400, "snv": 60}
    _fill_people(units, sizes, seed=2023)
    result = {"cluster": cluster, "organiser": organiser, "units": units}
    if with_year and cluster.periods.get(year=2023).phase == Phase.SETUP:
        from thidua.demo.s1_year import replay_2023

        result["year_2023"] = replay_2023(result)
    return result


def load_s2() -> dict:
    """S2 — Cụm thi đua các tỉnh miền núi biên giới phía Bắc (Central council), 2023, and the 2024 head."""
    central = b.organiser("hd-tdkt-tw", "Hội đồng Thi đua - Khen thưởng Trung ương", "central",
                          short_name="HĐ TĐKT Trung ương",
                          council_name="Hội đồng Thi đua - Khen thưởng Trung ương")
    b.unit("ban-tdkt-tw", "Ban Thi đua - Khen thưởng Trung ương", "Ban TĐKT TW", sector_code="noi-vu")

    def province(code, name, valid_to=None, valid_from=None, area_code=None):
        return b.unit(f"tinh-{code}", f"Tỉnh {name}", f"UBND tỉnh {name}", kind="province",
                      sector_code="chinh-quyen", area_code=area_code or code, valid_from=valid_from,
                      valid_to=valid_to)

    last_day, merge_day = D(2025, 6, 30), D(2025, 7, 1)
    p = {
        "cao-bang": province("cao-bang", "Cao Bằng"), "lang-son": province("lang-son", "Lạng Sơn"),
        "ha-giang": province("ha-giang", "Hà Giang", valid_to=last_day),
        "lao-cai": province("lao-cai", "Lào Cai", valid_to=last_day),
        "dien-bien": province("dien-bien", "Điện Biên"), "lai-chau": province("lai-chau", "Lai Châu"),
        "son-la": province("son-la", "Sơn La"),
        "yen-bai": province("yen-bai", "Yên Bái", valid_to=last_day),
        "tuyen-quang": province("tuyen-quang", "Tuyên Quang", valid_to=last_day),
    }
    new_tq = province("tuyen-quang-2025", "Tuyên Quang", valid_from=merge_day)
    new_lc = province("lao-cai-2025", "Lào Cai", valid_from=merge_day)
    resolution = "Nghị quyết 202/2025/QH15"
    for old, new in (("ha-giang", new_tq), ("tuyen-quang", new_tq), ("lao-cai", new_lc), ("yen-bai", new_lc)):
        if not p[old].successions_out.exists():
            record_succession(p[old], new, SuccessionKind.MERGE, merge_day, resolution)
    cluster = b.cluster("tw-mien-nui-bien-gioi-bac", "Cụm thi đua các tỉnh miền núi biên giới phía Bắc", central,
                        short_name="Cụm 7 tỉnh miền núi biên giới phía Bắc")
    members = [p[k] for k in ("cao-bang", "lang-son", "ha-giang", "lao-cai", "dien-bien", "lai-chau", "son-la")]
    _period(cluster, 2023, D(2023, 1, 1), D(2023, 12, 31), members, p["lang-son"], p["lao-cai"])
    # Lào Cai was chosen (suy tôn) as head for 2024 at the conference of 5/3/2024; the 2024 deputy is not reported.
    period = _period(cluster, 2024, D(2024, 1, 1), D(2024, 12, 31), members, close=False)
    if not period.leadership_terms.exists():
        set_leader(period, LeadershipRole.HEAD, p["lao-cai"], ChoiceMethod.ELECTION,
                   "Suy tôn tại Hội nghị tổng kết năm 2023 của Cụm, ngày 05/3/2024", D(2024, 3, 5))
    return {"cluster": cluster, "organiser": central, "provinces": p}


# The report names the head (Thanh Hóa) and the count (14); the other 13 are the delta and midland provinces
# as listed here for the demo, which the cluster record marks as not confirmed by the report.
S3_PROVINCES = ["thanh-hoa", "bac-ninh", "bac-giang", "hai-duong", "hung-yen", "thai-binh", "nam-dinh", "ha-nam",
                "ninh-binh", "vinh-phuc", "phu-tho", "thai-nguyen", "hai-phong", "quang-ninh"]


def load_s3() -> dict:
    """S3 — Cụm thi đua số 1, TAND các tỉnh đồng bằng và trung du Bắc Bộ, court year 2022 (1/10/2021–30/9/2022)."""
    supreme = b.organiser("tandtc", "Tòa án nhân dân tối cao", "sector", short_name="TANDTC", sector_code="toa-an",
                          council_name="Hội đồng Thi đua - Khen thưởng Tòa án nhân dân")
    from thidua.orgs.models import Area

    areas = {a.code: a for a in Area.objects.filter(code__in=S3_PROVINCES)}
    courts = []
    for code in S3_PROVINCES:
        area_name = areas[code].name
        label = "thành phố" if areas[code].kind == "city" else "tỉnh"
        courts.append(b.unit(f"tand-{code}", f"Tòa án nhân dân {label} {area_name}", f"TAND {label} {area_name}",
                             kind="sector_branch", sector_code="toa-an", area_code=code))
    cluster = b.cluster(
        "tandtc-cum-1", "Cụm thi đua số 1 - Tòa án nhân dân các tỉnh, thành phố đồng bằng và trung du Bắc Bộ",
        supreme, short_name="Cụm thi đua số 1 (TAND)",
        description="14 Tòa án nhân dân cấp tỉnh. Báo cáo nêu số lượng 14 và đơn vị trưởng cụm (TAND tỉnh Thanh Hóa); "
                    "danh sách 13 thành viên còn lại trong bản trình diễn là minh họa, chưa đối chiếu văn bản.",
    )
    _period(cluster, 2022, D(2021, 10, 1), D(2022, 9, 30), courts, courts[0])
    return {"cluster": cluster, "organiser": supreme, "courts": courts}


def _fill_people(units: dict, sizes: dict, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for key, size in sizes.items():
        unit = units[key]
        have = unit.people.count()
        if have < size:
            rows.extend(b.people_rows(unit, size - have, rng))
    Person.objects.bulk_create(rows, batch_size=2000)


def load_all() -> dict:
    return {"s1": load_s1(), "s2": load_s2(), "s3": load_s3()}
