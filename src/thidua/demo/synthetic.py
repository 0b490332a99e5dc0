"""A synthetic province for the demo: about 30 clusters and blocks, 300 member units and 20.000 people, with
three years of periods and rotating heads. Every record says it is illustrative."""

import datetime as dt
import random

from django.db.models import Count

from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo import builders as b
from thidua.dossiers.models import DeadlineRule
from thidua.orgs.models import Person

AREA = "bac-ninh-2025"
PROVINCE = "Bắc Ninh"
NOTE = "Dữ liệu minh họa (tỉnh tổng hợp cho bản trình diễn)."
# Its years have none of the records their phases wait for (registrations, covenant, sheets): stepped over, logged.
HISTORY_REASON = "Nạp dữ liệu trình diễn: tỉnh tổng hợp, các năm thi đua là dữ liệu minh họa, không diễn ra trong hệ thống."

BLOCKS = [
    ("khoi", "Khối các sở, ngành kinh tế - tổng hợp", "tai-chinh", "Sở"),
    ("khoi", "Khối các sở, ngành văn hóa - xã hội", "van-hoa", "Sở"),
    ("khoi", "Khối các cơ quan Nội chính", "cong-an", "Cơ quan"),
    ("khoi", "Khối các cơ quan Đảng, đoàn thể", "dang-doan-the", "Ban"),
    ("khoi", "Khối các đơn vị sự nghiệp", "giao-duc", "Trung tâm"),
    ("khoi", "Khối các cơ quan Trung ương đóng trên địa bàn", "khac", "Chi cục"),
    ("khoi", "Khối doanh nghiệp nhà nước", "doanh-nghiep", "Công ty"),
    ("khoi", "Khối các trường đại học, cao đẳng", "giao-duc", "Trường"),
    ("khoi", "Khối các bệnh viện tuyến tỉnh", "y-te", "Bệnh viện"),
    ("khoi", "Khối các ban quản lý dự án", "xay-dung", "Ban quản lý"),
]
UNIT_WORDS = ["Bắc", "Nam", "Đông", "Tây", "Trung tâm", "Thuận Thành", "Quế Võ", "Tiên Du", "Yên Phong",
              "Gia Bình", "Lương Tài", "Từ Sơn", "Việt Yên", "Lạng Giang", "Hiệp Hòa", "Tân Yên", "Lục Nam"]
YEARS = (2024, 2025, 2026)


def _cluster_specs(count: int = 30):
    specs = []
    for i in range(count):
        if i < len(BLOCKS):
            kind, name, sector, prefix = BLOCKS[i]
        else:
            kind, name, sector, prefix = "cum", f"Cụm thi đua các xã, phường số {i - len(BLOCKS) + 1}", "chinh-quyen", "UBND"
        specs.append((i + 1, kind, name, sector, prefix))
    return specs


def load(clusters: int = 30, units_per_cluster: int = 10, people: int = 20_000, seed: int = 7) -> dict:
    rng = random.Random(seed)
    organiser = b.organiser("ubnd-bac-ninh", f"Ủy ban nhân dân tỉnh {PROVINCE}", "province",
                            short_name=f"UBND tỉnh {PROVINCE}", area_code=AREA,
                            council_name=f"Hội đồng Thi đua - Khen thưởng tỉnh {PROVINCE}")
    # The province's own deadline for its clusters' year-end dossiers (a cluster's deadline is never borrowed).
    DeadlineRule.objects.get_or_create(
        case="cluster", organiser=organiser,
        defaults={"label": "Hồ sơ tổng kết của cụm, khối gửi Sở Nội vụ", "month": 12, "day": 10,
                  "source": "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh"})
    all_units, made = [], []
    for number, kind, name, sector, prefix in _cluster_specs(clusters):
        cluster = b.cluster(f"bn-{number:02d}", f"{name} tỉnh {PROVINCE}", organiser, kind=kind, area_code=AREA,
                            regulation_doc=f"Quy chế hoạt động số {number}/QC-{kind.upper()} ngày 15/01/2024",
                            description=NOTE)
        members = []
        for j in range(units_per_cluster):
            place = UNIT_WORDS[(number * 7 + j) % len(UNIT_WORDS)]
            if kind == "cum":
                unit_name = f"Ủy ban nhân dân {'phường' if j % 3 == 0 else 'xã'} {place} {number}-{j + 1}"
                unit_kind = "agency"
            else:
                unit_name = f"{prefix} {name.split(' các ')[-1].split(' - ')[0]} số {j + 1} ({place})"
                unit_kind = "outside_parent" if "Trung ương" in name else "agency"
            members.append(b.unit(f"bn-{number:02d}-{j + 1:02d}", unit_name, kind=unit_kind, sector_code=sector,
                                  area_code=AREA))
        all_units.extend(members)
        for index, year in enumerate(YEARS):
            if EmulationPeriod.objects.filter(cluster=cluster, year=year).exists():
                continue
            period = create_period(cluster, year)
            add_members(period, members)
            head, deputy = members[index % len(members)], members[(index + 1) % len(members)]
            ref = f"Biên bản hội nghị tổng kết năm {year - 1}"
            set_leader(period, LeadershipRole.HEAD, head, ChoiceMethod.ELECTION, ref, dt.date(year, 1, 15))
            set_leader(period, LeadershipRole.DEPUTY, deputy, ChoiceMethod.ELECTION, ref, dt.date(year, 1, 15))
            target = Phase.CLOSED if year < YEARS[-1] else Phase.IN_PROGRESS
            advance_to(period, target, reason=HISTORY_REASON)
        made.append(cluster)
    # Each unit filled up to its share; a second load adds nothing (it used to add a second batch whose staff
    # codes collided with the first).
    have = dict(Person.objects.filter(unit__in=all_units).order_by().values("unit_id").annotate(n=Count("id"))
                .values_list("unit_id", "n"))
    per_unit = max(1, people // max(1, len(all_units)))
    rows = []
    for unit in all_units:
        if have.get(unit.pk, 0) < per_unit:
            rows.extend(b.people_rows(unit, per_unit - have.get(unit.pk, 0), rng, start=have.get(unit.pk, 0)))
    Person.objects.bulk_create(rows, batch_size=5000)
    return {"organiser": organiser, "clusters": made, "units": all_units}
