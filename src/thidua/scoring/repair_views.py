"""The repair of a figure stored out of range on a score sheet (scoring.domain.repair): a POST from the list the
sheet's page shows above the table, for those who appraise (the organiser's staff, the head unit)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.core.forms import IntegerNumberField, StyledForm
from thidua.scoring.domain import repair
from thidua.scoring.views import _period, _require, _sheet_context, _sheet_for


class RepairForm(StyledForm):
    entry = IntegerNumberField(widget=forms.HiddenInput, min_value=1)
    stage = forms.ChoiceField(choices=[(k, v[2]) for k, v in repair.STAGES.items()], widget=forms.HiddenInput)
    value = forms.CharField(label=gettext_lazy("Số liệu đúng"), required=False, max_length=30,
                            help_text=gettext_lazy("Để trống nếu chưa có số liệu."))


@login_required
@require_POST
def repair_value(request, period_pk, unit_pk):
    period = _period(period_pk)
    sheet = _sheet_for(request, period, unit_pk)
    _require(request, repair.REPAIR_PERM, sheet)
    form = RepairForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = repair.repair_value(sheet, data["entry"], data["stage"], data["value"], actor=request.user)
        except ValidationError as error:
            form.add_error("value", error)
        else:
            messages.success(request, _("Đã sửa số liệu ngoài phạm vi của tiêu chí %(code)s.")
                             % {"code": entry.criterion.code})
            return redirect("scoring:sheet", period.pk, sheet.unit_id)
    context = _sheet_context(request, sheet)
    context["repair_form"] = form
    return render(request, "scoring/sheet.html", context)
