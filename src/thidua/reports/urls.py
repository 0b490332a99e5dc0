from django.urls import path

from thidua.reports import documents, statform_views, views

app_name = "reports"
urlpatterns = [
    path("cum-khoi/nam/<int:pk>/khen-thuong/", views.cluster_figures, name="cluster_figures"),
    path("cum-khoi/nam/<int:pk>/khen-thuong/chi-tiet/", views.figures_drilldown, name="figures_drilldown"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket/", views.year_report, name="year_report"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket.docx", documents.year_report_docx, name="year_report_docx"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket.pdf", documents.year_report_pdf, name="year_report_pdf"),
    path("thong-ke/", statform_views.statforms_index, name="statforms_index"),
    path("thong-ke/<slug:who>/<int:year>/", statform_views.statforms_set, name="statforms_set"),
    path("thong-ke/<slug:who>/<int:year>/excel/", statform_views.statforms_excel, name="statforms_excel"),
    path("thong-ke/<slug:who>/<int:year>/<slug:code>/", statform_views.statform, name="statform"),
    path("thong-ke/<slug:who>/<int:year>/<slug:code>/excel/", statform_views.statform_excel, name="statform_excel"),
    path("thong-ke/<slug:who>/<int:year>/<slug:code>/ho-so/", statform_views.statform_records,
         name="statform_records"),
    path("thong-ke/<slug:who>/<int:year>/<slug:code>/nhap/", statform_views.statform_input, name="statform_input"),
]
