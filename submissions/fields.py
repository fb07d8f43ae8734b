"""The field definitions of every content type, in one place.

The submission form, the Word template, "Import from Word", validation and the review screens
are all generated from these definitions, so they never drift apart. A content type is a list
of steps; a step is a list of fields. Draft data is a JSON object keyed by field name whose
values are strings, integers, booleans or lists of vocabulary keys (objective numbers, slugs,
country codes, M49 codes, language codes).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    TEXT = "text"  # one line
    TEXTAREA = "textarea"  # paragraphs
    YEAR = "year"  # integer year
    EMAIL = "email"
    URL = "url"
    URLS = "urls"  # one URL per line
    CHOICE = "choice"  # one vocabulary key
    MULTI = "multi"  # several vocabulary keys
    BOOL = "bool"  # a confirmation


class Vocabulary(StrEnum):
    """Where the options of a choice field come from (taxonomy models or fixed lists)."""

    OBJECTIVES = "objectives"
    PRINCIPLES = "principles"
    SDGS = "sdgs"
    COUNTRIES = "countries"
    REGIONS = "regions"
    SCOPE_LEVELS = "scope_levels"
    PRACTICE_TYPES = "practice_types"
    ORGANISATION_TYPES = "organisation_types"
    RESOURCE_TYPES = "resource_types"
    LANGUAGES = "languages"
    LICENCES = "licences"
    COMPLETION = "completion"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str | Promise
    kind: Kind
    required: bool = False
    help: str | Promise = ""
    vocabulary: Vocabulary | None = None
    max_length: int | None = None
    max_items: int | None = None
    public: bool = True  # False: never shown on the published page (focal point contact)
    in_template: bool = True  # part of the Word template
    identifying: bool = False  # names the submitters or their organisations: hidden in blind review
    required_if: str = ""  # required only when this boolean field of the same step is ticked


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    intro: str | Promise = ""
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class ContentType:
    slug: str
    name: str | Promise
    steps: tuple[Step, ...]

    def all_fields(self) -> list[FieldSpec]:
        return [f for step in self.steps for f in step.fields]

    def identifying_fields(self) -> frozenset[str]:
        """The names of the fields a blind reviewer must not see."""
        return frozenset(f.name for f in self.all_fields() if f.identifying)

    def get_field(self, name: str) -> FieldSpec:
        for spec in self.all_fields():
            if spec.name == name:
                return spec
        raise KeyError(name)

    def get_step(self, slug: str) -> Step:
        for step in self.steps:
            if step.slug == slug:
                return step
        raise KeyError(slug)


LICENCES = {
    "cc-by-4.0": _("Creative Commons Attribution 4.0 (CC BY 4.0)"),
    "cc-by-sa-4.0": _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
    "cc-by-nc-4.0": _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
    "all-rights-reserved": _("All rights reserved (link only)"),
}

# The licences under which the files of a published item may be downloaded by anyone (the
# open licences; "all rights reserved" publishes a link only).
SHAREABLE_LICENCES = frozenset({"cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0"})

# Asked before the draft starts (eligibility) and again on the partners step: one wording.
ON_BEHALF_LABEL = _("I am submitting on behalf of another organisation (the main implementer).")
ON_BEHALF_HELP = _("You will then need to name a focal point of the main implementer.")
REQUIRED_ON_BEHALF = _("Required when you submit on behalf of another organisation.")

COMPLETION = {
    "completed": _("Completed"),
    "mostly-completed": _("Mostly completed"),
    "ongoing": _("Ongoing, early stage"),
}

_SHARED_CONSENT = (
    FieldSpec(
        "licence",
        _("Licence for publication"),
        Kind.CHOICE,
        required=True,
        vocabulary=Vocabulary.LICENCES,
        help=_(
            "Published text is shared under this licence. CC BY 4.0 lets anyone reuse it with credit."
        ),
    ),
    FieldSpec(
        "consent_data_protection",
        _(
            "I have read the data-protection notice and agree that the Hub team processes this submission to review and publish it."
        ),
        Kind.BOOL,
        required=True,
        in_template=False,
    ),
    FieldSpec(
        "consent_no_victim_data",
        _("I confirm that the text and files contain no personal data of victims or survivors."),
        Kind.BOOL,
        required=True,
        in_template=False,
    ),
    FieldSpec(
        "consent_rights",
        _("I confirm that I may share this content and that it is accurate as far as I know."),
        Kind.BOOL,
        required=True,
        in_template=False,
    ),
)

PRACTICE = ContentType(
    slug="practice",
    name=_("Practice"),
    steps=(
        Step(
            "about",
            _("About the practice"),
            _("Give the practice a short descriptive title and spell out every acronym."),
            (
                FieldSpec(
                    "title",
                    _("Title"),
                    Kind.TEXT,
                    required=True,
                    max_length=200,
                    help=_("Short and descriptive, without acronyms."),
                ),
                FieldSpec(
                    "language",
                    _("Language of this submission"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.LANGUAGES,
                    help=_("The practice is published in the language it is written in."),
                ),
                FieldSpec(
                    "practice_type",
                    _("Type of practice"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.PRACTICE_TYPES,
                ),
                FieldSpec(
                    "completion",
                    _("Stage of implementation"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.COMPLETION,
                ),
                FieldSpec("start_year", _("Start year"), Kind.YEAR, required=True),
                FieldSpec(
                    "end_year",
                    _("End year"),
                    Kind.YEAR,
                    help=_("Leave empty if the practice is ongoing."),
                ),
                FieldSpec(
                    "summary",
                    _("Summary"),
                    Kind.TEXTAREA,
                    required=True,
                    max_length=1500,
                    help=_(
                        "What the practice is, whom it serves and what it achieved, in a few sentences."
                    ),
                ),
                FieldSpec(
                    "description",
                    _("Description"),
                    Kind.TEXTAREA,
                    max_length=8000,
                    help=_("How the practice works: its activities, methods and timeline."),
                ),
            ),
        ),
        Step(
            "scope",
            _("Objectives, principles and scope"),
            _("Link the practice to the Global Compact and say where it takes place."),
            (
                FieldSpec(
                    "objectives",
                    _("Primary GCM objectives"),
                    Kind.MULTI,
                    required=True,
                    vocabulary=Vocabulary.OBJECTIVES,
                    max_items=3,
                    help=_("Up to three objectives the practice mainly serves."),
                ),
                FieldSpec(
                    "secondary_objectives",
                    _("Secondary GCM objectives"),
                    Kind.MULTI,
                    vocabulary=Vocabulary.OBJECTIVES,
                ),
                FieldSpec(
                    "principles",
                    _("Guiding principles best demonstrated"),
                    Kind.MULTI,
                    required=True,
                    vocabulary=Vocabulary.PRINCIPLES,
                    help=_(
                        "Every practice must uphold all ten principles; choose those it shows best."
                    ),
                ),
                FieldSpec(
                    "sdgs",
                    _("Sustainable Development Goals"),
                    Kind.MULTI,
                    vocabulary=Vocabulary.SDGS,
                ),
                FieldSpec(
                    "scope",
                    _("Geographic scope"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.SCOPE_LEVELS,
                ),
                FieldSpec("countries", _("Countries"), Kind.MULTI, vocabulary=Vocabulary.COUNTRIES),
                FieldSpec("regions", _("Regions"), Kind.MULTI, vocabulary=Vocabulary.REGIONS),
                FieldSpec(
                    "local_place",
                    _("Local place"),
                    Kind.TEXT,
                    max_length=200,
                    help=_("City, province or district, for local practices."),
                ),
            ),
        ),
        Step(
            "results",
            _("Results, lessons and recommendations"),
            _("Reviewers judge the practice mostly on this part: be concrete and give evidence."),
            (
                FieldSpec(
                    "results",
                    _("Benefit and impact: key results"),
                    Kind.TEXTAREA,
                    required=True,
                    max_length=5000,
                ),
                FieldSpec(
                    "innovation",
                    _("What is innovative"),
                    Kind.TEXTAREA,
                    required=True,
                    max_length=3000,
                ),
                FieldSpec(
                    "replicability",
                    _("How others can replicate it"),
                    Kind.TEXTAREA,
                    required=True,
                    max_length=3000,
                ),
                FieldSpec("sustainability", _("Sustainability"), Kind.TEXTAREA, max_length=3000),
                FieldSpec(
                    "lessons", _("Lessons learned"), Kind.TEXTAREA, required=True, max_length=3000
                ),
                FieldSpec("recommendations", _("Recommendations"), Kind.TEXTAREA, max_length=3000),
                FieldSpec(
                    "migrant_involvement",
                    _("Involvement of migrants and survivors"),
                    Kind.TEXTAREA,
                    max_length=3000,
                ),
                FieldSpec("target_groups", _("Target groups"), Kind.TEXTAREA, max_length=1500),
                FieldSpec(
                    "budget",
                    _("Budget and funding"),
                    Kind.TEXT,
                    max_length=300,
                    help=_("Optional."),
                ),
            ),
        ),
        Step(
            "partners",
            _("Partners and focal point"),
            _("The focal point's contact details are never published."),
            (
                FieldSpec(
                    "implementer",
                    _("Main implementer"),
                    Kind.TEXT,
                    required=True,
                    max_length=200,
                    identifying=True,
                ),
                FieldSpec(
                    "implementer_type",
                    _("Type of main implementer"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.ORGANISATION_TYPES,
                ),
                FieldSpec(
                    "partners",
                    _("Partners and other organisations"),
                    Kind.TEXTAREA,
                    max_length=2000,
                    help=_("One organisation per line."),
                    identifying=True,
                ),
                FieldSpec("on_behalf", ON_BEHALF_LABEL, Kind.BOOL, help=ON_BEHALF_HELP),
                FieldSpec(
                    "focal_point_name",
                    _("Focal point: name"),
                    Kind.TEXT,
                    required_if="on_behalf",
                    max_length=150,
                    public=False,
                    identifying=True,
                    help=REQUIRED_ON_BEHALF,
                ),
                FieldSpec(
                    "focal_point_email",
                    _("Focal point: e-mail"),
                    Kind.EMAIL,
                    required_if="on_behalf",
                    public=False,
                    identifying=True,
                    help=REQUIRED_ON_BEHALF,
                ),
                FieldSpec(
                    "focal_point_organisation",
                    _("Focal point: organisation"),
                    Kind.TEXT,
                    required_if="on_behalf",
                    max_length=200,
                    public=False,
                    identifying=True,
                    help=REQUIRED_ON_BEHALF,
                ),
                FieldSpec(
                    "links",
                    _("Links"),
                    Kind.URLS,
                    help=_("Web pages about the practice, one per line."),
                    identifying=True,
                ),
            ),
        ),
        Step(
            "files",
            _("Files and consent"),
            _("Attach documents that show the results."),
            _SHARED_CONSENT,
        ),
    ),
)

RESOURCE = ContentType(
    slug="resource",
    name=_("Knowledge resource"),
    steps=(
        Step(
            "about",
            _("About the resource"),
            "",
            (
                FieldSpec("title", _("Title"), Kind.TEXT, required=True, max_length=250),
                FieldSpec(
                    "resource_type",
                    _("Type of resource"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.RESOURCE_TYPES,
                ),
                FieldSpec(
                    "language",
                    _("Main language"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.LANGUAGES,
                ),
                FieldSpec(
                    "other_languages",
                    _("Also available in"),
                    Kind.MULTI,
                    vocabulary=Vocabulary.LANGUAGES,
                ),
                FieldSpec(
                    "publisher",
                    _("Publisher"),
                    Kind.TEXT,
                    required=True,
                    max_length=200,
                    identifying=True,
                ),
                FieldSpec(
                    "authors",
                    _("Authors"),
                    Kind.TEXTAREA,
                    max_length=1000,
                    help=_("One per line."),
                    identifying=True,
                ),
                FieldSpec("year", _("Year of publication"), Kind.YEAR, required=True),
                FieldSpec("url", _("Link to the resource"), Kind.URL, identifying=True),
                FieldSpec("abstract", _("Abstract"), Kind.TEXTAREA, required=True, max_length=3000),
            ),
        ),
        Step(
            "scope",
            _("Objectives, principles and scope"),
            "",
            (
                FieldSpec(
                    "objectives",
                    _("Primary GCM objectives"),
                    Kind.MULTI,
                    required=True,
                    vocabulary=Vocabulary.OBJECTIVES,
                    max_items=3,
                ),
                FieldSpec(
                    "secondary_objectives",
                    _("Secondary GCM objectives"),
                    Kind.MULTI,
                    vocabulary=Vocabulary.OBJECTIVES,
                ),
                FieldSpec(
                    "principles",
                    _("Guiding principles"),
                    Kind.MULTI,
                    vocabulary=Vocabulary.PRINCIPLES,
                ),
                FieldSpec(
                    "scope",
                    _("Geographic scope"),
                    Kind.CHOICE,
                    required=True,
                    vocabulary=Vocabulary.SCOPE_LEVELS,
                ),
                FieldSpec("countries", _("Countries"), Kind.MULTI, vocabulary=Vocabulary.COUNTRIES),
                FieldSpec("regions", _("Regions"), Kind.MULTI, vocabulary=Vocabulary.REGIONS),
            ),
        ),
        Step(
            "partners",
            _("Contact"),
            _("The contact details are never published."),
            (
                FieldSpec(
                    "focal_point_name",
                    _("Contact person: name"),
                    Kind.TEXT,
                    required=True,
                    max_length=150,
                    public=False,
                    identifying=True,
                ),
                FieldSpec(
                    "focal_point_email",
                    _("Contact person: e-mail"),
                    Kind.EMAIL,
                    required=True,
                    public=False,
                    identifying=True,
                ),
            ),
        ),
        Step("files", _("Files and consent"), "", _SHARED_CONSENT),
    ),
)

CONTENT_TYPES = {ct.slug: ct for ct in (PRACTICE, RESOURCE)}


def get_content_type(slug: str) -> ContentType:
    return CONTENT_TYPES[slug]
