"""Cluster pages. Views parse the request, call one domain function, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from thidua.clusters.domain import periods as period_domain
from thidua.clusters.domain.clusters import save_cluster_changes
from thidua.clusters.domain.queries import (
    clusters_with_year,
    current_year,
    default_year,
    own_clusters,
    periods_with_leaders,
)
from thidua.clusters.domain.words import kind_words
from thidua.clusters.interfaces.filters import ClusterFilter
from thidua.clusters.interfaces.forms import AddMemberForm, ClusterForm, LeaderForm, PeriodForm
from thidua.clusters.interfaces.tables import ClusterTable
from thidua.clusters.models import Cluster, EmulationPeriod
from thidua.clusters.phase_views import managed_period, phase_context
from thidua.clusters.setup_views import organisers_for
from thidua.core import versions
from thidua.core.activity import visible_entries
from thidua.core.export import table_response
from thidua.core.models import Activity
from thidua.core.tables import own_first
from thidua.core.text import clean_input

PAGE_SIZE = 25


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year") or default_year())
    except ValueError:
        return default_year()


@login_required
def cluster_list(request):
    year = _year_param(request)
    # The user's own clusters first (the organiser's block before another province's clusters), then by name.
    filterset = ClusterFilter(request.GET, queryset=own_first(clusters_with_year(year), own_clusters(request.user)))
    kind = filterset.form.cleaned_data.get("kind") if filterset.form.is_valid() else None
    table = ClusterTable(filterset.qs, year=year, words=kind_words(kind) if kind else None)
    if request.GET.get("export") == "xlsx":
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, f"cum-khoi-thi-dua-{year}.xlsx", _("Cụm, khối thi đua"))
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    template = "clusters/_cluster_table.html" if request.htmx else "clusters/cluster_list.html"
    return render(request, template, {"filter": filterset, "table": table, "year": year})


@login_required
def cluster_detail(request, pk):
    cluster = get_object_or_404(Cluster.objects.select_related("organiser", "area__successor"), pk=pk)
    periods = periods_with_leaders(cluster)
    years = [p.year for p in periods]
    year = _year_param(request) if request.GET.get("year") else (years[0] if years else current_year())
    period = next((p for p in periods if p.year == year), None)
    members = []
    if period:
        members = list(period.memberships.select_related("unit__sector").order_by("unit__sort_key"))
    leaders_by_unit = {t.unit_id: t for t in period.leadership_terms.all()} if period else {}
    timeline = visible_entries(request.user, Activity.objects.for_scope(cluster.scope))[:15]
    return render(request, "clusters/cluster_detail.html", {
        "cluster": cluster, "words": cluster.words, "periods": periods, "period": period, "year": year,
        "members": members,
        "leaders_by_unit": leaders_by_unit, "timeline": timeline,
        "can_change": request.user.has_perm("clusters.change_cluster", cluster),
        "can_manage": period is not None and request.user.has_perm("clusters.manage_period", period),
        # a link, not an import: the dashboard is a page of screens (above clusters)
        "can_chart": request.user.has_perm("screens.view_cluster_dashboard", cluster),
    })


@login_required
def cluster_activity(request, pk):
    """The activity log of a cluster, newest first, searchable and paginated: the entries about what the user may
    see (a member's score sheet, a proposal… only to who may see it)."""
    cluster = get_object_or_404(Cluster, pk=pk)
    if not request.user.has_perm("clusters.view_cluster", cluster):
        raise PermissionDenied
    entries = visible_entries(request.user, Activity.objects.for_scope(cluster.scope))
    query = clean_input(request.GET.get("q", ""))[:200]  # as a form's text: no NUL, which PostgreSQL refuses
    if query:
        entries = entries.filter(summary__icontains=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "clusters/cluster_activity.html", {"cluster": cluster, "page": page, "q": query})


@login_required
def cluster_edit(request, pk):
    cluster = get_object_or_404(Cluster, pk=pk)
    if not request.user.has_perm("clusters.change_cluster", cluster):
        raise PermissionDenied
    form = ClusterForm(request.POST or None, instance=cluster, organisers=organisers_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            save_cluster_changes(form.instance, ClusterForm.Meta.fields, actor=request.user,
                                 loaded_version=versions.loaded(form))
        except ValidationError as error:
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin cụm, khối."))
            return redirect(cluster)
    return render(request, "core/form_page.html", {"form": form, "page_title": _("Sửa cụm, khối: %(name)s") % {"name": cluster.name},
                                                   "cancel_url": cluster.get_absolute_url()})


@login_required
def period_create(request, pk):
    cluster = get_object_or_404(Cluster, pk=pk)
    if not request.user.has_perm("clusters.change_cluster", cluster):
        raise PermissionDenied
    last = cluster.periods.order_by("-year").first()
    year = (last.year + 1) if last else current_year()
    start, end = period_domain.default_span(cluster, year)  # the previous year's span, a calendar year later
    initial = {"year": year, "start_date": start, "end_date": end}
    form = PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            period = period_domain.create_period(
                cluster, form.cleaned_data["year"], form.cleaned_data["start_date"], form.cleaned_data["end_date"],
                actor=request.user, copy_members_from=last,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã mở năm thi đua %(year)s.") % {"year": period.year})
            return redirect(period)
    return render(request, "core/form_page.html", {"form": form, "page_title": _("Mở năm thi đua mới — %(name)s") % {"name": cluster.name},
                                                   "cancel_url": cluster.get_absolute_url()})


def render_period(request, period: EmulationPeriod, leader_form: LeaderForm | None = None, **phase_forms):
    """The management page of a period; a refused form comes back with what was typed and why (the phase's forms:
    clusters.phase_views)."""
    return render(request, "clusters/period_detail.html", {
        "period": period, "cluster": period.cluster, "words": period.cluster.words,
        "members": period.memberships.select_related("unit").order_by("unit__sort_key"),
        "terms": period.leadership_terms.select_related("unit"),
        "member_form": AddMemberForm(period=period), "leader_form": leader_form or LeaderForm(period=period),
        **phase_context(request, period, **phase_forms),
    })


@login_required
def period_detail(request, pk):
    period = get_object_or_404(EmulationPeriod.objects.select_related("cluster__organiser"), pk=pk)
    if not request.user.has_perm("clusters.manage_period", period):
        raise PermissionDenied
    return render_period(request, period)


@login_required
@require_POST
def period_add_member(request, pk):
    period = managed_period(request, pk)
    form = AddMemberForm(request.POST, period=period)
    if form.is_valid():
        period_domain.add_members(period, [form.cleaned_data["unit"]], actor=request.user)
        messages.success(request, _("Đã thêm %(unit)s vào %(word)s năm %(year)s.")
                         % {"unit": form.cleaned_data["unit"], "word": period.cluster.words.word, "year": period.year})
    else:
        messages.error(request, _("Chưa chọn đơn vị hợp lệ để thêm."))
    return redirect(period)


@login_required
@require_POST
def period_remove_member(request, pk, unit_id):
    period = managed_period(request, pk)
    membership = get_object_or_404(period.memberships.select_related("unit"), unit_id=unit_id)
    try:
        period_domain.remove_member(period, membership.unit, actor=request.user)
        messages.success(request, _("Đã bỏ %(unit)s khỏi %(word)s năm %(year)s.")
                         % {"unit": membership.unit, "word": period.cluster.words.word, "year": period.year})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(period)


@login_required
@require_POST
def period_set_leader(request, pk):
    period = managed_period(request, pk)
    form = LeaderForm(request.POST, period=period)
    if form.is_valid():
        data = form.cleaned_data
        try:
            period_domain.set_leader(period, data["role"], data["unit"], data["method"], data["decision_ref"],
                                     data["decided_on"], actor=request.user, loaded_version=versions.loaded(form))
        except ValidationError as error:
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã ghi nhận %(role)s năm %(year)s: %(unit)s.")
                             % {"role": period.cluster.words.role(data["role"]), "year": period.year,
                                "unit": data["unit"]})
            return redirect(period)
    return render_period(request, period, leader_form=form)
