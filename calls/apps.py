from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calls"
    verbose_name = _("Calls for practices")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the tasks the services queue by name)
