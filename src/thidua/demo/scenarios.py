"""The three real clusters of shared/domain/scenarios.md, as reported: members, heads and deputies per year
(including those elected for the next year) and the periods with their dates. Facts the reports do not give
are left empty rather than invented; where a list had to be completed for the demo, the record says so."""

import datetime as dt
import random

from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core.bulk import fast_insert
from thidua.demo import builders as b
from thidua.orgs.domain.units import record_succession
from thidua.orgs.enums import SuccessionKind
from thidua.orgs.models import Person

D = dt.date
# The abbreviation each S1 body prints in its papers' numbers ("Số: 12/TTr-TA"). Each agency sets its own (Decree
# 30/2020/NĐ-CP leaves it to the head of the agency) and the report gives none: Minh họa, from the units' short
# names — except UBND, the abbreviation of "Ủy ban nhân dân" a province's decisions carry ("…/QĐ-UBND").
S1_ABBREVIATIONS = {"tand": "TA", "thads": "CTHADS", "bchqs": "BCH", "bdbp": "BĐBP", "ca": "CAT", "vks": "VKS",
                    "cscd2": "TĐCSCĐ2", "snv": "SNV", "organiser": "UBND"}
OUTSIDE_PARENT_CSCD = "Trung đoàn Cảnh sát cơ động Đông Bắc, Bộ Tư lệnh Cảnh sát cơ động - Bộ Công an"


def _period(cluster, year, start, end, members, head=None, deputy=None, head_method=ChoiceMethod.UNRECORDED,
            deputy_method=ChoiceMethod.UNRECORDED, decision_ref="", decided_on=None, close=True):
    """A year as reported: opened with its members and leaders on its first day (or the day they were chosen),
    closed as history on its last day — never the day the demo is loaded."""
    existing = EmulationPeriod.objects.filter(cluster=cluster, year=year).first()
    if existing:
        return existing
    opened = b.moment(start, 8)
    period = create_period(cluster, year, start, end, at=opened)
    add_members(period, members, at=opened)
    chosen = b.moment(decided_on, 17) if decided_on else opened
    if head:
        set_leader(period, LeadershipRole.HEAD, head, head_method, decision_ref, decided_on, at=chosen)
    if deputy:
        set_leader(period, LeadershipRole.DEPUTY, deputy, deputy_method, decision_ref, decided_on, at=chosen)
    if close and head:
        period = advance_to(period, Phase.CLOSED, reason=HISTORY_REASON, at=b.moment(end, 17))
    return period


# A year the reports give only as history (members, head, results) has none of the records its phases wait for
# (registrations, covenant, sheets): the demo steps over them with this reason, logged (clusters.domain.periods).
HISTORY_REASON = ("Nạp dữ liệu trình diễn: năm đã qua được ghi nhận làm lịch sử minh họa theo báo cáo, không diễn "
                  "ra trong hệ thống.")


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
    for key, obj in units.items():
        if not obj.doc_abbreviation:
            obj.doc_abbreviation = S1_ABBREVIATIONS[key]
            obj.save(update_fields=["doc_abbreviation"])
    organiser = b.organiser("ubnd-lang-son", "Ủy ban nhân dân tỉnh Lạng Sơn", "province", short_name="UBND tỉnh Lạng Sơn",
                            area_code=ls, council_name="Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn",
                            doc_abbreviation=S1_ABBREVIATIONS["organiser"])
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
    if with_year:
        from thidua.demo import s1_awards

        s1_awards.load(units)
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
                   "Suy tôn tại Hội nghị tổng kết năm 2023 của Cụm, ngày 05/3/2024", D(2024, 3, 5),
                   at=b.moment(D(2024, 3, 5), 11))
    _s2_conference(cluster, p)
    return {"cluster": cluster, "organiser": central, "provinces": p}


def _s2_conference(cluster, p: dict) -> None:
    """The year-end conference of 5/3/2024 as reported, the 2024 launch and the 2024 covenant signed by all.
    Idempotent. The report names no signatories besides the two chairs: the others sign as the province."""
    from thidua.meetings.domain.conferences import record_conference
    from thidua.meetings.enums import ConferenceKind, DecisionKind
    from thidua.movements.domain import covenants
    from thidua.movements.enums import CovenantState, MovementKind, MovementLevel
    from thidua.movements.models import Covenant
    from thidua.orgs.models import Unit

    p2023, p2024 = cluster.periods.get(year=2023), cluster.periods.get(year=2024)
    launch = ("Quyết tâm thực hiện có hiệu quả 5 phong trào thi đua do Thủ tướng Chính phủ phát động; đẩy mạnh và đổi "
              "mới hoạt động các phong trào thi đua thường xuyên, chuyên đề trên các lĩnh vực, phấn đấu thực hiện thắng "
              "lợi các mục tiêu, chỉ tiêu, nhiệm vụ năm 2024 và kế hoạch 5 năm (2021 - 2025) của các tỉnh trong Cụm thi "
              "đua; nâng cao chất lượng khen thưởng, quan tâm khen thưởng tập thể nhỏ, người lao động trực tiếp, các tập "
              "thể và cá nhân ở cơ sở, vùng sâu, vùng xa, biên giới, vùng đồng bào dân tộc thiểu số.")
    if not p2023.conferences.exists():
        record_conference(
            p2023, ConferenceKind.YEAR_END,
            "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023, triển khai nhiệm vụ năm 2024 Cụm Thi đua 7 "
            "tỉnh miền núi biên giới phía Bắc", D(2024, 3, 5), at=b.moment(D(2024, 3, 5), 17), place="Tỉnh Lạng Sơn",
            host=p["lang-son"],
            basis="Văn bản được nêu tại hội nghị: Luật Thi đua, khen thưởng (năm 2022); Chỉ thị số 34-CT/TW của Bộ "
                  "Chính trị; Quyết định số 1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ (Đề án “Tuyên truyền "
                  "gương điển hình tiên tiến” giai đoạn 2022 - 2025).",
            chairs=[
                {"name": "Hồ Tiến Thiệu", "title": "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lạng Sơn",
                 "unit": p["lang-son"], "cluster_role": "Đơn vị Cụm trưởng"},
                {"name": "Trịnh Xuân Trường", "title": "Chủ tịch UBND tỉnh Lào Cai", "unit": p["lao-cai"],
                 "cluster_role": "Đơn vị Cụm phó"},
            ],
            attending_units=list(Unit.objects.filter(memberships__period=p2023)),
            guests=[
                {"name": "Phạm Đức Toàn", "organisation": "Ban Thi đua - Khen thưởng Trung ương",
                 "title": "Ủy viên Hội đồng Thi đua - Khen thưởng Trung ương, Phó Trưởng ban Ban Thi đua - Khen "
                          "thưởng Trung ương"},
                {"organisation": "Ban Thi đua - Khen thưởng Trung ương",
                 "title": "Lãnh đạo Phòng I, Phòng III, Phòng Tổ chức Cán bộ, Văn phòng Ban"},
                {"organisation": "Văn phòng UBND tỉnh, Sở Nội vụ, Ban (Phòng) Thi đua - Khen thưởng các tỉnh trong "
                                 "Cụm thi đua", "title": "Lãnh đạo và công chức"},
            ],
            decisions=[
                {"kind": DecisionKind.NOMINATION, "text": "Thống nhất đề nghị tặng thưởng Cờ thi đua của Chính phủ "
                                                          "cho tỉnh Lạng Sơn."},
                {"kind": DecisionKind.NOMINATION, "text": "Thống nhất đề nghị tặng Bằng khen của Thủ tướng Chính phủ "
                                                          "cho tỉnh Hà Giang."},
                {"kind": DecisionKind.NEXT_LEADERS, "text": "Suy tôn tỉnh Lào Cai là đơn vị Cụm trưởng Cụm thi đua "
                                                            "năm 2024."},
                {"kind": DecisionKind.MOVEMENT, "text": "Phát động thi đua năm 2024 với tinh thần “càng khó khăn thì "
                                                        "càng phải thi đua”: " + launch},
                {"kind": DecisionKind.COVENANT, "text": "Các tỉnh trong Cụm ký kết giao ước thi đua năm 2024."},
                {"kind": DecisionKind.OTHER, "text": "Nhân dịp này, 7 tập thể và 7 cá nhân được nhận Bằng khen của Chủ "
                                                     "tịch UBND tỉnh Lạng Sơn vì đã có thành tích xuất sắc, tiêu biểu "
                                                     "trong thực hiện phong trào thi đua năm 2023."},
            ])
    name = "Phát động thi đua năm 2024 của Cụm thi đua các tỉnh miền núi biên giới phía Bắc"
    if not p2024.movements.filter(name=name).exists():
        covenants.create_movement([p2024], name, motto="Càng khó khăn thì càng phải thi đua",
                                  kind=MovementKind.REGULAR, level=MovementLevel.CLUSTER,
                                  launched_by="Cụm thi đua các tỉnh miền núi biên giới phía Bắc",
                                  decision_ref="Phát động tại Hội nghị tổng kết ngày 05/3/2024",
                                  launched_on=D(2024, 3, 5), description=launch, at=b.moment(D(2024, 3, 5), 8))
    covenant = Covenant.objects.filter(period=p2024).first()
    if covenant is None:
        covenant = covenants.draft_covenant(
            p2024, "Giao ước thi đua năm 2024 của Cụm thi đua các tỉnh miền núi biên giới phía Bắc", [launch],
            preamble="Báo cáo nêu việc các tỉnh trong Cụm ký kết giao ước thi đua năm 2024 tại hội nghị ngày "
                     "05/3/2024; nội dung dưới đây là nội dung phát động thi đua năm 2024 nêu trong báo cáo.",
            place="Tỉnh Lạng Sơn", at=b.moment(D(2024, 3, 5), 8))
    if covenant.state == CovenantState.DRAFT:
        covenants.open_for_signing(covenant, at=b.moment(D(2024, 3, 5), 8))
    chairs = {"lang-son": ("Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh Lạng Sơn"),
              "lao-cai": ("Trịnh Xuân Trường", "Chủ tịch UBND tỉnh Lào Cai")}
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    for key in ("cao-bang", "lang-son", "ha-giang", "lao-cai", "dien-bien", "lai-chau", "son-la"):
        if p[key].pk not in signed:
            province_name = p[key].name[:1].lower() + p[key].name[1:]  # "tỉnh Cao Bằng"
            name_, title = chairs.get(key, (f"Đại diện lãnh đạo UBND {province_name}", f"Lãnh đạo UBND {province_name}"))
            covenants.sign(covenant, p[key], name_, title, D(2024, 3, 5), at=b.moment(D(2024, 3, 5), 11))


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
    _s3_conference(cluster, courts)
    return {"cluster": cluster, "organiser": supreme, "courts": courts}


def _s3_conference(cluster, courts: list) -> None:
    """The year-end conference of the morning of 14/10/2022, the sector's movement, and the 2023 covenant signed
    there (court year 2023: 1/10/2022–30/9/2023; its head is not reported). The ballot itself is recorded as a
    decision; the report names no signatories, so each court signs as its leadership. Idempotent."""
    from thidua.meetings.domain.conferences import record_conference
    from thidua.meetings.enums import ConferenceKind, DecisionKind
    from thidua.movements.domain import covenants
    from thidua.movements.enums import CovenantState, MovementKind, MovementLevel
    from thidua.movements.models import Covenant, Movement

    p2022 = cluster.periods.get(year=2022)
    p2023 = _period(cluster, 2023, D(2022, 10, 1), D(2023, 9, 30), courts, close=False)
    name = "Phụng công, thủ pháp, chí công, vô tư"
    movement = Movement.objects.filter(name=name, periods=p2022).first()
    if movement is None:
        movement = covenants.create_movement(
            [p2022, p2023], name, motto="Gần dân, hiểu dân, giúp dân, học dân", kind=MovementKind.REGULAR,
            level=MovementLevel.SECTOR, launched_by="Tòa án nhân dân",
            description="Gắn với thực hiện Chỉ thị số 05 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo "
                        "đức, phong cách Hồ Chí Minh và thực hiện Nghị quyết Trung ương 4 (khóa XI, khóa XII, XIII) "
                        "của Đảng.", at=b.moment(D(2022, 10, 14), 7))
    if not p2022.conferences.exists():
        record_conference(
            p2022, ConferenceKind.YEAR_END,
            "Hội nghị tổng kết công tác thi đua khen thưởng năm 2022 của Cụm thi đua số 1 - TAND các tỉnh, thành phố "
            "đồng bằng và trung du Bắc Bộ", D(2022, 10, 14), at=b.moment(D(2022, 10, 14), 12),
            time_of_day="Buổi sáng", host=courts[0],
            attending_units=courts,
            guests=[
                {"name": "Nguyễn Văn Du", "title": "Ủy viên Ban Cán sự Đảng, Phó Chánh án TAND tối cao",
                 "organisation": "Tòa án nhân dân tối cao"},
                {"name": "Nguyễn Ngọc Tiến", "title": "Ủy viên Ban Thường vụ, Trưởng ban Nội chính Tỉnh ủy, Trưởng "
                                                      "Ban Pháp chế HĐND tỉnh", "organisation": "Tỉnh Thanh Hóa"},
                {"name": "Nguyễn Quang Hải", "title": "Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh",
                 "organisation": "Tỉnh Thanh Hóa"},
            ],
            decisions=[
                {"kind": DecisionKind.PLAN, "text": f"Tiếp tục đẩy mạnh phong trào thi đua “{name}” với phương châm "
                                                    f"“{movement.motto}” gắn với thực hiện Chỉ thị số 05 của Bộ Chính "
                                                    "trị."},
                {"kind": DecisionKind.COVENANT, "text": "Các đơn vị ký kết giao ước thi đua năm 2023."},
                {"kind": DecisionKind.NOMINATION, "text": "Bỏ phiếu kín suy tôn Cờ thi đua của Chính phủ đối với TAND "
                                                          "cấp tỉnh và TAND cấp huyện (hai nội dung suy tôn trong một "
                                                          "lần bỏ phiếu)."},
            ],
            minutes="Đồng chí Nguyễn Văn Du, Phó Chánh án TAND tối cao phát biểu chỉ đạo hội nghị, đề nghị tiếp tục "
                    "đẩy nhanh tiến độ giải quyết các loại án, triển khai hiệu quả Luật Hòa giải, đối thoại tại tòa "
                    "án, tổ chức xét xử phiên tòa trực tuyến, thi đua thực hiện văn hóa công sở.")
    covenant = Covenant.objects.filter(period=p2023).first()
    if covenant is None:
        covenant = covenants.draft_covenant(
            p2023, "Giao ước thi đua năm 2023 của Cụm thi đua số 1 - TAND các tỉnh, thành phố đồng bằng và trung du "
                   "Bắc Bộ",
            [f"Tiếp tục đẩy mạnh phong trào thi đua “{name}” với phương châm “{movement.motto}” gắn với thực hiện "
             "Chỉ thị số 05 của Bộ Chính trị.",
             "Đẩy nhanh tiến độ giải quyết các loại án, bảo đảm đúng hạn luật định; triển khai hiệu quả Luật Hòa giải, "
             "đối thoại tại tòa án; tổ chức xét xử phiên tòa trực tuyến.",
             "Thi đua thực hiện văn hóa công sở; phát hiện, bồi dưỡng, nhân rộng mô hình, tấm gương điển hình tiên "
             "tiến."],
            preamble="Báo cáo nêu việc ký kết giao ước thi đua năm 2023 tại hội nghị ngày 14/10/2022, không nêu nội "
                     "dung; các nội dung dưới đây lấy từ nhiệm vụ năm 2023 nêu tại hội nghị.",
            at=b.moment(D(2022, 10, 14), 7))
    if covenant.state == CovenantState.DRAFT:
        covenants.open_for_signing(covenant, at=b.moment(D(2022, 10, 14), 7, 30))
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    for court in courts:
        if court.pk not in signed:
            covenants.sign(covenant, court, f"Đại diện lãnh đạo {court.name}", f"Lãnh đạo {court.short_name or court.name}",
                           D(2022, 10, 14), at=b.moment(D(2022, 10, 14), 10))


def _fill_people(units: dict, sizes: dict, seed: int) -> None:
    rng = random.Random(seed)
    rows = []
    for key, size in sizes.items():
        unit = units[key]
        have = unit.people.count()
        if have < size:
            rows.extend(b.people_rows(unit, size - have, rng, start=have))
    fast_insert(Person, rows)


def load_all(today: dt.date | None = None) -> dict:
    """The three clusters, and S1's year in progress on `today` (thidua.demo.s1_current; today's date by default)."""
    from thidua.demo import s1_current

    s1 = load_s1()
    s1["current"] = s1_current.load(s1, today)
    return {"s1": s1, "s2": load_s2(), "s3": load_s3()}
