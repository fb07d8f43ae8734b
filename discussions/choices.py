"""Statuses and vocabularies of discussion spaces and their contributions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


SPACE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    SpaceStatus.DRAFT: (SpaceStatus.OPEN,),
    SpaceStatus.OPEN: (SpaceStatus.CLOSED,),
    SpaceStatus.CLOSED: (SpaceStatus.OPEN, SpaceStatus.ARCHIVED),
    SpaceStatus.ARCHIVED: (),
}


class Access(models.TextChoices):
    """Who may read and write in a space (moderators always may)."""

    PUBLIC = "public", _("Everyone reads; signed-in members write")
    MEMBERS = "members", _("Signed-in members read and write")
    INVITED = "invited", _("Only an invited group reads and writes")


class ContributionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")


CONTRIBUTION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ContributionStatus.PENDING: (ContributionStatus.PUBLISHED, ContributionStatus.HIDDEN),
    ContributionStatus.PUBLISHED: (ContributionStatus.HIDDEN,),
    ContributionStatus.HIDDEN: (ContributionStatus.PUBLISHED,),
}


class HoldReason(models.TextChoices):
    NONE = "", _("Not held")
    NEW_ACCOUNT = "new_account", _("First contributions of a new account")
    PERSONAL_DATA = "personal_data", _("It may name or identify a person")


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    ABUSIVE = "abusive", _("Abusive or disrespectful")
    VICTIM_DATA = "victim_data", _("Personal data of victims")


class Language(models.TextChoices):
    """Languages a contribution can be written in: the six UN languages."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")
    RU = "ru", _("Russian")
    ZH = "zh", _("Chinese")
