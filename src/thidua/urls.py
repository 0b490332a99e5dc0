from django.contrib import admin
from django.urls import include, path

from thidua.screens import views as screens_views

admin.site.site_header = "ThiĐua — quản trị danh mục"
admin.site.site_title = "ThiĐua"

urlpatterns = [
    path("", screens_views.home, name="home"),
    path("", include("thidua.screens.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("thong-bao/", include("thidua.accounts.notification_urls")),
    path("cum-khoi/", include("thidua.clusters.urls")),
    path("cham-diem/", include("thidua.scoring.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("hoi-nghi/", include("thidua.meetings.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("ho-so/", include("thidua.dossiers.urls")),
    path("cong-khai/", include("thidua.dossiers.public_urls")),  # public notices: no log-in
    path("bao-cao/", include("thidua.reports.urls")),
    path("bo-phieu/", include("thidua.voting.urls")),
    path("quy-dinh/", include("thidua.screens.law_urls")),  # law kept as data, by the right owner
    path("", include("thidua.orgs.urls")),
    path("", include("thidua.core.urls")),  # background jobs' pages
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.not_found"
handler500 = "thidua.core.views.server_error"
