from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # the system checks; the outbox's task and the signals that tell it the running task
        from . import checks, pagecache, tasks  # noqa: F401

        pagecache.connect()
