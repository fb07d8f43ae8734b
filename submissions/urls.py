from django.urls import path

from core.views import coming_soon

app_name = "submissions"

urlpatterns = [
    path("", coming_soon, {"section": "submit"}, name="start"),
]
