from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contact"
    verbose_name = _("Contact")

    def ready(self) -> None:
        from accounts.personal_data import register_eraser

        from . import tasks  # noqa: F401  (registers the tasks the services queue by name)
        from .services import erase_personal_data

        register_eraser(erase_personal_data)
