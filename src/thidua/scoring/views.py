"""Scoring pages: the criteria tree and scale, each member's score sheet (self-assessment, evidence, appraisal,
explanation, second look, lock), the list of sheets, the peer matrix and the ranking.

Views parse the request, check the permission (scoring/rules.py), call one domain function
(scoring/domain/sheets.py) and render. The domain decides what the period's phase and the lock allow; when it
refuses, its Vietnamese message is shown beside the form, which keeps what the user typed. Each page reads a
fixed number of queries whatever the number of criteria or members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.clusters.enums import Phase, phase_reached
from thidua.clusters.models import EmulationPeriod, Membership
from thidua.core import versions
from thidua.orgs.models import Unit
from thidua.scoring.domain import queries, repair, sheets
from thidua.scoring.domain import rules as scale
from thidua.scoring.domain.evidence import attach_to_criterion
from thidua.scoring.domain.targets import registered_targets
from thidua.scoring.enums import CriterionType, PeerRule, SheetAction, SheetState, TieRule
from thidua.scoring.interfaces.forms import (
    AppraisalForm,
    CopyCriteriaForm,
    CriterionForm,
    EvidenceForm,
    ExclusionForm,
    ExplanationForm,
    PeerMatrixForm,
    ScaleForm,
    SecondLookForm,
    SelfAssessmentForm,
    input_value,
)
from thidua.scoring.models import CriteriaSet, Criterion, CriterionExclusion, Evidence, ScoreEntry, ScoreSheet
from thidua.scoring.rules import SHEET_ACTION_PERMS


def _period(pk) -> EmulationPeriod:
    return get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _why_not(*checks) -> str | None:
    """The domain's own words for why an action is not possible now, or None when it is."""
    for check in checks:
        try:
            check()
        except ValidationError as error:
            return " ".join(error.messages)
    return None


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def _nav(request, period: EmulationPeriod, active: str) -> dict:
    """Tabs shared by the scoring pages of a period, shown only where the user may go."""
    user = request.user
    member_units = list(period.memberships.filter(unit_id__in=user.unit_ids).select_related("unit")
                        .order_by("unit__sort_key")) if user.unit_ids else []
    return {
        "active": active,
        "period": period,
        "can_manage": user.has_perm("scoring.manage_criteria", period),
        "can_criteria": user.has_perm("scoring.view_criteria", period),
        "can_sheet_list": user.has_perm("scoring.view_sheet_list", period),
        "can_peer": user.has_perm("scoring.enter_peer_scores", period),
        "can_ranking": user.has_perm("scoring.view_ranking", period),
        "my_units": [m.unit for m in member_units],
    }


def _tree(criteria: list[Criterion]) -> dict[int, int]:
    """criterion id → depth in the tree (0 for the first level)."""
    parents = {c.pk: c.parent_id for c in criteria}
    depth = {}
    for c in criteria:
        d, node = 0, c.parent_id
        while node is not None and d < 10:
            d, node = d + 1, parents.get(node)
        depth[c.pk] = d
    return depth


DEPTH_CLASS = {0: "", 1: "ps-3", 2: "ps-5"}


# -- criteria tree and scale ----------------------------------------------------------------------------------

def _copy_sources(period):
    return (CriteriaSet.objects.filter(period__cluster_id=period.cluster_id, period__year__lt=period.year,
                                       criteria__isnull=False)
            .select_related("period").distinct().order_by("-period__year"))


@login_required
def criteria(request, period_pk):
    period = _period(period_pk)
    _require(request, "scoring.view_criteria", period)
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    forms = {}
    if request.method == "POST":
        _require(request, "scoring.manage_criteria", period)
        action = request.POST.get("action")
        try:
            if action == "add":
                form = forms["add"] = CriterionForm(request.POST, criteria_set=criteria_set)
                if form.is_valid():
                    criterion = sheets.add_criterion_to_year(period, actor=request.user, **form.domain_kwargs())
                    messages.success(request, _("Đã thêm tiêu chí %(code)s.") % {"code": criterion.code})
                    return redirect("scoring:criteria", period.pk)
            elif action == "scale":
                instance = criteria_set or CriteriaSet(period=period)
                form = forms["scale"] = ScaleForm(request.POST, instance=instance)
                if form.is_valid():
                    sheets.update_scale(period, actor=request.user, loaded_version=versions.loaded(form),
                                        **form.settings())
                    messages.success(request, _("Đã lưu thang điểm."))
                    return redirect("scoring:criteria", period.pk)
            elif action == "copy":
                form = forms["copy"] = CopyCriteriaForm(request.POST, sources=_copy_sources(period))
                if form.is_valid():
                    source = form.cleaned_data["source"]
                    sheets.copy_criteria(source, period, actor=request.user)
                    messages.success(request, _("Đã sao chép bảng tiêu chí năm %(year)s.") % {"year": source.period.year})
                    return redirect("scoring:criteria", period.pk)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
                return redirect("scoring:criteria", period.pk)
        except ValidationError as error:  # a newer version too: the form carries the current one (core.versions)
            versions.show_refusal(form, error)
        criteria_set = CriteriaSet.objects.filter(period=period).first()
    return render(request, "scoring/criteria.html", _criteria_context(request, period, criteria_set, forms))


def _criteria_context(request, period, criteria_set, forms) -> dict:
    rows, total_max = [], 0
    excluded: dict[int, list] = {}
    if criteria_set is not None:
        criteria_list = list(criteria_set.criteria.order_by("order"))
        for exclusion in CriterionExclusion.objects.filter(criterion__criteria_set=criteria_set).select_related(
                "unit").order_by("unit__sort_key"):
            excluded.setdefault(exclusion.criterion_id, []).append(exclusion)
        depth = _tree(criteria_list)
        for c in criteria_list:
            rows.append({"c": c, "depth_class": DEPTH_CLASS.get(depth[c.pk], "ps-5"),
                         "exclusions": excluded.get(c.pk, [])})
            if c.counts_toward_max:
                total_max += c.max_points
    can_manage = request.user.has_perm("scoring.manage_criteria", period)
    editable = _why_not(lambda: sheets.require_criteria_editable(period))
    sources = _copy_sources(period)
    context = {
        "period": period, "cluster": period.cluster, "criteria_set": criteria_set, "rows": rows,
        "total_max": total_max, "can_manage": can_manage, "not_editable": editable,
        "exclusions_closed": _why_not(lambda: sheets.require_exclusions_editable(period)),
        "nav": _nav(request, period, "criteria"),
        "tie_labels": _tie_labels(criteria_set), "bands": _bands(criteria_set),
    }
    if can_manage and editable is None:
        context["add_form"] = forms.get("add") or CriterionForm(criteria_set=criteria_set)
        context["scale_form"] = forms.get("scale") or ScaleForm(instance=criteria_set or CriteriaSet(period=period))
        if not rows:
            context["copy_form"] = forms.get("copy") or CopyCriteriaForm(sources=sources)
            context["copy_available"] = sources.exists()
    elif forms:  # the phase moved on while the user typed: keep the form and its message
        context.update({f"{k}_form": v for k, v in forms.items()})
    return context


def _tie_labels(criteria_set) -> list[str]:
    rules_in_order = criteria_set.tie_rules if criteria_set else []
    labels = dict(TieRule.choices)
    return [str(labels.get(r, r)) for r in rules_in_order]


def _bands(criteria_set) -> list[dict]:
    return sorted(criteria_set.bands if criteria_set else [], key=lambda b: float(b["min"]), reverse=True)


def _criterion(request, pk, perm="scoring.manage_criteria") -> Criterion:
    criterion = get_object_or_404(Criterion.objects.select_related("criteria_set__period__cluster__organiser"),
                                  pk=pk)
    _require(request, perm, criterion.criteria_set.period)
    return criterion


@login_required
def criterion_edit(request, pk):
    criterion = _criterion(request, pk)
    period = criterion.criteria_set.period
    members = Membership.objects.filter(period=period).values_list("unit_id", flat=True)
    units = Unit.objects.filter(pk__in=members).order_by("sort_key")
    excluded = list(criterion.exclusions.select_related("unit"))
    form = CriterionForm(request.POST or None, criteria_set=criterion.criteria_set, instance=criterion)
    exclusion_form = ExclusionForm(units_queryset=units, initial={
        "units": [e.unit_id for e in excluded], "reason": excluded[0].reason if excluded else ""})
    versions.attach(exclusion_form, lambda: sheets.exclusions_version(criterion))
    if request.method == "POST":
        if form.is_valid():
            data = form.domain_kwargs()
            data["type"] = data.pop("ctype")
            try:
                sheets.update_criterion(criterion, actor=request.user, loaded_version=versions.loaded(form), **data)
            except ValidationError as error:  # a newer version too: the form carries the current one
                versions.show_refusal(form, error)
            else:
                messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": data["code"]})
                return redirect("scoring:criteria", period.pk)
    return _criterion_page(request, criterion, form, exclusion_form)


def _criterion_page(request, criterion, form, exclusion_form):
    period = criterion.criteria_set.period
    return render(request, "scoring/criterion_edit.html", {
        "criterion": criterion, "period": period, "form": form, "exclusion_form": exclusion_form,
        "not_editable": _why_not(lambda: sheets.require_criteria_editable(period)),
        "exclusions_closed": _why_not(lambda: sheets.require_exclusions_editable(period)),
        "nav": _nav(request, period, "criteria"),
    })


@login_required
@require_POST
def criterion_exclusions(request, pk):
    criterion = _criterion(request, pk)
    period = criterion.criteria_set.period
    members = Membership.objects.filter(period=period).values_list("unit_id", flat=True)
    form = ExclusionForm(request.POST, units_queryset=Unit.objects.filter(pk__in=members).order_by("sort_key"))
    versions.attach(form, lambda: sheets.exclusions_version(criterion))
    if form.is_valid():
        try:
            units = sheets.set_exclusions(criterion, list(form.cleaned_data["units"]), form.cleaned_data["reason"],
                                          actor=request.user, loaded_version=versions.loaded(form))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded: shown as typed
            versions.show_refusal(form, error)
            return _criterion_page(request, criterion, CriterionForm(criteria_set=criterion.criteria_set,
                                                                     instance=criterion), form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tiêu chí %(code)s: đã cập nhật %(count)s đơn vị không áp dụng.")
                             % {"code": criterion.code, "count": len(units)})
            return redirect("scoring:criteria", period.pk)
    else:
        messages.error(request, _("Danh sách đơn vị không hợp lệ."))
    return redirect("scoring:criterion_edit", criterion.pk)


@login_required
@require_POST
def criterion_delete(request, pk):
    criterion = _criterion(request, pk)
    period = criterion.criteria_set.period
    label = str(criterion)
    try:
        sheets.delete_criterion(criterion, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa tiêu chí %(criterion)s.") % {"criterion": label})
    return redirect("scoring:criteria", period.pk)


# -- the score sheet ------------------------------------------------------------------------------------------

def _sheet_for(request, period, unit_pk) -> ScoreSheet:
    membership = get_object_or_404(Membership.objects.select_related("unit"), period=period, unit_id=unit_pk)
    unit = membership.unit
    sheet = ScoreSheet.objects.filter(period=period, unit=unit).first()
    if sheet is None:
        blank = ScoreSheet(period=period, unit=unit)
        # The unit's own officer opens its sheet: it is created; anyone else sees it empty.
        sheet = sheets.get_sheet(period, unit) if request.user.has_perm("scoring.self_assess", blank) else blank
    sheet.period, sheet.unit = period, unit
    _require(request, "scoring.view_sheet", sheet)
    return sheet


# How each of the sheet page's forms is made (unbound when `data` is None) and what of it the domain takes.
ENTRY_FORMS = {
    SheetAction.APPRAISE: lambda data, files, c, e: AppraisalForm(data, prefix=f"a{c.pk}", criterion=c, entry=e),
    SheetAction.EXPLAIN: lambda data, files, c, e: ExplanationForm(data, prefix=f"e{c.pk}", entry=e),
    SheetAction.SECOND_LOOK: lambda data, files, c, e: SecondLookForm(data, prefix=f"s{c.pk}", criterion=c, entry=e),
    SheetAction.EVIDENCE: lambda data, files, c, e: EvidenceForm(data, files, prefix=f"f{c.pk}"),
}
ENTRY_FIELDS = {SheetAction.APPRAISE: ("value", "reason"), SheetAction.EXPLAIN: ("text",),
                SheetAction.SECOND_LOOK: ("value", "reason")}
ENTRY_DONE = {
    SheetAction.APPRAISE: gettext_lazy("Đã thẩm định tiêu chí %(code)s."),
    SheetAction.EXPLAIN: gettext_lazy("Đã gửi giải trình tiêu chí %(code)s."),
    SheetAction.SECOND_LOOK: gettext_lazy("Đã ghi kết quả xem xét lại tiêu chí %(code)s."),
    SheetAction.EVIDENCE: gettext_lazy("Đã tải minh chứng “%(name)s” cho tiêu chí %(code)s."),
}
ROW_FORMS = {SheetAction.APPRAISE: "appraise_form", SheetAction.EXPLAIN: "explain_form",
             SheetAction.SECOND_LOOK: "second_form", SheetAction.EVIDENCE: "evidence_form"}


@login_required
def sheet(request, period_pk, unit_pk):
    """The sheet and its seven actions (SheetAction). A POST is one action: its form read here, then one call to
    sheets.transition(), which checks, writes and logs; a refusal comes back beside the form with what was typed."""
    period = _period(period_pk)
    sheet = _sheet_for(request, period, unit_pk)
    if request.method != "POST":
        return render(request, "scoring/sheet.html", _sheet_context(request, sheet))
    action = request.POST.get("action", "")
    if action not in SHEET_ACTION_PERMS:
        messages.error(request, _("Thao tác không hợp lệ."))
        return redirect("scoring:sheet", period.pk, sheet.unit_id)
    _require(request, SHEET_ACTION_PERMS[action], sheet)
    if sheet.pk is None:
        raise Http404
    bound: dict = {}
    post = _post_self if action in (SheetAction.SAVE, SheetAction.SUBMIT) else \
        _post_lock if action == SheetAction.LOCK else _post_evidence if action == SheetAction.EVIDENCE else _post_entry
    try:
        level, message = post(request, sheet, action, bound)
    except ValidationError as error:
        return _refused(request, sheet, action, bound, error)
    messages.add_message(request, level, message)
    return redirect(reverse("scoring:sheet", args=[period.pk, sheet.unit_id]) + _anchor(request))


def _post_self(request, sheet, action, bound):
    """Save the self-assessment, or save it and send the sheet (what was typed stays saved when it cannot go)."""
    criteria_list, entries = _self_rows(sheet)
    form = bound["self"] = SelfAssessmentForm(request.POST, criteria=criteria_list, entries=entries)
    versions.attach(form, str)
    if not form.is_valid():
        raise ValidationError(_("Số liệu tự chấm chưa hợp lệ; xem các ô được đánh dấu."))
    if action == SheetAction.SAVE:
        sheets.transition(sheet, action, request.user, loaded_version=versions.loaded(form), values=form.values())
        return _with_missing_targets(sheet, messages.SUCCESS, _("Đã lưu phần tự chấm."))
    problems = sheets.save_and_submit(sheet, form.values(), actor=request.user, loaded_version=versions.loaded(form))
    if problems:
        return messages.WARNING, _("Đã lưu phần tự chấm, nhưng chưa gửi được: %(problems)s") % {
            "problems": "; ".join(problems)}
    return _with_missing_targets(sheet, messages.SUCCESS, _("Đã gửi phiếu tự chấm cho %(head_unit)s thẩm định.")
                                 % {"head_unit": sheet.period.cluster.words.head_unit})


def _with_missing_targets(sheet, level, message: str) -> tuple[int, str]:
    """A figure saved without a registered target is said so, with what happens next (sheets.target_missing)."""
    waiting = sheets.missing_targets(sheet)
    if not waiting:
        return level, message
    note = _("Tiêu chí %(codes)s chưa đăng ký chỉ tiêu: số liệu đã lưu nhưng chưa tính điểm; %(head_unit)s sẽ cho "
             "điểm khi thẩm định. Nếu đơn vị đã đăng ký chỉ tiêu bằng văn bản, ghi số, ngày văn bản vào ô thuyết "
             "minh để %(head_unit)s đối chiếu.") % {"codes": ", ".join(c.code for c in waiting),
                                                    "head_unit": sheet.period.cluster.words.head_unit}
    return messages.WARNING, f"{message} {note}"


def _post_lock(request, sheet, action, bound):
    sheets.transition(sheet, action, request.user)
    return messages.SUCCESS, _("Đã khóa phiếu chấm điểm của %(unit)s.") % {"unit": sheet.unit}


def _post_entry(request, sheet, action, bound):
    """Appraise, explain or look again at one criterion."""
    entry = _entry(request, sheet)
    criterion = entry.criterion
    form = bound[(action, criterion.pk)] = ENTRY_FORMS[action](request.POST, request.FILES, criterion, entry)
    versions.attach(form, str)
    _valid(form)
    payload = {name: form.cleaned_data.get(name, "") for name in ENTRY_FIELDS[action]}
    sheets.transition(sheet, action, request.user, entry=entry, loaded_version=versions.loaded(form), **payload)
    return messages.SUCCESS, str(ENTRY_DONE[action]) % {"code": criterion.code}


def _post_evidence(request, sheet, action, bound):
    """Attach evidence to one criterion, before the unit's first save of its figure as after (the domain makes
    its empty entry)."""
    criterion = _criterion_of(request, sheet)
    form = bound[(action, criterion.pk)] = ENTRY_FORMS[action](request.POST, request.FILES, criterion, None)
    uploaded = form.cleaned_data.get("file") if form.is_valid() else None
    if not uploaded:
        raise ValidationError(_("Chưa chọn tệp minh chứng."))
    result = attach_to_criterion(sheet, criterion.pk, uploaded, actor=request.user)
    return messages.SUCCESS, str(ENTRY_DONE[action]) % {"code": criterion.code, "name": result.original_name}


def _refused(request, sheet, action, bound, error):
    """The page again, the domain's words beside the form that was sent, with what was typed."""
    target = next(iter(bound.values()), None)
    if target is not None:
        versions.show_refusal(target, error)  # a newer version: the form carries the current one
    context = _sheet_context(request, sheet, bound=bound)
    context["action_error"] = _messages_of(error)
    context["action_error_at"] = next(iter(bound), action)
    return render(request, "scoring/sheet.html", context)


def _valid(form) -> None:
    if not form.is_valid():
        raise ValidationError(_("Nội dung nhập chưa hợp lệ; xem các ô được đánh dấu."))


def _anchor(request) -> str:
    criterion = request.POST.get("criterion", "")
    return f"#tieu-chi-{criterion}" if criterion.isdigit() else ""


def _entry(request, sheet) -> ScoreEntry:
    criterion_id = request.POST.get("criterion", "")
    if not criterion_id.isdigit():
        raise Http404
    entry = ScoreEntry.objects.select_related("criterion").filter(sheet=sheet, criterion_id=int(criterion_id)).first()
    if entry is None:
        raise ValidationError(_("Đơn vị chưa tự chấm tiêu chí này."))
    return entry


def _criterion_of(request, sheet) -> Criterion:
    """The posted criterion, of the sheet's year (404 otherwise)."""
    criterion_id = request.POST.get("criterion", "")
    if not criterion_id.isdigit():
        raise Http404
    return get_object_or_404(Criterion, pk=int(criterion_id), criteria_set__period_id=sheet.period_id)


def _sheet_data(sheet):
    """Everything one sheet's page shows, in a fixed number of queries."""
    period, unit = sheet.period, sheet.unit
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    if criteria_set is None:
        return None, [], set(), {}, {}, {}
    criteria_list = list(criteria_set.criteria.order_by("order"))
    excluded = set(CriterionExclusion.objects.filter(unit=unit, criterion__criteria_set=criteria_set)
                   .values_list("criterion_id", flat=True))
    targets = registered_targets(period, unit)
    entries, evidence = {}, {}
    if sheet.pk:
        entries = {e.criterion_id: e for e in sheet.entries.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")))}
        evidence = {cid: list(e.evidence.all()) for cid, e in entries.items()}
    return criteria_set, criteria_list, excluded, targets, entries, evidence


def _applicable_ids(criteria_list, excluded) -> set[int]:
    specs = [scale.CriterionSpec(c.pk, c.type, c.max_points, c.parent_id) for c in criteria_list]
    return {c.id for c in scale.applicable(specs, excluded)}


def _self_rows(sheet):
    _cs, criteria_list, excluded, _targets, entries, _evidence = _sheet_data(sheet)
    applicable_ids = _applicable_ids(criteria_list, excluded)
    return [c for c in criteria_list if c.pk in applicable_ids], entries


def _sheet_context(request, sheet, bound=None) -> dict:
    """The sheet's page. What the user may do now is the domain's answer (sheets.allowed_actions), not the page's."""
    bound = bound or {}
    period = sheet.period
    criteria_set, criteria_list, excluded, targets, entries, evidence = _sheet_data(sheet)
    applicable_ids = _applicable_ids(criteria_list, excluded)
    specs = [scale.CriterionSpec(c.pk, c.type, c.max_points, c.parent_id) for c in criteria_list]
    totals = scale.sheet_totals(specs, excluded, {cid: e.points for cid, e in entries.items()})
    locked = _why_not(lambda: sheets.require_unlocked(sheet))
    actions = sheets.allowed_actions(sheet, request.user)
    may = {action: actions.may(action) for action in SheetAction.values}

    sheet_version, entry_versions = sheets.sheet_versions(sheet, entries)  # what the forms carry (core.versions)
    self_form = bound.get("self")
    if self_form is None and may[SheetAction.SAVE]:
        self_form = SelfAssessmentForm(criteria=[c for c in criteria_list if c.pk in applicable_ids],
                                       entries=entries)
        versions.attach(self_form, lambda: sheet_version)
    depth = _tree(criteria_list)
    rows = []
    for c in criteria_list:
        entry = entries.get(c.pk)
        applicable = c.pk in applicable_ids
        row = {"c": c, "depth_class": DEPTH_CLASS.get(depth[c.pk], "ps-5"), "applicable": applicable,
               "scored": c.is_scored, "entry": entry, "evidence": evidence.get(c.pk, []),
               "target": targets.get(c.pk) if c.type == CriterionType.QUANTITATIVE else None,
               "missing_target": applicable and sheets.target_missing(c, targets),
               "anchor": f"tieu-chi-{c.pk}"}
        if applicable and self_form is not None:
            row["self_value"] = self_form[f"value_{c.pk}"]
            row["self_comment"] = self_form[f"comment_{c.pk}"]
        if applicable and entry is not None:
            row.update(_row_forms(c, entry, may, bound, entry_versions[c.pk]))
            if row["missing_target"]:
                _points_as_start(row, entry)
        elif applicable and c.is_scored and (may[SheetAction.EVIDENCE] or (SheetAction.EVIDENCE, c.pk) in bound):
            # Evidence may come before the unit's first save of the figure (the domain makes the empty entry).
            row["evidence_form"] = bound.get((SheetAction.EVIDENCE, c.pk)) or ENTRY_FORMS[SheetAction.EVIDENCE](
                None, None, c, None)
        rows.append(row)
    submit_issues = []
    if may[SheetAction.SAVE] and criteria_set is not None:
        submit_issues = sheets.issues_before_submit(sheet)
    return {
        "sheet": sheet, "period": period, "unit": sheet.unit, "cluster": period.cluster,
        "criteria_set": criteria_set, "rows": rows, "totals": totals, "locked": locked, "may": may,
        "self_form": self_form if may[SheetAction.SAVE] or "self" in bound else None, "submit_issues": submit_issues,
        "nav": _nav(request, period, "sheet"), "why_not": [] if locked else _why_not_lines(sheet, actions),
        "allowed_types": ", ".join(sorted(sheets.ALLOWED_EVIDENCE)),
        **_stored_problems(request, sheet, criteria_list, entries),
    }


def _stored_problems(request, sheet, criteria_list, entries) -> dict:
    """Figures stored out of range (scoring.domain.repair), and whether this user may repair them."""
    problems = repair.stored_problems(criteria_list, entries)
    return {"stored_problems": problems,
            "may_repair": bool(problems) and request.user.has_perm(repair.REPAIR_PERM, sheet)}


def _points_as_start(row: dict, entry: ScoreEntry) -> None:
    """A criterion without a registered target is appraised in points (sheets.target_missing): its boxes start
    from the points given so far, not from the unit's figure."""
    given = entry.final_points if entry.final_points is not None else entry.appraised_points
    for name, points in (("appraise_form", entry.appraised_points), ("second_form", given)):
        form = row.get(name)
        if form is not None and not form.is_bound:
            form.fields["value"].initial = input_value(points)


def _row_forms(c, entry, may, bound, version: str) -> dict:
    """The forms of one criterion's row: those the user may fill in now, and one just refused (with what was
    typed). The unit answers only an appraisal that changed something; the head looks again at an answer."""
    wants_answer = entry.appraised_points is not None and (
        entry.appraised_points != entry.self_points or entry.appraisal_reason or entry.explanation)
    shown = {
        SheetAction.APPRAISE: may[SheetAction.APPRAISE],
        SheetAction.EXPLAIN: may[SheetAction.EXPLAIN] and wants_answer,
        SheetAction.SECOND_LOOK: may[SheetAction.SECOND_LOOK] and bool(entry.explanation),
        SheetAction.EVIDENCE: may[SheetAction.EVIDENCE],
    }
    forms = {}
    for action, show in shown.items():
        if show or (action, c.pk) in bound:
            form = bound.get((action, c.pk))
            if form is None:
                form = ENTRY_FORMS[action](None, None, c, entry)
                versions.attach(form, lambda: version)
            forms[ROW_FORMS[action]] = form
    return forms


def _why_not_lines(sheet, actions) -> list[tuple[str, str]]:
    """Shown once at the top: why the user's own work cannot be done now (the domain's words)."""
    refused, lines = actions.refused, []
    if SheetAction.SAVE in refused:
        lines.append((_("Tự chấm"), refused[SheetAction.SAVE]))
    if SheetAction.APPRAISE in refused:
        lines.append((_("Thẩm định"), refused[SheetAction.APPRAISE]))
    elif SheetAction.LOCK in refused:
        lines.append((_("Khóa phiếu"), refused[SheetAction.LOCK]))
    appraises = SheetAction.APPRAISE in refused or actions.may(SheetAction.APPRAISE)
    if SheetAction.EXPLAIN in refused and not appraises and sheet.state != SheetState.DRAFT:
        lines.append((_("Giải trình"), refused[SheetAction.EXPLAIN]))
    return lines


@login_required
def sheet_list(request, period_pk):
    period = _period(period_pk)
    _require(request, "scoring.view_sheet_list", period)
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    memberships = list(period.memberships.select_related("unit").order_by("unit__sort_key"))
    by_unit = {s.unit_id: s for s in ScoreSheet.objects.filter(period=period)}
    specs = queries.criterion_specs(criteria_set) if criteria_set else []
    excluded = queries.exclusions_by_unit(criteria_set) if criteria_set else {}
    points = queries.points_by_unit(period) if criteria_set else {}
    rows, counts = [], {state: 0 for state in SheetState.values}
    for membership in memberships:
        unit = membership.unit
        sheet = by_unit.get(unit.pk) or ScoreSheet(period=period, unit=unit)
        sheet.period, sheet.unit = period, unit
        counts[sheet.state] += 1
        visible = request.user.has_perm("scoring.view_sheet", sheet)
        totals = scale.sheet_totals(specs, excluded.get(unit.pk, set()), points.get(unit.pk, {})) if visible \
            else None
        rows.append({"unit": unit, "sheet": sheet, "visible": visible, "totals": totals})
    return render(request, "scoring/sheet_list.html", {
        "period": period, "cluster": period.cluster, "rows": rows, "criteria_set": criteria_set,
        "counts": [(SheetState(s).label, n) for s, n in counts.items() if n],
        "nav": _nav(request, period, "sheet_list"),
    })


@login_required
def evidence(request, pk):
    item = get_object_or_404(Evidence.objects.select_related("entry__sheet__period__cluster", "entry__sheet__unit"),
                             pk=pk)
    _require(request, "scoring.view_sheet", item.entry.sheet)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Không tìm thấy tệp minh chứng.")) from error
    return FileResponse(handle, as_attachment=True, filename=item.original_name)


# -- peer review ----------------------------------------------------------------------------------------------

@login_required
def peer(request, period_pk):
    period = _period(period_pk)
    _require(request, "scoring.enter_peer_scores", period)
    user = request.user
    members = list(period.memberships.select_related("unit").order_by("unit__sort_key"))
    member_ids = [m.unit_id for m in members]
    manages = user.has_perm("scoring.manage_criteria", period)
    writable = set(member_ids) if manages else {u for u in member_ids if u in user.officer_unit_ids}
    closed = _why_not(lambda: sheets.require_phase(period, Phase.PEER_REVIEW, action=_("chấm chéo")))
    errors, form, version = [], None, None
    if request.method == "POST":
        form = PeerMatrixForm(request.POST, member_ids=member_ids, rater_ids=writable)
        version = versions.posted(request.POST)  # kept when refused for another reason
        scores = form.submitted()
        if form.foreign or not writable:
            raise PermissionDenied
        try:
            saved = sheets.save_peer_scores(period, scores, actor=user, raters=writable,
                                            loaded_version=versions.posted(request.POST))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded: shown as typed
            errors, version = _messages_of(error), error.current
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(request, _("Đã lưu %(count)s điểm chấm chéo.") % {"count": saved})
            return redirect("scoring:peer", period.pk)
    saved_scores = queries.peer_scores_by_ratee(period)
    flat = {(rater, ratee): points for ratee, by_rater in saved_scores.items() for rater, points in by_rater.items()}
    if form is None:
        form = PeerMatrixForm(None, member_ids=member_ids, rater_ids=writable, saved=flat)
    else:
        form.saved = flat
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    rule = criteria_set.peer_rule if criteria_set else PeerRule.TRIMMED_MEAN
    trim = criteria_set.trim_count if criteria_set else 1
    gap = criteria_set.outlier_gap if criteria_set else 15
    consolidated = {u: scale.consolidate_peer(saved_scores.get(u, {}), rule, trim, gap) for u in member_ids}
    outlier_pairs = {(rater, ratee) for ratee, result in consolidated.items() for rater in result.outliers}
    show_all = manages
    visible_rows = member_ids if show_all else [u for u in member_ids if u in user.unit_ids]
    show_consolidated = manages or phase_reached(period.phase, Phase.RANKING)
    editable = closed is None and bool(writable)
    names = {m.unit_id: m.unit for m in members}
    matrix = []
    for rater in visible_rows:
        cells = []
        for ratee in member_ids:
            cells.append({
                "ratee": ratee, "ratee_name": names[ratee].short_name or names[ratee].name,
                "self": rater == ratee, "name": form.field_name(rater, ratee),
                "value": form.value(rater, ratee), "saved": flat.get((rater, ratee)),
                "editable": editable and rater in writable and rater != ratee,
                "outlier": show_all and (rater, ratee) in outlier_pairs,
            })
        matrix.append({"unit": names[rater], "cells": cells, "editable": editable and rater in writable})
    return render(request, "scoring/peer.html", {
        "period": period, "cluster": period.cluster, "members": [m.unit for m in members], "matrix": matrix,
        "consolidated": [consolidated[u] for u in member_ids], "show_consolidated": show_consolidated,
        "show_all": show_all, "editable": editable, "closed": closed, "errors": errors,
        "criteria_set": criteria_set, "rule_label": PeerRule(rule).label, "trim": trim, "gap": gap,
        "outlier_count": len(outlier_pairs), "nav": _nav(request, period, "peer"),
        "version": version or (sheets.peer_version(period, writable) if editable else ""),
    })


# -- ranking --------------------------------------------------------------------------------------------------

@login_required
def ranking(request, period_pk):
    period = _period(period_pk)
    _require(request, "scoring.view_ranking", period)
    criteria_set = CriteriaSet.objects.filter(period=period).first()
    results = queries.compute_ranking(period) if criteria_set else []
    locked = ScoreSheet.objects.filter(period=period, state=SheetState.LOCKED).count()
    members = period.memberships.count()
    weight = criteria_set.peer_weight if criteria_set else 0
    return render(request, "scoring/ranking.html", {
        "period": period, "cluster": period.cluster, "criteria_set": criteria_set, "results": results,
        "provisional": not phase_reached(period.phase, Phase.RANKING) or locked < members,
        "locked_count": locked, "member_count": members,
        "tie_labels": _tie_labels(criteria_set), "bands": _bands(criteria_set),
        "peer_weight": weight, "sheet_weight": 100 - weight if weight else 100,
        "rule_label": PeerRule(criteria_set.peer_rule).label if criteria_set else "",
        "nav": _nav(request, period, "ranking"),
    })
