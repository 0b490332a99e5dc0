"""Quotas on proposals."""

from decimal import ROUND_FLOOR, Decimal

GOVERNMENT_FLAG_SHARE = Decimal(20)


def government_flag_quota(cluster_leaders: int, share_percent: Decimal = GOVERNMENT_FLAG_SHARE) -> int:
    """How many Cờ thi đua của Chính phủ a ministry or province may propose: at most 20% of the collectives judged
    to lead its clusters and blocks (MoHA letter 5007/BNV-TĐKT of 5/9/2023; Decree 91/2017 art 11; rules.md §2.2).
    The share is a parameter: the same value under Decrees 98/2023 and 152/2025 is not verified. Rounded down."""
    if cluster_leaders < 0:
        raise ValueError("Số đơn vị dẫn đầu cụm, khối không được âm.")
    return int((Decimal(cluster_leaders) * share_percent / 100).to_integral_value(rounding=ROUND_FLOOR))


ONE_FLAG_PER_CLUSTER = 1
"""Normally one leading unit per cluster is proposed for the provincial flag (rules.md §5.3, [V2 S15])."""
