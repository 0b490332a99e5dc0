"""Quotas on proposals."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from thidua.awards.domain.parameters import SOURCE_NOT_FOUND, in_force

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
