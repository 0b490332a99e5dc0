"""Quotas on proposals."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db.models import Count

from thidua.awards.domain.parameters import SOURCE_NOT_FOUND, in_force
from thidua.voting.models import Nomination

ROUNDING_WORDS = {ROUND_FLOOR: "làm tròn xuống", ROUND_HALF_UP: "làm tròn đến số gần nhất",
                  ROUND_CEILING: "làm tròn lên"}


@dataclass(frozen=True)
class FlagQuota:
    """The share of the collectives judged to lead a ministry's or province's clusters and blocks that it may
    propose for Cờ thi đua của Chính phủ, dated, with its source; and how a fraction of a flag is rounded, with its
    own source (none found: the software's first behaviour, rounding down, is the default)."""

    valid_from: dt.date
    valid_to: dt.date | None
    share_percent: Decimal
    rounding: str
    source: str
    rounding_source: str

    @property
    def rounding_text(self) -> str:
        return ROUNDING_WORDS.get(self.rounding, self.rounding)


GOVERNMENT_FLAG_QUOTAS = (
    FlagQuota(dt.date(2017, 10, 1), dt.date(2023, 12, 31), Decimal(20), ROUND_FLOOR,
              "Nghị định 91/2017/NĐ-CP, Điều 11", SOURCE_NOT_FOUND),
    FlagQuota(dt.date(2024, 1, 1), None, Decimal(20), ROUND_FLOOR,
              "Công văn 5007/BNV-TĐKT ngày 05/9/2023 (cùng tỷ lệ theo Nghị định 98/2023/NĐ-CP và 152/2025/NĐ-CP: "
              "chưa xác minh)", SOURCE_NOT_FOUND),
)
GOVERNMENT_FLAG_SHARE = GOVERNMENT_FLAG_QUOTAS[-1].share_percent


def government_flag_rule(day: dt.date | None = None) -> FlagQuota:
    """The quota in force on `day` (today when not given); before the first row's day, the first row."""
    day = day or dt.date.today()
    return in_force(GOVERNMENT_FLAG_QUOTAS, day) or (
        GOVERNMENT_FLAG_QUOTAS[0] if day < GOVERNMENT_FLAG_QUOTAS[0].valid_from else GOVERNMENT_FLAG_QUOTAS[-1])


def government_flag_quota(cluster_leaders: int, share_percent: Decimal | None = None, *, on: dt.date | None = None,
                          rounding: str | None = None) -> int:
    """How many Cờ thi đua của Chính phủ a ministry or province may propose: at most a share (20%) of the
    collectives judged to lead its clusters and blocks (rules.md §2.2: Decree 91/2017 art 11; MoHA letter
    5007/BNV-TĐKT of 5/9/2023; the same share under Decrees 98/2023 and 152/2025 is not verified). Share and
    rounding are the dated rule in force `on` the day (GOVERNMENT_FLAG_QUOTAS) unless given; no source states the
    rounding, so the default keeps the first behaviour: down (4 leaders → 0)."""
    if cluster_leaders < 0:
        raise ValueError("Số đơn vị dẫn đầu cụm, khối không được âm.")
    rule = government_flag_rule(on)
    share = rule.share_percent if share_percent is None else share_percent
    return int((Decimal(cluster_leaders) * share / 100).to_integral_value(rounding=rounding or rule.rounding))


ONE_FLAG_PER_CLUSTER = 1
"""Normally one leading unit per cluster is proposed for the provincial flag (rules.md §5.3, [V2 S15])."""

CLUSTER_LEADER_AWARD = "co-tinh"
"""The award a cluster's vote names its leading unit for (Law art 26: the provincial flag goes to the collective
leading a cluster); those units are "the collectives judged to lead the clusters" of the Government flag quota and
the ones a council may choose among (Law art 25)."""


def province_leading_units(years: Iterable[int], *, area_id: int | None = None,
                           organiser_id: int | None = None) -> dict[int, int]:
    """How many collectives lead a province's clusters and blocks each year — the base of its Government flag
    quota (Decree 91/2017 art 11): the distinct units a cluster's vote named for the provincial flag
    (CLUSTER_LEADER_AWARD) in the clusters of every organiser of the province (`area_id`), a unit named in two
    clusters once, a person never; or, for an organiser without a province, in its own clusters. The one count
    the proposal workflow (dossiers.domain.workflow.government_flag_quota_issues) and the dashboards use. One
    query."""
    years = sorted(set(years))
    out = dict.fromkeys(years, 0)
    if not years or (area_id is None and organiser_id is None):
        return out
    scope = ({"period__cluster__organiser__area_id": area_id} if area_id is not None
             else {"period__cluster__organiser_id": organiser_id})
    for row in (Nomination.objects.filter(award__code=CLUSTER_LEADER_AWARD, period__year__in=years,
                                          unit_id__isnull=False, **scope)
                .values("period__year").annotate(n=Count("unit_id", distinct=True)).order_by()):
        out[row["period__year"]] = row["n"]
    return out


@dataclass(frozen=True)
class ProvinceFlagQuota:
    """A province's Government flags for a year: its leading units, the rule in force on the day and the quota."""

    year: int
    leaders: int
    rule: FlagQuota
    quota: int


def province_flag_quota(area_id: int, year: int, on: dt.date | None = None, *,
                        leaders: int | None = None) -> ProvinceFlagQuota:
    """How many Cờ thi đua của Chính phủ a province (`area_id`) may propose for `year`, judged on the day `on`
    (today when not given): government_flag_quota of its province_leading_units (taken from `leaders` when read
    already for several years). One query without `leaders`, none with."""
    if leaders is None:
        leaders = province_leading_units([year], area_id=area_id)[year]
    return ProvinceFlagQuota(year, leaders, government_flag_rule(on), government_flag_quota(leaders, on=on))
