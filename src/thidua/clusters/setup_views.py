"""Set-up of a cluster or block ("Tạo cụm, khối"): by an organiser's staff, for their own organiser, and by the
system administrator. The view checks the permission, calls one domain function and lands on the cluster's page,
where the next step (open its first year) waits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.clusters.domain.clusters import create_cluster
from thidua.clusters.interfaces.forms import ClusterCreateForm
from thidua.orgs.models import Organiser


def organisers_for(user):
    """The organisers a user may create or move clusters for: every one for the system administrator."""
    organisers = Organiser.objects.order_by("sort_key")
    return organisers if user.is_system_admin else organisers.filter(pk__in=user.organiser_ids)


@login_required
def cluster_create(request):
    user = request.user
    if not user.has_perm("clusters.add_cluster"):
        raise PermissionDenied
    organisers = organisers_for(user)
    named = request.GET.get("organiser", "")
    organiser = organisers.filter(pk=int(named)).first() if named.isdigit() else None
    if organiser is None and not user.is_system_admin:
        organiser = organisers.first() if len(user.organiser_ids) == 1 else None
    initial = {"organiser": organiser, "area": organiser.area_id if organiser else None}
    form = ClusterCreateForm(request.POST or None, initial=initial, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        if not user.has_perm("clusters.change_cluster", form.instance):  # the organiser is the user's own
            raise PermissionDenied
        try:
            cluster = create_cluster(form.instance, actor=user)
        except ValidationError as error:
            form.instance.pk = None
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã tạo %(kind)s %(name)s. Bước tiếp theo: mở năm thi đua đầu tiên.")
                             % {"kind": cluster.get_kind_display().lower(), "name": cluster.name})
            return redirect(cluster)
    return render(request, "core/form_page.html", {"form": form, "page_title": _("Tạo cụm, khối thi đua"),
                                                   "cancel_url": reverse("clusters:cluster_list")})
