"""Movement, covenant and registration pages. Views parse the request, call one domain function, render."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from thidua.clusters.enums import Phase
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.export import table_response
from thidua.core.formatting import format_number, progress
from thidua.core.forms import adding_row, initial_rows, posted_rows
from thidua.movements.domain import covenants as domain
from thidua.movements.enums import CovenantState, TargetKind
from thidua.movements.interfaces.filters import MovementFilter
from thidua.movements.interfaces.forms import (
    CovenantForm,
    CovenantItemFormSet,
    MovementForm,
    RegistrationForm,
    SignatureForm,
    TargetFormSet,
    periods_managed_by,
)
from thidua.movements.interfaces.tables import MovementTable
from thidua.movements.models import Covenant, CovenantSignature, Movement, Registration
from thidua.orgs.models import Unit

PAGE_SIZE = 25
REGISTRATION_PHASES = (Phase.SETUP, Phase.REGISTRATION)


def _period(pk) -> EmulationPeriod:
    return get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)


def _require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _errors_to_form(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# ---- movements ----------------------------------------------------------------------------------------------


@login_required
def movement_list(request):
    queryset = Movement.objects.prefetch_related(
        Prefetch("periods", queryset=EmulationPeriod.objects.select_related("cluster").order_by("-year",
                                                                                               "cluster__sort_key")))
    filterset = MovementFilter(request.GET, queryset=queryset)
    table = MovementTable(filterset.qs, can_edit_period=_period_editor(request.user))
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, "phong-trao-thi-dua.xlsx", _("Phong trào thi đua"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    template = "core/_table_card.html" if request.htmx else "movements/movement_list.html"
    return render(request, template, {"filter": filterset, "table": table,
                                      "can_create": _may_manage_some(request.user)})


def _may_manage_some(user) -> bool:
    return user.is_system_admin or bool(user.organiser_ids) or bool(user.head_unit_ids)


def _period_editor(user):
    """Whether the user manages a period (as `movements.manage_year`), answered for many periods with at most
    one query: the periods whose head unit the user works for."""
    if user.is_system_admin:
        return lambda period: True
    from thidua.clusters.models import LeadershipTerm

    headed = set(LeadershipTerm.objects.filter(role="head", unit_id__in=user.head_unit_ids)
                 .values_list("period_id", flat=True)) if user.head_unit_ids else set()
    organisers = user.organiser_ids
    return lambda period: period.pk in headed or period.cluster.organiser_id in organisers


def _movement_fields(data: dict) -> dict:
    return {name: data[name] for name in MovementForm.Meta.fields}


@login_required
def movement_create(request):
    if not (_may_manage_some(request.user) and periods_managed_by(request.user).exists()):
        raise PermissionDenied
    initial = {}
    if request.GET.get("period", "").isdigit():
        initial["periods"] = [int(request.GET["period"])]
    form = MovementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = _movement_fields(data)
        name = fields.pop("name")
        movement = domain.create_movement(list(data["periods"]), name, actor=request.user, **fields)
        messages.success(request, _("Đã ghi phong trào “%(name)s”.") % {"name": movement.name})
        return redirect("movements:movement_list")
    return render(request, "movements/movement_form.html", {
        "form": form, "page_title": _("Ghi phong trào thi đua"), "others": []})


@login_required
def movement_edit(request, pk):
    movement = get_object_or_404(Movement, pk=pk)
    linked = list(movement.periods.select_related("cluster__organiser"))
    if not (request.user.is_system_admin or any(request.user.has_perm("movements.manage_year", p) for p in linked)):
        raise PermissionDenied
    managed_ids = set(periods_managed_by(request.user).filter(pk__in=[p.pk for p in linked])
                      .values_list("pk", flat=True))
    # Years of other clusters the user does not manage stay linked; the user can neither see them go nor remove them.
    others = [p for p in linked if p.pk not in managed_ids]
    form = MovementForm(request.POST or None, instance=movement, user=request.user,
                        initial={"periods": [p.pk for p in linked if p.pk in managed_ids]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.update_movement(movement, [*data["periods"], *others], actor=request.user,
                                   loaded_version=versions.loaded(form), **_movement_fields(data))
        except ValidationError as error:  # changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu phong trào “%(name)s”.") % {"name": movement.name})
            return redirect("movements:movement_list")
    return render(request, "movements/movement_form.html", {
        "form": form, "page_title": _("Sửa phong trào: %(name)s") % {"name": movement.name}, "movement": movement, "others": others})


# ---- covenant -----------------------------------------------------------------------------------------------


def _signable_units(request, period, covenant, manages: bool):
    """The members this user may sign for: any not yet signed (head, organiser), or only their own unit."""
    units = Unit.objects.filter(memberships__period=period).exclude(
        pk__in=covenant.signatures.values("unit_id")).order_by("sort_key")
    if not manages:
        units = units.filter(pk__in=request.user.officer_unit_ids)
    return units


def _covenant_page(request, period, *, covenant_form=None, items=None, sign_form=None, status=200):
    covenant = (Covenant.objects.filter(period=period)
                .prefetch_related("items", Prefetch("signatures", queryset=_signatures()))
                .first())
    manages = request.user.has_perm("movements.manage_year", period)
    editable = manages and period.phase != Phase.CLOSED and (covenant is None or covenant.state == CovenantState.DRAFT)
    if editable and covenant_form is None:
        covenant_form = _covenant_form(period, initial={
            "title": covenant.title if covenant else f"Giao ước thi đua năm {period.year} của {period.cluster.name}",
            "preamble": covenant.preamble if covenant else "", "place": covenant.place if covenant else ""})
        items = initial_rows(CovenantItemFormSet, "items",
                             initial=[{"text": i.text} for i in covenant.items.all()] if covenant else [],
                             extra=3 if covenant is None else 1)
    members = list(Unit.objects.filter(memberships__period=period).order_by("sort_key"))
    signatures = list(covenant.signatures.all()) if covenant else []
    signed_ids = {s.unit_id for s in signatures}
    unsigned = [u for u in members if u.pk not in signed_ids]
    can_sign = (covenant is not None and covenant.state == CovenantState.OPEN
                and request.user.has_perm("movements.sign", period))
    if can_sign and sign_form is None:
        units = _signable_units(request, period, covenant, manages)
        sign_form = SignatureForm(units=units) if units.exists() else None
    own_signatures = [s for s in signatures if s.unit_id in request.user.officer_unit_ids]
    return render(request, "movements/covenant.html", {
        "period": period, "cluster": period.cluster, "covenant": covenant, "manages": manages,
        "editable": editable, "covenant_form": covenant_form, "items": items,
        "signatures": signatures, "unsigned": unsigned, "members": members,
        "figures": progress(len(signed_ids), len(members)),
        "can_sign": can_sign, "sign_form": sign_form, "own_signatures": own_signatures,
        "can_open": manages and covenant is not None and covenant.state == CovenantState.DRAFT,
        "hide_errors": adding_row(request), "documents": _document_links(period, covenant),
    }, status=status)


def _covenant_form(period, data=None, initial=None) -> CovenantForm:
    """The draft's form, with the version of the draft it was loaded from (core.versions)."""
    form = CovenantForm(data, initial=initial)
    versions.attach(form, lambda: domain.covenant_version(period))
    return form


def _document_links(period, covenant) -> list[tuple[str, str]]:
    """The covenant's documents (PDF and Word)."""
    if covenant is None:
        return []
    return [(label, reverse(name, args=[period.pk])) for name, label in (
        ("movements:covenant_pdf", _("Giao ước (PDF)")), ("movements:covenant_docx", _("Giao ước (Word)")))]


def _signatures():
    return CovenantSignature.objects.select_related("unit").order_by("signed_on", "unit__sort_key")


@login_required
def covenant(request, period_pk):
    """The covenant of a cluster year: its items (edited while a draft), signatures, who has not signed."""
    period = _period(period_pk)
    _require(request, "movements.view_year", period)
    if request.method != "POST":
        return _covenant_page(request, period)
    _require(request, "movements.manage_year", period)
    form = _covenant_form(period, request.POST)
    items = posted_rows(CovenantItemFormSet, request, "items")
    if adding_row(request):
        return _covenant_page(request, period, covenant_form=form, items=items)
    if form.is_valid() & items.is_valid():
        texts = [row["text"] for row in items.rows()]
        try:
            domain.draft_covenant(period, form.cleaned_data["title"], texts, preamble=form.cleaned_data["preamble"],
                                  place=form.cleaned_data["place"], actor=request.user,
                                  loaded_version=versions.loaded(form))
        except versions.StaleVersion as error:  # changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo giao ước (%(count)s nội dung).") % {"count": len(texts)})
            return redirect("movements:covenant", period_pk=period.pk)
    return _covenant_page(request, period, covenant_form=form, items=items)


@login_required
@require_POST
def covenant_open(request, period_pk):
    period = _period(period_pk)
    _require(request, "movements.manage_year", period)
    covenant = get_object_or_404(Covenant, period=period)
    try:
        domain.open_for_signing(covenant, actor=request.user)
        messages.success(request, _("Đã mở ký kết giao ước: các thành viên ký được từ bây giờ."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("movements:covenant", period_pk=period.pk)


@login_required
def covenant_sign(request, period_pk):
    """A member's officer signs for its own unit; the head or organiser may record any member's signature
    (signed on paper at the conference)."""
    period = _period(period_pk)
    _require(request, "movements.sign", period)
    if request.method != "POST":
        return redirect("movements:covenant", period_pk=period.pk)
    covenant = get_object_or_404(Covenant, period=period)
    manages = request.user.has_perm("movements.manage_year", period)
    unit_id = request.POST.get("unit", "")
    if not manages and unit_id.isdigit() and int(unit_id) not in request.user.officer_unit_ids:
        raise PermissionDenied
    form = SignatureForm(request.POST, units=_signable_units(request, period, covenant, manages))
    if form.is_valid():
        data = form.cleaned_data
        try:
            domain.sign(covenant, data["unit"], data["signer_name"], data["signer_title"], data["signed_on"],
                        actor=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            covenant.refresh_from_db(fields=["state"])
            message = _("Đã ghi chữ ký của %(unit)s.") % {"unit": data["unit"]}
            if covenant.state == CovenantState.SIGNED:
                message += " " + _("Giao ước đã được ký đủ.")
            messages.success(request, message)
            return redirect("movements:covenant", period_pk=period.pk)
    return _covenant_page(request, period, sign_form=form, status=200)


# ---- registration -------------------------------------------------------------------------------------------


def _criteria(period):
    from thidua.scoring.models import Criterion

    return Criterion.objects.filter(criteria_set__period=period).exclude(type="group").order_by("order")


def _amount(value) -> str:
    """92.50 → "92,5"; 100.00 → "100"."""
    return "" if value is None else format_number(value.normalize())


@login_required
def registration(request, period_pk, unit_pk):
    """A member's registration: the titles it aims for and its targets. Its officers edit it while
    registration is open; the head and the organiser read it."""
    period = _period(period_pk)
    unit = get_object_or_404(Unit.objects.filter(memberships__period=period), pk=unit_pk)
    can_edit = unit.pk in request.user.officer_unit_ids and request.user.has_perm("movements.register", period)
    if not (can_edit or request.user.has_perm("movements.manage_year", period)):
        raise PermissionDenied
    is_open = period.phase in REGISTRATION_PHASES
    existing = (Registration.objects.filter(period=period, unit=unit)
                .prefetch_related("targets__criterion").first())
    criteria = _criteria(period)
    form_kwargs = {"criteria": criteria}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = RegistrationForm(request.POST)
        versions.attach(form, lambda: domain.registration_version(period, unit))
        targets = posted_rows(TargetFormSet, request, "targets", form_kwargs=form_kwargs)
        if not adding_row(request):
            if not is_open:
                form.add_error(None, _("Đăng ký thi đua chỉ mở ở giai đoạn “%(open)s”; năm %(year)s đang ở giai đoạn "
                                       "“%(phase)s”.") % {"open": Phase.REGISTRATION.label, "year": period.year,
                                                         "phase": period.get_phase_display()})
            elif form.is_valid() & targets.is_valid():
                rows = [{"name": r["name"].strip(), "kind": r["kind"] or TargetKind.QUANTITATIVE,
                         "unit_of_measure": (r.get("unit_of_measure") or "").strip(),
                         "target_value": r.get("target_value"), "criterion": r.get("criterion")}
                        for r in targets.rows()]
                try:
                    domain.register(period, unit, form.cleaned_data["aimed_titles"], rows,
                                    note=form.cleaned_data["note"], actor=request.user,
                                    loaded_version=versions.loaded(form))
                except versions.StaleVersion as error:  # changed by someone else since the page was loaded
                    versions.show_refusal(form, error)
                except ValidationError as error:
                    _errors_to_form(form, error)
                else:
                    messages.success(request, _("Đã ghi đăng ký thi đua năm %(year)s của %(unit)s (%(count)s chỉ tiêu).")
                                     % {"year": period.year, "unit": unit, "count": len(rows)})
                    return redirect("movements:registration", period_pk=period.pk, unit_pk=unit.pk)
    else:
        form = RegistrationForm(initial={"aimed_titles": existing.aimed_titles, "note": existing.note}
                                if existing else None)
        versions.attach(form, lambda: domain.registration_version(period, unit))
        initial = [{"name": t.name, "kind": t.kind, "unit_of_measure": t.unit_of_measure,
                    "target_value": _amount(t.target_value),
                    "criterion": t.criterion_id} for t in existing.targets.all()] if existing else []
        targets = initial_rows(TargetFormSet, "targets", initial=initial, extra=1 if initial else 3,
                               form_kwargs=form_kwargs)
    shown = [(t, _amount(t.target_value)) for t in existing.targets.all()] if existing else []
    return render(request, "movements/registration.html", {
        "period": period, "cluster": period.cluster, "unit": unit, "registration": existing, "shown_targets": shown,
        "form": form, "targets": targets, "can_edit": can_edit and is_open, "is_open": is_open,
        "manages": request.user.has_perm("movements.manage_year", period),
        "hide_errors": adding_row(request),
    })


@login_required
def registrations(request, period_pk):
    """The head's overview: who has registered, "x/y đơn vị đã đăng ký (z%)", and who has not."""
    period = _period(period_pk)
    _require(request, "movements.manage_year", period)
    registered, total = domain.registration_progress(period)
    by_unit = {r.unit_id: r for r in Registration.objects.filter(period=period).annotate(n_targets=Count("targets"))}
    members = list(Unit.objects.filter(memberships__period=period).order_by("sort_key"))
    rows = [(u, by_unit.get(u.pk)) for u in members]
    missing = [u for u, r in rows if r is None or r.submitted_at is None]
    return render(request, "movements/registrations.html", {
        "period": period, "cluster": period.cluster, "rows": rows, "missing": missing,
        "figures": progress(registered, total), "is_open": period.phase in REGISTRATION_PHASES,
        "year_url": reverse("screens:period_year", args=[period.pk]),
    })
