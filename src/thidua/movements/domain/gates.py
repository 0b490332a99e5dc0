"""What movements asks before a year's race starts (clusters.domain.periods.register_entry_check, filled in
movements/apps.py): leaving registration for “Đang thi đua” needs every member registered and the covenant
signed by all — registration closes with that phase, so a missing registration could not be made up later.
Each blocker says what is missing and links to the page where it is fixed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.clusters.domain.periods import Blocker
from thidua.clusters.models import EmulationPeriod
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant, CovenantSignature, Registration


def registrations_missing(period: EmulationPeriod) -> list[Blocker]:
    """One blocker per member that has not sent its registration, with the link to its registration form."""
    registered = set(Registration.objects.filter(period=period, submitted_at__isnull=False)
                     .values_list("unit_id", flat=True))
    return [Blocker(_("%(unit)s chưa đăng ký thi đua năm %(year)s.") % {"unit": name, "year": period.year},
                    reverse("movements:registration", args=[period.pk, unit_id]))
            for unit_id, name in period.memberships.order_by("unit__sort_key").values_list("unit_id", "unit__name")
            if unit_id not in registered]


def covenant_unsigned(period: EmulationPeriod) -> list[Blocker]:
    """The covenant not drafted, not opened for signing, or not yet signed by every member (named)."""
    url = reverse("movements:covenant", args=[period.pk])
    covenant = Covenant.objects.filter(period=period).first()
    if covenant is None:
        return [Blocker(_("Chưa soạn giao ước thi đua năm %(year)s.") % {"year": period.year}, url)]
    if covenant.state == CovenantState.SIGNED:
        return []
    if covenant.state == CovenantState.DRAFT:
        return [Blocker(_("Giao ước thi đua năm %(year)s còn là dự thảo: mở ký để các đơn vị ký kết.")
                        % {"year": period.year}, url)]
    signed = CovenantSignature.objects.filter(covenant=covenant).values("unit_id")
    unsigned = list(period.memberships.exclude(unit_id__in=signed).order_by("unit__sort_key")
                    .values_list("unit__name", flat=True))
    if not unsigned:
        return []
    return [Blocker(_("Giao ước thi đua năm %(year)s chưa được ký đủ: còn %(count)s đơn vị chưa ký (%(units)s).")
                    % {"year": period.year, "count": len(unsigned), "units": ", ".join(unsigned)}, url)]
