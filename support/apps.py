from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = _("Tailor-made support")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the tasks the services queue by name)
