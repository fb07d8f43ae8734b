from django.urls import path

from core.views import coming_soon

app_name = "community"

urlpatterns = [
    path("discussions/", coming_soon, {"section": "discussions"}, name="discussion_list"),
]
