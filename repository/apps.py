from typing import Any

from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _


def _content_changed(**kwargs: object) -> None:
    # The listing package imports the models: it cannot be imported before the apps are ready.
    from .listing import content_changed

    content_changed()


class RepositoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "repository"
    verbose_name = _("Repository")

    def ready(self) -> None:
        """Writes that bypass the services (admin, shell, fixtures) also move the content
        version, so no process keeps listing stale facets (services move it themselves).
        Also answers the hooks of the apps below (calls, submissions): see ``provided``."""
        from .provided import provide_hooks

        provide_hooks()
        for name in ("Practice", "Resource", "PracticeObjective", "ResourceObjective"):
            model = self.get_model(name)
            signals.post_save.connect(_content_changed, sender=model, dispatch_uid=f"cv-{name}")
            signals.post_delete.connect(_content_changed, sender=model, dispatch_uid=f"cv-d{name}")
        for name in ("Practice", "Resource"):
            for field in self.get_model(name)._meta.many_to_many:
                through: Any = field.remote_field.through
                signals.m2m_changed.connect(
                    _content_changed, sender=through, dispatch_uid=f"cv-{through._meta.label}"
                )
