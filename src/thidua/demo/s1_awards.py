"""S1's award records for 2023, so that the cluster's figures come out of the registry as reported:
1.003 lượt tập thể, 3.427 lượt cá nhân, 89,4% of individual commendations to direct workers.

The report gives only these totals. Which titles and forms, which people, which decisions are illustrative:
generated deterministically, marked in each record's note."""

import datetime as dt
import random

from thidua.awards.models import Award, AwardRecord, RuleSet
from thidua.core import text
from thidua.core.bulk import fast_insert
from thidua.orgs.models import Person

NOTE = "Minh họa: báo cáo chỉ nêu tổng số lượt khen thưởng."
YEAR = 2023
INDIVIDUALS = 3427
DIRECT = 3064  # 3.064 / 3.427 = 89,41% → 89,4%
COLLECTIVES = 1003
ARMED = {"ca", "bchqs", "bdbp", "cscd2"}
# (award code, level, signed by, count) — individuals, then collectives
INDIVIDUAL_PLAN = [("bk-ttg", "central", "Thủ tướng Chính phủ", 12),
                   ("bk-tinh", "local", "Chủ tịch UBND tỉnh Lạng Sơn", 420),
                   ("cstd-tinh", "local", "Chủ tịch UBND tỉnh Lạng Sơn", 30),
                   ("gk", "local", "Giám đốc Sở, Thủ trưởng cơ quan cấp tỉnh", 750),
                   ("cstd-cs", "sector", "Thủ trưởng ngành dọc cấp trên", 315),
                   ("ldtt", "sector", "Thủ trưởng ngành dọc cấp trên", 1900)]
COLLECTIVE_PLAN = [("bk-ttg", "central", "Thủ tướng Chính phủ", 3),
                   ("bk-tinh", "local", "Chủ tịch UBND tỉnh Lạng Sơn", 120),
                   ("ttldxs", "local", "Chủ tịch UBND tỉnh Lạng Sơn", 60),
                   ("gk", "local", "Thủ trưởng cơ quan cấp tỉnh", 200),
                   ("ttldtt", "sector", "Thủ trưởng ngành dọc cấp trên", 560),
                   ("ttldxs", "sector", "Thủ trưởng ngành dọc cấp trên", 60)]
SECTIONS = ["Phòng Tổ chức cán bộ", "Văn phòng", "Phòng Tham mưu", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2",
            "Đội Công tác", "Tổ Kiểm tra", "Phòng Hậu cần", "Phòng Chính trị", "Đội Cơ động"]


def load(units: dict) -> int:
    members = {k: units[k] for k in ("tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2")}
    if AwardRecord.objects.filter(year=YEAR, unit__in=members.values(), note=NOTE).exists():
        return 0
    rng = random.Random(20231231)
    rule_set = RuleSet.objects.get(code="nd91-2017")
    awards = {a.code: a for a in Award.objects.all()}
    cstt = awards["cstt"]
    people = {key: list(Person.objects.filter(unit=unit).values_list("pk", "full_name", "position", "category"))
              for key, unit in members.items()}
    direct = [(k, p) for k, ps in people.items() for p in ps if p[3] == "direct"]
    leaders = [(k, p) for k, ps in people.items() for p in ps if p[3] != "direct"]
    picks = [rng.choice(direct) for _ in range(DIRECT)] + [rng.choice(leaders) for _ in range(INDIVIDUALS - DIRECT)]
    rng.shuffle(picks)
    rows, number = [], 100
    plan = [code for code, *_rest, n in INDIVIDUAL_PLAN for _ in range(n)]
    details = {code: (level, signer) for code, level, signer, _n in INDIVIDUAL_PLAN}
    for (key, (person_id, name, position, category)), code in zip(picks, plan, strict=True):
        award = cstt if code == "ldtt" and key in ARMED else awards[code]
        level, signer = details[code]
        number += 1
        rows.append(AwardRecord(
            award=award, rule_set=rule_set, subject="individual", person_id=person_id, unit=members[key],
            recipient_name=name, position_as_written=position, direct_worker=category == "direct", year=YEAR,
            level=level, decision_number=f"{number}/QĐ-KT", decision_date=dt.date(2023, 12, 15) +
            dt.timedelta(days=rng.randrange(0, 40)), signed_by=signer, note=NOTE,
            search_text=text.fold(name)))
    keys = list(members)
    for code, level, signer, count in COLLECTIVE_PLAN:
        for i in range(count):
            key = keys[(i * 5 + len(rows)) % len(keys)]
            section = f"{SECTIONS[i % len(SECTIONS)]}, {members[key].short_name or members[key].name}"
            number += 1
            rows.append(AwardRecord(
                award=awards[code], rule_set=rule_set, subject="collective", unit=members[key],
                recipient_name=section, year=YEAR, level=level, decision_number=f"{number}/QĐ-KT",
                decision_date=dt.date(2023, 12, 20) + dt.timedelta(days=rng.randrange(0, 30)), signed_by=signer,
                note=NOTE, search_text=text.fold(section)))
    # One executemany: every test that loads S1 inserts these 4.430 records.
    fast_insert(AwardRecord, rows)
    return len(rows)

