from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups of these names; one person may hold several."""

    MEMBER = "member", _("Member")
    REVIEWER = "reviewer", _("Reviewer")
    CURATOR = "curator", _("Curator")
    MODERATOR = "moderator", _("Moderator")
    ADMINISTRATOR = "administrator", _("Administrator")
    FOCAL_POINT = "focal_point", _("Government focal point")
