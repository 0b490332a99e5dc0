from django.urls import path

from thidua.reports import documents, views

app_name = "reports"
urlpatterns = [
    path("cum-khoi/nam/<int:pk>/khen-thuong/", views.cluster_figures, name="cluster_figures"),
    path("cum-khoi/nam/<int:pk>/khen-thuong/chi-tiet/", views.figures_drilldown, name="figures_drilldown"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket/", views.year_report, name="year_report"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket.docx", documents.year_report_docx, name="year_report_docx"),
    path("cum-khoi/nam/<int:pk>/bao-cao-tong-ket.pdf", documents.year_report_pdf, name="year_report_pdf"),
]
