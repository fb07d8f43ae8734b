"""What a field is: the building blocks of the field definitions (``fields.py``) and the
questions every use asks of them.

A field says, besides how it is entered, where it goes once the item is published: whether
it is shown at all (``public``), whether it names the submitters (``identifying``: hidden in
blind review), the section it makes on the public page (``section``), whether the full-text
index reads it besides the title and summary (``searchable``), whether the exchange format
carries it (``exported``), in which API answers it appears and under which name (``api``,
``api_name``), and whether the safeguarding scan skips it (``safeguarding_exempt``). The model,
the exchange format, the API, the public page, blind review, search and the scan ask these
questions instead of keeping lists of their own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise


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


TEXT_KINDS = frozenset({Kind.TEXT, Kind.TEXTAREA})


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


class Api(StrEnum):
    """In which answers of the REST API a field appears."""

    LIST = "list"  # in every answer: the listing and one item's
    DETAIL = "detail"  # in one item's answer only


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
    api_name: str = ""  # its name in the API answers when not ``name``
    section: str = ""  # the id of its section on the public page ("": no section of its own)
    searchable: bool = False  # in the full-text index's body (title and summary always are)
    exported: bool = False  # carried by the exchange format (JSON Lines import and export)
    api: Api | None = None  # in the REST API's answers
    safeguarding_exempt: bool = False  # contact details given on purpose: never scanned

    @property
    def api_key(self) -> str:
        """Its name in the API answers."""
        return self.api_name or self.name


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

    def section_fields(self) -> list[FieldSpec]:
        """The fields with a section of their own on the public page, in reading order."""
        return [f for f in self.all_fields() if f.public and f.section]

    def searchable_fields(self) -> list[str]:
        """The names of the fields the full-text index reads, in form order."""
        return [f.name for f in self.all_fields() if f.public and f.searchable]

    def exported_texts(self) -> list[str]:
        """The names of the free texts the exchange format carries, in form order."""
        return [
            f.name for f in self.all_fields() if f.public and f.exported and f.kind in TEXT_KINDS
        ]

    def api_fields(self, answer: Api) -> list[str]:
        """The API names of the fields an answer holds (``LIST``: every answer), in form order."""
        return [f.api_key for f in self.all_fields() if f.public and f.api == answer]

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


def safeguarding_exempt(content_types: Iterable[ContentType]) -> frozenset[str]:
    """The names of the fields the safeguarding scan skips, in any content type."""
    return frozenset(
        f.name for ct in content_types for f in ct.all_fields() if f.safeguarding_exempt
    )


def arrange(keys: Iterable[str], published_order: Sequence[str]) -> tuple[str, ...]:
    """``keys`` in the order they were published in (clients and files rely on it), followed by
    any key that order does not know yet, as given. A key the schema no longer selects is left
    out even when ``published_order`` names it."""
    wanted = list(dict.fromkeys(keys))
    return (
        *(k for k in published_order if k in wanted),
        *(k for k in wanted if k not in published_order),
    )
