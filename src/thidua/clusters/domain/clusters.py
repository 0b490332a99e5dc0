"""Changes to a cluster's own record (name, kind, organiser, regulation): edits with an activity entry, all or
nothing. Its years, members and leaders change in periods.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.clusters.models import Cluster
from thidua.core import activity, text, versions
from thidua.core.models import Activity


def version(cluster: Cluster, fields: list[str]) -> str:
    """The version of a cluster's record as its edit page (writing `fields`) carries it (core.versions)."""
    return versions.token(cluster, cluster.scope, versions.field_values(cluster, fields))


@transaction.atomic
def save_cluster_changes(cluster: Cluster, fields: list[str], actor=None, loaded_version: str | None = None) -> list[dict]:
    """Save an edited cluster (the form has set the new values on it) and log the fields that changed, old → new,
    on the cluster's timeline. The old values are read from the stored row, locked until the save commits.
    `loaded_version`: the version the edit page was loaded with; refused (core.versions.StaleVersion) when the
    stored record is newer."""
    stored = Cluster.objects.select_for_update().get(pk=cluster.pk)
    versions.check(stored, stored.scope, versions.field_values(stored, fields), loaded_version)
    check_cluster(cluster)
    before = activity.snapshot(stored, fields)
    cluster.save()
    changes = activity.diff(cluster, before, activity.snapshot(cluster, fields))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, cluster, cluster.scope, summary="Sửa thông tin cụm, khối",
                        changes=changes)
    return changes


def check_cluster(cluster: Cluster) -> None:
    """Two clusters of one organiser do not share a name (a list and a paper could not tell them apart)."""
    duplicate = text.same_name(Cluster.objects.filter(organiser_id=cluster.organiser_id).exclude(pk=cluster.pk),
                               cluster.name)
    if duplicate is not None:
        raise ValidationError({"name": _("%(organiser)s đã có %(kind)s “%(name)s”.")
                               % {"organiser": cluster.organiser, "kind": duplicate.get_kind_display().lower(),
                                  "name": duplicate.name}})


@transaction.atomic
def create_cluster(cluster: Cluster, actor=None) -> Cluster:
    """Record a new cluster or block (the form has set its values); its code is made from its name. Its first
    year is opened next, on its page (periods.create_period)."""
    check_cluster(cluster)
    cluster.code = cluster.code or text.new_code(cluster.name, lambda code: Cluster.objects.filter(code=code).exists(),
                                                 max_length=80)
    cluster.save()
    with activity.log_language():
        activity.record(actor, Activity.Action.CREATE, cluster, cluster.scope,
                        summary=f"Tạo {cluster.get_kind_display().lower()}: {cluster.name}")
    return cluster
