from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thidua.clusters.domain.queries import clusters_of_user, current_year


@login_required
def home(request):
    year = current_year()
    clusters = list(clusters_of_user(request.user, year))
    return render(request, "core/home.html", {"year": year, "clusters": clusters})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
