from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Not listed")
    PENDING = "pending", _("Waiting for verification")
    LISTED = "listed", _("Listed in the directory")
    HIDDEN = "hidden", _("Taken out by the expert")
    LAPSED = "lapsed", _("Out of the listing until confirmed")


P = ProfileStatus

# The expert asks to be listed; the Hub team verifies (or sends it back with a reason); the
# expert may take the profile out at any time; a profile not confirmed for a year and a grace
# period drops out until the expert confirms it again.
TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.PENDING, P.LISTED},
    P.PENDING: {P.LISTED, P.DRAFT, P.HIDDEN},
    P.LISTED: {P.HIDDEN, P.LAPSED},
    P.HIDDEN: {P.LISTED, P.PENDING},
    P.LAPSED: {P.LISTED, P.HIDDEN},
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    TEAM = "team", _("The Hub team only")


class Availability(models.TextChoices):
    REVIEW = "review", _("Peer review of practices")
    SPEAKING = "speaking", _("Speaking at events")
    ADVISING = "advising", _("Advising on support requests")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")
    SELF = "self", _("I describe myself another way")
    UNSAID = "", _("I prefer not to say")


# Fields whose visibility the expert chooses, with their default. The name is always public for
# a listed profile; the e-mail address is never shown; gender is only ever counted.
VISIBLE_FIELDS: dict[str, str] = {
    "photo": Visibility.PUBLIC,
    "organisation": Visibility.PUBLIC,
    "country": Visibility.PUBLIC,
    "languages": Visibility.PUBLIC,
    "bio": Visibility.PUBLIC,
    "expertise": Visibility.PUBLIC,
    "objectives": Visibility.PUBLIC,
    "experience": Visibility.PUBLIC,  # regions and countries of experience
    "orcid": Visibility.PUBLIC,
    "links": Visibility.PUBLIC,
    "availability": Visibility.MEMBERS,
}

# What the import format's ``org_type`` names, as the vocabulary's slugs.
IMPORT_ORG_TYPES = {
    "government": "government",
    "un": "un-entity",
    "ngo": "ngo",
    "academia": "academia",
    "private": "private-sector",
    "other": "other",
}
