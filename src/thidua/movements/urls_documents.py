from django.urls import path

from thidua.movements import documents

urlpatterns = [
    path("nam/<int:period_pk>/giao-uoc.docx", documents.covenant_docx, name="covenant_docx"),
    path("nam/<int:period_pk>/giao-uoc.pdf", documents.covenant_pdf, name="covenant_pdf"),
]
