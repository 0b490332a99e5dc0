from django.urls import include, path

app_name = "movements"
# Pages and documents are kept in separate modules so they can grow independently.
urlpatterns = [
    path("", include("thidua.movements.urls_pages")),
    path("", include("thidua.movements.urls_documents")),
]
