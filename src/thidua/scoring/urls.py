from django.urls import include, path

app_name = "scoring"
# Pages and documents are kept in separate modules so they can grow independently.
urlpatterns = [
    path("", include("thidua.scoring.urls_pages")),
    path("", include("thidua.scoring.urls_documents")),
]
