"""Root URLs. Public pages live under a language prefix (/en/, /fr/, /es/); machine interfaces
(health, API, OAI-PMH) do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts import views as accounts_views
from api.oai import views as oai_views
from core import views as core_views
from pledges.sitemaps import PledgeSitemap
from repository import views as repository_views
from repository.sitemaps import SITEMAPS

# The admin has no sign-in form of its own: /admin/login/ sends people to the Hub's sign-in
# page (allauth), so the second factor and the lockout apply there too (docs/security.md).
admin.site.login = accounts_views.admin_login  # type: ignore[method-assign]
admin.site.site_header = settings.HUB_NAME

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics, name="metrics"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("vocabulary/", include("taxonomy.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("oai", oai_views.oai, name="oai"),
    path(
        "sitemap.xml", sitemap, {"sitemaps": {**SITEMAPS, "pledges": PledgeSitemap}}, name="sitemap"
    ),
]

urlpatterns += i18n_patterns(
    path("", repository_views.home, name="home"),
    path("", include("core.urls")),
    path("", include("repository.urls")),
    path("", include("repository.attachment_urls")),  # public files of published items
    path("", include("outputs.listing_urls")),  # a practice listing's compendium
    path("calls/", include("outputs.urls")),  # featured page, compendium, export
    path("calls/", include("calls.urls")),
    path("contact/", include("contact.urls")),
    path("discussions/", include("discussions.urls")),
    path("events/", include("events.urls")),
    path("experts/", include("experts.urls")),
    path("insights/", include("insights.urls")),
    path("pledges/", include("pledges.urls")),
    path("support/", include("support.urls")),
    path("submit/", include("submissions.urls")),
    path("peer-review/", include("reviews.urls")),
    path("search/", include("search.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    prefix_default_language=True,
)

handler500 = "core.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
