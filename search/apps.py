from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from core.backup import data_restored

        from . import tasks  # noqa: F401 - registers the index tasks (reindex finds them by name)
        from .receivers import forget_vectors, refill_embeddings

        data_restored.connect(forget_vectors, dispatch_uid="search.forget_vectors")
        data_restored.connect(refill_embeddings, dispatch_uid="search.refill_embeddings")
