from django.urls import path

from thidua.scoring import documents

urlpatterns = [
    path("nam/<int:period_pk>/phieu/<int:unit_pk>/phieu-cham-diem.pdf", documents.sheet_pdf, name="sheet_pdf"),
    path("nam/<int:period_pk>/phieu/<int:unit_pk>/phieu-cham-diem.xlsx", documents.sheet_xlsx, name="sheet_xlsx"),
    path("nam/<int:period_pk>/phieu/tat-ca.xlsx", documents.sheets_xlsx, name="sheets_xlsx"),
    path("nam/<int:period_pk>/xep-hang/xep-hang.pdf", documents.ranking_pdf, name="ranking_pdf"),
    path("nam/<int:period_pk>/xep-hang/xep-hang.xlsx", documents.ranking_xlsx, name="ranking_xlsx"),
]
