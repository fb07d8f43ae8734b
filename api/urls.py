from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from . import views
from .experts import ExpertViewSet
from .pledges import PledgeViewSet

app_name = "api"

router = DefaultRouter()
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("resources", views.ResourceViewSet, basename="resource")
router.register("calls", views.CallViewSet, basename="call")
router.register("experts", ExpertViewSet, basename="expert")
router.register("pledges", PledgeViewSet, basename="pledge")
for prefix, viewset in views.VOCABULARIES.items():
    router.register(f"vocabularies/{prefix}", viewset, basename=f"vocabulary-{prefix}")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/", include("insights.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, as our CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
