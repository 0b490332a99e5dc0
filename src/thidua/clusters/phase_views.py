"""The year's phase on its management page: the blockers of the next phase with their links, the button or, for
the organiser's staff, the override with a written reason; a past year's phases recorded at once; a closed year
reopened. Every change goes through clusters.domain.periods (advance, record_past_phase, reopen), which checks,
writes and logs in one transaction."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.clusters.domain import periods as period_domain
from thidua.clusters.enums import Phase
from thidua.clusters.interfaces.forms import OverrideForm, PastYearForm, ReopenForm
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions


@dataclass
class NextPhase:
    """A phase the year may move to from here: forward with its blockers, or one step back."""

    phase: str
    label: str
    back: bool
    blockers: list[period_domain.Blocker] = field(default_factory=list)
    override_form: OverrideForm | None = None


def phase_context(request, period: EmulationPeriod, override_form: OverrideForm | None = None,
                  past_form: PastYearForm | None = None, reopen_form: ReopenForm | None = None) -> dict:
    """What the year page shows about its phase; a refused form comes back with what was typed and why."""
    may_override = period_domain.may_override(request.user, period)
    next_phases = []
    gate = period_domain.next_gate(period)
    if gate is not None:
        phase, found = gate
        step = NextPhase(phase, str(Phase(phase).label), back=False, blockers=found)
        if found and may_override:
            step.override_form = override_form or OverrideForm(period=period, phase=phase)
        next_phases.append(step)
    back = period_domain.may_step_back(period)  # offered only when the domain allows it (step_back_refusals)
    if back is not None:  # below the way forward: a correction
        next_phases.append(NextPhase(back, str(Phase(back).label), back=True))
    # A year that is over, not closed: its organiser may step straight to a later phase (record_past_phase).
    can_record_past = (period.phase != Phase.CLOSED and period.end_date < timezone.localdate() and may_override)
    closed = period.phase == Phase.CLOSED
    return {
        "next_phases": next_phases, "may_override": may_override,
        "organiser": period.cluster.organiser,
        "past_form": past_form or (PastYearForm(period=period) if can_record_past else None),
        "reopen_form": reopen_form or (ReopenForm(period=period) if closed and may_override else None),
        "reopen_phase": Phase(period_domain.REOPEN_PHASE).label,
        "version": period_domain.version(period),  # carried by the phase buttons (core.versions)
    }


def managed_period(request, pk) -> EmulationPeriod:
    """The year, for who may manage it (clusters.manage_period); 403 otherwise."""
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)
    if not request.user.has_perm("clusters.manage_period", period):
        raise PermissionDenied
    return period


def _render(request, period: EmulationPeriod, **forms):
    from thidua.clusters.views import render_period  # the page's other cards live with the page

    return render_period(request, period, **forms)


@login_required
@require_POST
def period_transition(request, pk):
    """The next phase (or one step back): a button when nothing stands; with blockers, the organiser's staff post
    the override form with its reason (clusters.domain.periods.advance)."""
    period = managed_period(request, pk)
    if "override-phase" in request.POST:
        return _override(request, period)
    to_phase = request.POST.get("phase", "")
    if to_phase not in Phase.values:
        messages.error(request, _("Giai đoạn không hợp lệ."))
        return redirect(period)
    try:
        period_domain.transition_phase(period, to_phase, actor=request.user,
                                       loaded_version=versions.posted(request.POST))
        messages.success(request, _("Đã chuyển sang giai đoạn “%(phase)s”.") % {"phase": Phase(to_phase).label})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(period)


def _with_reason(request, period: EmulationPeriod, form, form_key: str, act, success):
    """The three changes that carry a written reason (override, past year, reopen), one shape: the form checked,
    `act(cleaned_data, loaded_version)` — one domain function that checks, writes and logs —, `success()` the
    message after it; a refusal shows the page again with what was typed and why."""
    if form.is_valid():
        try:
            act(form.cleaned_data, versions.loaded(form))
        except ValidationError as error:
            versions.show_refusal(form, error)
        else:
            messages.success(request, success())
            return redirect(period)
    return _render(request, period, **{form_key: form})


def _override(request, period: EmulationPeriod):
    if not period_domain.may_override(request.user, period):
        raise PermissionDenied

    form = OverrideForm(request.POST, period=period, phase=request.POST.get("override-phase", ""))
    return _with_reason(request, period, form, "override_form", lambda data, loaded_version: period_domain.advance(
        period, data["phase"], actor=request.user, reason=data["reason"], loaded_version=loaded_version), lambda: _(
        "Đã chuyển sang giai đoạn “%(phase)s”; lý do và các điều kiện chưa đạt đã được ghi vào nhật ký.")
        % {"phase": Phase(form.cleaned_data["phase"]).label})


@login_required
@require_POST
def period_record_past(request, pk):
    """A year that is over moved straight to a later phase with a reason (clusters.domain.periods.record_past_phase)."""
    period = managed_period(request, pk)
    if not period_domain.may_override(request.user, period):
        raise PermissionDenied
    return _with_reason(
        request, period, PastYearForm(request.POST, period=period), "past_form",
        lambda data, loaded_version: period_domain.record_past_phase(
            period, data["phase"], data["reason"], actor=request.user, loaded_version=loaded_version),
        lambda: _("Đã chuyển năm %(year)s thẳng tới giai đoạn “%(phase)s”.")
        % {"year": period.year, "phase": Phase(period.phase).label})


@login_required
@require_POST
def period_reopen(request, pk):
    """A closed year reopened for corrections with a reason (clusters.domain.periods.reopen)."""
    period = managed_period(request, pk)
    if not period_domain.may_override(request.user, period):
        raise PermissionDenied
    return _with_reason(
        request, period, ReopenForm(request.POST, period=period), "reopen_form",
        lambda data, loaded_version: period_domain.reopen(period, data["reason"], actor=request.user,
                                                          loaded_version=loaded_version),
        lambda: _("Đã mở lại năm %(year)s ở giai đoạn “%(phase)s” để sửa; lý do đã được ghi vào nhật ký.")
        % {"year": period.year, "phase": Phase(period.phase).label})
