"""What the repository derives from the field schema (submissions/fields.py): the exchange
format's keys, the sections of a practice page and the licence choices. Pinned here: the
derivation must give exactly what was published before."""

import re

import pytest

from repository.interchange import (
    REQUIRED,
    TEXT_FIELDS,
    Vocab,
    practice_to_record,
    validate_record,
    validate_resource,
)
from repository.models import Practice
from repository.views import practice_sections
from search.registry import contributions
from submissions.fields import PRACTICE
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

RECORD_KEYS = [
    "slug",
    "title",
    "summary",
    "language",
    "objectives",
    "secondary_objectives",
    "type",
    "scope",
    "countries",
    "regions",
    "principles",
    "sdgs",
    "start_year",
    "end_year",
    "implementer",
    "implementer_type",
    "call",
    "published_at",
    "featured",
    "licence",
    "links",
    "description",
    "partners",
    "local_place",
    "results",
    "innovation",
    "replicability",
    "sustainability",
    "lessons",
    "recommendations",
    "migrant_involvement",
    "target_groups",
    "budget",
    "url",
]
SECTIONS = [
    ("description", "Description"),
    ("results", "Benefit and impact: key results"),
    ("innovation", "What is innovative"),
    ("replicability", "How others can replicate it"),
    ("sustainability", "Sustainability"),
    ("lessons", "Lessons learned"),
    ("recommendations", "Recommendations"),
    ("involvement", "Involvement of migrants and survivors"),
    ("target-groups", "Target groups"),
    ("budget", "Budget and funding"),
]
TEXTS = {
    "description": "How it works.",
    "results": "What it achieved.",
    "innovation": "What is new.",
    "replicability": "How to copy it.",
    "sustainability": "How it lasts.",
    "lessons": "What we learned.",
    "recommendations": "What we advise.",
    "migrant_involvement": "Who took part.",
    "target_groups": "Whom it serves.",
    "budget": "Some money.",
}


def test_exported_practice_keeps_its_keys_in_order():
    practice = PracticeFactory(**TEXTS)
    assert list(practice_to_record(practice)) == RECORD_KEYS
    assert REQUIRED == (
        "title",
        "summary",
        "language",
        "objectives",
        "type",
        "scope",
        "countries",
        "start_year",
        "end_year",
        "implementer",
    )
    assert tuple(RECORD_KEYS[RECORD_KEYS.index("description") :]) == TEXT_FIELDS


def test_every_field_marked_exported_is_in_the_exported_record():
    """The record's own keys (slug, call, publication, web site) aside, the exported record
    holds exactly the fields the definitions mark exported."""
    exported = {f.api_key for f in PRACTICE.all_fields() if f.exported}
    own = {"slug", "call", "published_at", "featured", "url"}
    assert exported == set(RECORD_KEYS) - own


def test_every_exported_text_is_read_back_on_import():
    practice = PracticeFactory(**TEXTS, partners="A\nB", local_place="Lyon", url="https://x.org")
    record, errors = validate_record(practice_to_record(practice), Vocab.load())
    assert errors == []
    for name in TEXT_FIELDS:
        assert record.values[name] == getattr(practice, name), name


def test_resource_lines_give_the_model_fields():
    line = {
        "title": "A brief",
        "abstract": "Short.",
        "publisher": "Institute",
        "authors": ["Ann", "Bo"],
        "language": "en",
        "type": "report",
        "objectives": [1],
    }
    record, errors = validate_resource(line, Vocab.load())
    assert errors == []
    assert list(record.values) == [
        "title",
        "abstract",
        "publisher",
        "authors",
        "url",
        "language",
        "resource_type",
        "scope",
        "year",
        "published_at",
        "featured",
    ]
    assert record.values["authors"] == "Ann\nBo"


def test_practice_page_sections_keep_their_ids_titles_and_order(client):
    practice = PracticeFactory(slug="sections", **TEXTS)
    sections = practice_sections(practice)
    assert [(s["id"], str(s["title"])) for s in sections] == SECTIONS
    assert [s["text"] for s in sections] == list(TEXTS.values())
    body = client.get("/en/practices/sections/").content.decode()
    assert re.findall(r'<h2 id="s-([\w-]+)"[^>]*>([^<]*)', body) == SECTIONS


def test_practice_page_shows_only_the_sections_with_text_in_the_page_language(client):
    PracticeFactory(slug="traduit", description="d", lessons="l", budget="b")
    body = client.get("/fr/practices/traduit/").content.decode()
    assert re.findall(r'<h2 id="s-([\w-]+)"[^>]*>([^<]*)', body) == [
        ("description", "Description"),
        ("lessons", "Enseignements tirés"),
        ("budget", "Budget et financement"),
    ]


def test_licence_choices_are_the_four_licences():
    field = Practice._meta.get_field("licence")
    assert [key for key, _label in field.choices] == [
        "cc-by-4.0",
        "cc-by-sa-4.0",
        "cc-by-nc-4.0",
        "all-rights-reserved",
    ]
    assert field.default == "cc-by-4.0"


def test_the_index_reads_the_same_texts_in_the_same_order():
    bodies = {c.key: c.body for c in contributions()}
    assert bodies["practices"] == (
        "description",
        "implementer",
        "partners",
        "local_place",
        "target_groups",
        "results",
        "innovation",
        "lessons",
        "recommendations",
    )
    assert bodies["resources"] == ("publisher", "authors")
