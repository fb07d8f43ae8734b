from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from core.related import register_related

        from . import reminders, tasks  # noqa: F401  (register the tasks services queue by name)
        from .selectors import events_spoken_at

        # An expert's profile lists the events they speak at; experts sit below events in the
        # layers and never import them (core/related.py).
        register_related("experts.ExpertProfile", _("Events spoken at"), events_spoken_at)
