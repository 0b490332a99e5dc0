from django.urls import path

from thidua.voting import documents, views

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("nam/<int:period_pk>/", views.session_list, name="session_list"),
    path("nam/<int:period_pk>/tao/", views.session_create, name="session_create"),
    path("hoi-dong/tao/", views.council_create, name="council_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/quy-tac/", views.session_rules, name="session_rules"),
    path("<int:pk>/noi-dung/", views.question_add, name="question_add"),
    path("<int:pk>/noi-dung/<int:question_pk>/ty-le/", views.question_threshold, name="question_threshold"),
    path("<int:pk>/noi-dung/<int:question_pk>/xoa/", views.question_delete, name="question_delete"),
    path("<int:pk>/noi-dung/<int:question_pk>/ung-cu/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/ung-cu/<int:candidate_pk>/xoa/", views.candidate_delete, name="candidate_delete"),
    path("<int:pk>/thanh-vien-hoi-dong/", views.council_members, name="council_members"),
    path("<int:pk>/mo/", views.session_open, name="session_open"),
    path("<int:pk>/phieu/", views.ballot, name="ballot"),
    path("<int:pk>/kiem-tra-ma/", views.receipt_check, name="receipt_check"),
    path("<int:pk>/phieu-giay/", views.paper, name="paper"),
    path("<int:pk>/phieu-giay/nguoi-bo-phieu/", views.paper_voters, name="paper_voters"),
    path("<int:pk>/phieu-giay/nhap-phieu/", views.paper_ballot, name="paper_ballot"),
    path("<int:pk>/phieu-giay/tong-hop/<int:question_pk>/", views.paper_counts, name="paper_counts"),
    path("<int:pk>/y-kien-van-ban/", views.written, name="written"),
    path("<int:pk>/ket-thuc/", views.session_close, name="session_close"),
    path("<int:pk>/kiem-phieu/", views.session_tally, name="session_tally"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
    path("<int:pk>/ngay-hop/", views.session_meeting_day, name="session_meeting_day"),
    path("<int:pk>/vong-moi/", views.next_round, name="next_round"),
    path("<int:pk>/quyet-dinh/<int:question_pk>/", views.leaders_decision, name="leaders_decision"),
    path("<int:pk>/ap-dung/", views.apply, name="apply"),
    path("<int:pk>/bien-ban-kiem-phieu.pdf", documents.minutes_count_pdf, name="minutes_count_pdf"),
    path("<int:pk>/bien-ban-kiem-phieu.docx", documents.minutes_count_docx, name="minutes_count_docx"),
    path("<int:pk>/bien-ban-hop-binh-xet.pdf", documents.minutes_review_pdf, name="minutes_review_pdf"),
    path("<int:pk>/bien-ban-hop-binh-xet.docx", documents.minutes_review_docx, name="minutes_review_docx"),
]
