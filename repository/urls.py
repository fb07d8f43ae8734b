from django.urls import path

from core.views import coming_soon

app_name = "repository"

# Placeholders until the repository is built; the names stay when the real views land.
urlpatterns = [
    path("practices/", coming_soon, {"section": "practices"}, name="practice_list"),
    path("resources/", coming_soon, {"section": "resources"}, name="resource_list"),
]
