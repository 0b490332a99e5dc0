from django.urls import path

from thidua.dossiers import documents, notice_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("soan/", views.proposal_create, name="proposal_create"),
    path("tu-ket-qua-bo-phieu/<int:session_pk>/", views.proposal_from_ballot, name="proposal_from_ballot"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/thao-tac/<slug:action>/", views.proposal_action, name="proposal_action"),
    path("<int:pk>/kiem-tra-lai/", views.proposal_recheck, name="proposal_recheck"),
    path("<int:pk>/nguoi-ky/", views.proposal_signer, name="proposal_signer"),
    path("<int:pk>/de-nghi/them/", views.nominee_add, name="nominee_add"),
    path("<int:pk>/de-nghi/<int:nominee_pk>/bo/", views.nominee_remove, name="nominee_remove"),
    path("<int:pk>/tai-lieu/them/", views.document_add, name="document_add"),
    path("<int:pk>/tai-lieu/<int:document_pk>/", views.document_file, name="document_file"),
    path("<int:pk>/tai-lieu/<int:document_pk>/xoa/", views.document_remove, name="document_remove"),
    path("<int:pk>/cong-khai/", notice_views.notice_page, name="notice"),
    path("<int:pk>/cong-khai/dang/", notice_views.notice_publish, name="notice_publish"),
    path("<int:pk>/cong-khai/xet-truoc-han/", notice_views.notice_early_review, name="notice_early_review"),
    path("<int:pk>/cong-khai/danh-sach.html", notice_views.notice_file, {"fmt": "html"}, name="notice_html"),
    path("<int:pk>/cong-khai/danh-sach.xlsx", notice_views.notice_file, {"fmt": "xlsx"}, name="notice_xlsx"),
    path("<int:pk>/to-trinh.pdf", documents.paper, {"paper": "proposal", "as_pdf": True}, name="proposal_pdf"),
    path("<int:pk>/to-trinh.docx", documents.paper, {"paper": "proposal", "as_pdf": False}, name="proposal_docx"),
    path("<int:pk>/danh-sach.pdf", documents.paper, {"paper": "nominees", "as_pdf": True}, name="nominees_pdf"),
    path("<int:pk>/danh-sach.docx", documents.paper, {"paper": "nominees", "as_pdf": False}, name="nominees_docx"),
    path("<int:pk>/quyet-dinh.pdf", documents.paper, {"paper": "decision", "as_pdf": True}, name="decision_pdf"),
    path("<int:pk>/quyet-dinh.docx", documents.paper, {"paper": "decision", "as_pdf": False}, name="decision_docx"),
]
