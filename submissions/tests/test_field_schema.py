"""What the field definitions say about each field, and the uses that follow from it: the
fields blind review hides, the fields the safeguarding scan skips. Pinned to what they were
before the definitions carried it."""

from submissions.fields import CONTENT_TYPES, PRACTICE, RESOURCE, Vocabulary
from submissions.safeguarding import EXEMPT_FIELDS, FindingKind, scan_fields
from submissions.vocabularies import options

PRACTICE_IDENTIFYING = {
    "implementer",
    "partners",
    "focal_point_name",
    "focal_point_email",
    "focal_point_organisation",
    "links",
}
RESOURCE_IDENTIFYING = {"publisher", "authors", "url", "focal_point_name", "focal_point_email"}


def test_blind_review_hides_the_same_fields_as_before():
    assert PRACTICE.identifying_fields() == PRACTICE_IDENTIFYING
    assert RESOURCE.identifying_fields() == RESOURCE_IDENTIFYING


def test_the_scan_skips_only_the_contact_details():
    assert {"focal_point_name", "focal_point_email", "focal_point_organisation"} == EXEMPT_FIELDS


def test_the_scan_reads_every_other_field_of_a_draft():
    names = {spec.name for ct in CONTENT_TYPES.values() for spec in ct.all_fields()}
    data = {name: f"write to someone{i}@example.org" for i, name in enumerate(sorted(names))}
    scanned = {f.field for f in scan_fields(data) if f.kind == FindingKind.EMAIL}
    assert scanned == names - EXEMPT_FIELDS


def test_licence_options_keep_their_keys_and_labels(db):
    assert options(Vocabulary.LICENCES) == [
        ("cc-by-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"),
        ("cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
        ("cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
        ("all-rights-reserved", "All rights reserved (link only)"),
    ]
