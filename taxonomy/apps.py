from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _

VERSION_KEY = "taxonomy"


def _vocabulary_changed(**kwargs: object) -> None:
    from core import versions

    versions.bump(VERSION_KEY)


class TaxonomyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "taxonomy"
    verbose_name = _("Vocabularies")

    def ready(self) -> None:
        """Any change to a vocabulary row moves the ``taxonomy`` content version, so processes
        caching labels (the listing's facet options) read them again."""
        for model in self.get_models():
            uid = f"vocabulary-{model._meta.model_name}"
            signals.post_save.connect(_vocabulary_changed, sender=model, dispatch_uid=uid)
            signals.post_delete.connect(_vocabulary_changed, sender=model, dispatch_uid=uid)
