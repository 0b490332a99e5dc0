from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.clusters.domain.queries import (
    clusters_of_user,
    current_year,
    latest_year_of_user,
    periods_headed_by,
)
from thidua.orgs.models import Unit


@login_required
def home(request):
    """My clusters this year; if none yet (the new year's periods are not open), those of the latest year."""
    user = request.user
    year = current_year()
    clusters = list(clusters_of_user(user, year))
    shown_year = year
    if not clusters:
        latest = latest_year_of_user(user)
        if latest and latest != year:
            shown_year, clusters = latest, list(clusters_of_user(user, latest))
    return render(request, "core/home.html", {
        "year": year, "shown_year": shown_year, "clusters": clusters,
        "managed_periods": list(periods_headed_by(user, shown_year)),
        "my_units": list(Unit.objects.filter(pk__in=user.unit_ids).order_by("sort_key").values_list("name", flat=True)),
    })


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
