from django.urls import include, path

app_name = "meetings"
# Pages and documents are kept in separate modules so they can grow independently.
urlpatterns = [
    path("", include("thidua.meetings.urls_pages")),
    path("", include("thidua.meetings.urls_documents")),
]
