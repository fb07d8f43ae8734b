from django.urls import path

from core.views import coming_soon

app_name = "reviews"

urlpatterns = [
    path("", coming_soon, {"section": "roster"}, name="roster"),
]
