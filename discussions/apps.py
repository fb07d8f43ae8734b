from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "discussions"
    verbose_name = _("Discussion spaces")

    def ready(self) -> None:
        from core.related import register_related

        from . import tasks  # noqa: F401  (registers the tasks the services queue by name)
        from .selectors import spaces_linking, spaces_moderated

        # A practice's page lists the public discussions that link to it, an expert's profile
        # the spaces they moderate (core/related.py).
        register_related("repository.Practice", _("Discussions"), spaces_linking)
        register_related(
            "experts.ExpertProfile", _("Discussion spaces moderated"), spaces_moderated
        )
