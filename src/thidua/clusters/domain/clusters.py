"""Changes to a cluster's own record (name, kind, organiser, regulation): edits with an activity entry, all or
nothing. Its years, members and leaders change in periods.py."""

from django.db import transaction

from thidua.clusters.models import Cluster
from thidua.core import activity
from thidua.core.models import Activity


@transaction.atomic
def save_cluster_changes(cluster: Cluster, fields: list[str], actor=None) -> list[dict]:
    """Save an edited cluster (the form has set the new values on it) and log the fields that changed, old → new,
    on the cluster's timeline. The old values are read from the stored row, locked until the save commits."""
    stored = Cluster.objects.select_for_update().get(pk=cluster.pk)
    before = activity.snapshot(stored, fields)
    cluster.save()
    changes = activity.diff(cluster, before, activity.snapshot(cluster, fields))
    if changes:
        activity.record(actor, Activity.Action.UPDATE, cluster, cluster.scope, summary="Sửa thông tin cụm, khối",
                        changes=changes)
    return changes
