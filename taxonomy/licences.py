"""The licences a submitter may publish under: one vocabulary for the submission form, the
published item's model choices, the exchange format and the file downloads."""

from django.utils.translation import gettext_lazy as _

LICENCES = {
    "cc-by-4.0": _("Creative Commons Attribution 4.0 (CC BY 4.0)"),
    "cc-by-sa-4.0": _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
    "cc-by-nc-4.0": _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
    "all-rights-reserved": _("All rights reserved (link only)"),
}
LICENCE_CHOICES = list(LICENCES.items())
DEFAULT_LICENCE = "cc-by-4.0"

# The licences under which the files of a published item may be downloaded by anyone (the
# open licences; "all rights reserved" publishes a link only).
SHAREABLE_LICENCES = frozenset({"cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0"})
