from django.urls import path

from thidua.meetings import documents

urlpatterns = [
    path("<int:pk>/bien-ban.docx", documents.minutes_docx, name="minutes_docx"),
    path("<int:pk>/bien-ban.pdf", documents.minutes_pdf, name="minutes_pdf"),
]
