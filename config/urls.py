"""Root URLs. Public pages live under a language prefix (/en/, /fr/, /es/); machine interfaces
(health, API, OAI-PMH) do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from api.oai import views as oai_views
from core import views as core_views
from repository import views as repository_views
from repository.sitemaps import SITEMAPS

# The admin signs in through allauth, so two-factor authentication applies there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = settings.HUB_NAME

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("vocabulary/", include("taxonomy.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("oai", oai_views.oai, name="oai"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", repository_views.home, name="home"),
    path("", include("core.urls")),
    path("", include("repository.urls")),
    path("", include("community.urls")),
    path("calls/", include("calls.urls")),
    path("insights/", include("insights.urls")),
    path("submit/", include("submissions.urls")),
    path("peer-review/", include("reviews.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
