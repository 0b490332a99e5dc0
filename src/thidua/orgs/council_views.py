"""The council pages: an organiser's Hội đồng Thi đua - Khen thưởng, its members by term, who joined and left.
Kept by the organiser's staff and the system administrator (orgs.manage_council); anyone else gets 403. Each POST
calls one domain function (orgs.domain.councils) that checks, writes and logs in one transaction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import versions
from thidua.core.models import Activity
from thidua.core.search import apply_search, ranked
from thidua.orgs.domain import councils
from thidua.orgs.domain.queries import people_visible_to
from thidua.orgs.enums import CouncilRole
from thidua.orgs.interfaces.councils import CouncilForm, DayForm, EndForm, MemberForm, PersonSearchForm
from thidua.orgs.models import Council, CouncilMember, Organiser

FOUND_LIMIT = 20


def _council(request, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("organiser"), pk=pk)
    if not request.user.has_perm("orgs.manage_council", council):
        raise PermissionDenied
    return council


def _member(request, pk, member_pk) -> CouncilMember:
    council = _council(request, pk)
    member = get_object_or_404(CouncilMember, pk=member_pk, council=council)
    member.council = council
    return member


def _organisers(user):
    """The organisers whose council the user keeps."""
    organisers = Organiser.objects.order_by("sort_key")
    return organisers if user.is_system_admin else organisers.filter(pk__in=user.organiser_ids)


@login_required
def council_list(request):
    if not request.user.has_perm("orgs.list_councils"):
        raise PermissionDenied
    today = timezone.localdate()
    serving = (Q(memberships__valid_from__lte=today) & ~Q(memberships__role=CouncilRole.SECRETARIAT)
               & (Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=today)))
    rows = Council.objects.select_related("organiser").annotate(n_members=Count("memberships", filter=serving))
    if not request.user.is_system_admin:
        rows = rows.filter(organiser_id__in=request.user.organiser_ids)
    return render(request, "orgs/council_list.html", {
        "councils": list(rows.order_by("organiser__sort_key", "name")), "today": today})


@login_required
def council_create(request):
    if not request.user.has_perm("orgs.list_councils"):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, organisers=_organisers(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.has_perm("orgs.add_council", data["organiser"]):
            raise PermissionDenied
        try:
            council = councils.create_council(data["organiser"], data["name"], data["decision_ref"],
                                              actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo hội đồng “%(name)s”. Thêm các thành viên theo quyết định.")
                             % {"name": council.name})
            return redirect(council)
    return render(request, "core/form_page.html", {
        "form": form, "page_title": _("Tạo hội đồng thi đua - khen thưởng"), "cancel_url": reverse("orgs:council_list")})


@login_required
def council_edit(request, pk):
    council = _council(request, pk)
    form = CouncilForm(request.POST or None, initial={"name": council.name, "decision_ref": council.decision_ref})
    versions.attach(form, lambda: councils.version(council))
    if request.method == "POST" and form.is_valid():
        try:
            councils.update_council(council, form.cleaned_data["name"], form.cleaned_data["decision_ref"],
                                    actor=request.user, loaded_version=versions.loaded(form))
        except ValidationError as error:  # a name taken, or changed by someone else since the page was loaded
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin hội đồng."))
            return redirect(council)
    return render(request, "core/form_page.html", {
        "form": form, "page_title": _("Sửa hội đồng: %(name)s") % {"name": council.name},
        "cancel_url": council.get_absolute_url()})


@login_required
def council_detail(request, pk):
    """The members on a day (today unless asked), the secretariat, every term the council has had, its log."""
    council = _council(request, pk)
    day_form = DayForm(request.GET or None)
    day = (day_form.cleaned_data.get("day") if day_form.is_valid() else None) or timezone.localdate()
    return render(request, "orgs/council_detail.html", {
        "council": council, "day": day, "day_form": day_form,
        "members": councils.members_on(council, day), "secretariat": councils.secretariat_on(council, day),
        "history": councils.history(council),
        "timeline": Activity.objects.for_scope(councils.scope(council))[:30],
    })


@login_required
def member_add(request, pk):
    """Search the people records (those the user may see, within the council's province or sector) and pick one,
    or type a name; then the term."""
    council = _council(request, pk)
    people = councils.within_reach(council, people_visible_to(request.user))
    search = PersonSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"].strip():
        found = list(ranked(apply_search(people, search.cleaned_data["q"]), "sort_key")[:FOUND_LIMIT])
    picked = None
    if request.method != "POST" and request.GET.get("person", "").isdigit():
        picked = people.filter(pk=request.GET["person"]).first()
    initial = {"person": picked.pk, "name": picked.full_name,
               "position": ", ".join(p for p in (picked.position, picked.unit.name) if p)} if picked else {}
    form = MemberForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = councils.add_member(council, role=data["role"], valid_from=data["valid_from"],
                                         valid_to=data["valid_to"], person=data["person"], name=data["name"],
                                         position=data["position"], decision_ref=data["decision_ref"],
                                         actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã thêm %(name)s vào hội đồng (%(term)s).")
                             % {"name": member.name, "term": councils.term_text(member)})
            return redirect(council)
    chosen = form["person"].value()
    person = people.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
    return render(request, "orgs/council_member_form.html", {
        "council": council, "form": form, "search": search, "found": found, "person": person,
        "query": request.GET.urlencode()}, status=400 if form.errors else 200)


@login_required
def member_end(request, pk, member_pk):
    member = _member(request, pk, member_pk)
    form = EndForm(request.POST or None)
    versions.attach(form, lambda: councils.member_version(member))
    if request.method == "POST" and form.is_valid():
        try:
            member = councils.end_member(member, form.cleaned_data["valid_to"], actor=request.user,
                                         loaded_version=versions.loaded(form))
        except ValidationError as error:  # a day before the start, or the row changed since the page was loaded
            versions.show_refusal(form, error)
        else:
            messages.success(request, _("%(name)s là thành viên hội đồng đến hết ngày %(day)s.")
                             % {"name": member.name, "day": member.valid_to.strftime("%d/%m/%Y")})
            return redirect(member.council)
    return render(request, "orgs/council_member_confirm.html", {
        "council": member.council, "member": member, "form": form, "action": "end",
        "term": councils.term_text(member)}, status=400 if form.errors else 200)


@login_required
def member_delete(request, pk, member_pk):
    """Delete a membership typed by mistake, after a confirmation page."""
    member = _member(request, pk, member_pk)
    error, version = None, None
    if request.method == "POST":
        try:
            councils.remove_member(member, actor=request.user, loaded_version=versions.posted(request.POST))
        except versions.StaleVersion as refused:  # the row changed since the page was loaded: confirm again
            error, version = refused.messages, refused.current
        else:
            messages.success(request, _("Đã xóa dòng thành viên %(name)s.") % {"name": member.name})
            return redirect(member.council)
    return render(request, "orgs/council_member_confirm.html", {
        "council": member.council, "member": member, "action": "delete", "term": councils.term_text(member),
        "errors": error, "version": version or councils.member_version(member)})
