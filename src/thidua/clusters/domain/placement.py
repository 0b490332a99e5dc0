"""The years a new unit may join when the "Thêm đơn vị" page creates it (registered for orgs.domain.placement at
start-up): an organiser's staff put it into one of their organiser's years that is not over, so they still reach
it afterwards; the system administrator may use the year its page's link names."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.clusters.domain.periods import add_members
from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod


def open_periods(user, named_period: int | None = None) -> list[tuple[int, str]]:
    """[(year id, "Khối … — năm 2025")] the user may put a new unit into, newest year first."""
    periods = EmulationPeriod.objects.exclude(phase=Phase.CLOSED).select_related("cluster")
    if user.organiser_ids:
        mine = periods.filter(cluster__organiser_id__in=user.organiser_ids)
        if user.is_system_admin and named_period is not None:
            mine = mine | periods.filter(pk=named_period)
    elif user.is_system_admin and named_period is not None:
        mine = periods.filter(pk=named_period)
    else:
        return []
    return [(p.pk, _("%(cluster)s — năm %(year)s") % {"cluster": p.cluster.name, "year": p.year})
            for p in mine.order_by("-year", "cluster__sort_key")]


def place_unit(unit, period_id: int, actor=None) -> None:
    """Add a new unit to a year as a member (inside the caller's transaction)."""
    period = EmulationPeriod.objects.select_related("cluster").filter(pk=period_id).first()
    if period is None or period.phase == Phase.CLOSED:
        raise ValidationError({"period": _("Năm thi đua đã chọn không còn nhận thành viên mới.")})
    add_members(period, [unit], actor=actor)
