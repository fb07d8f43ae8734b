from django.urls import path

from core.views import coming_soon

app_name = "community"

urlpatterns = [
    path("events/", coming_soon, {"section": "events"}, name="event_list"),
]
