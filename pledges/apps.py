from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pledges"
    verbose_name = _("Pledges")

    def ready(self) -> None:
        from core.related import register_related

        from . import tasks  # noqa: F401  (registers the tasks the services queue by name)
        from .selectors import pledges_linking

        # A practice's page lists the public pledges linked to it (core/related.py): the
        # repository sits below pledges in the layers and never imports them.
        register_related("repository.Practice", _("Pledges"), pledges_linking)
