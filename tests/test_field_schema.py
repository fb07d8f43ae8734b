"""A field added to the definitions with flags appears wherever its flags say, and nowhere else:
the uses ask the definitions instead of keeping lists of their own."""

from dataclasses import replace
from types import SimpleNamespace

import pytest

from api.serializers import answer_fields
from repository.interchange import text_fields
from repository.search import PRACTICE_BODY_ORDER, searchable
from repository.views import practice_sections
from submissions.fields import CONTENT_TYPES
from submissions.schema import Api, FieldSpec, Kind, safeguarding_exempt


def _with_field(monkeypatch, spec: FieldSpec, step: str = "results") -> None:
    """The practice with ``spec`` added at the end of one of its steps."""
    practice = CONTENT_TYPES["practice"]
    steps = tuple(
        replace(s, fields=(*s.fields, spec)) if s.slug == step else s for s in practice.steps
    )
    monkeypatch.setitem(CONTENT_TYPES, "practice", replace(practice, steps=steps))


@pytest.fixture
def before():
    return {
        "list": answer_fields("practice"),
        "detail": answer_fields("practice", Api.DETAIL),
        "texts": text_fields(),
        "search": searchable("practice", PRACTICE_BODY_ORDER),
    }


def test_a_flagged_text_appears_in_every_use_it_is_flagged_for(monkeypatch, before):
    spec = FieldSpec(
        "funders",
        "Funders",
        Kind.TEXTAREA,
        section="funders",
        searchable=True,
        exported=True,
        api=Api.DETAIL,
        identifying=True,
    )
    _with_field(monkeypatch, spec)
    practice = SimpleNamespace(**{f.name: f.name for f in CONTENT_TYPES["practice"].all_fields()})
    assert [s["id"] for s in practice_sections(practice)][-1] == "funders"
    assert answer_fields("practice") == before["list"]
    # In form order: after the budget, the last text of the results step; the links follow.
    assert answer_fields("practice", Api.DETAIL) == [*before["detail"][:-1], "funders", "links"]
    assert text_fields() == (*before["texts"][:-1], "funders", "url")
    assert searchable("practice", PRACTICE_BODY_ORDER) == (*before["search"], "funders")
    assert "funders" in CONTENT_TYPES["practice"].identifying_fields()
    assert "funders" not in safeguarding_exempt(CONTENT_TYPES.values())


def test_an_unflagged_field_appears_in_none(monkeypatch, before):
    spec = FieldSpec("office_note", "Note", Kind.TEXT, safeguarding_exempt=True)
    _with_field(monkeypatch, spec)
    practice = SimpleNamespace(**{f.name: f.name for f in CONTENT_TYPES["practice"].all_fields()})
    assert "office_note" not in [s["id"] for s in practice_sections(practice)]
    assert answer_fields("practice", Api.DETAIL) == before["detail"]
    assert text_fields() == before["texts"]
    assert searchable("practice", PRACTICE_BODY_ORDER) == before["search"]
    assert "office_note" in safeguarding_exempt(CONTENT_TYPES.values())


def test_a_listed_field_joins_every_answer_under_its_api_name(monkeypatch, before):
    spec = FieldSpec("budget_band", "Band", Kind.TEXT, api=Api.LIST, api_name="band")
    _with_field(monkeypatch, spec)
    assert answer_fields("practice") == [*before["list"], "band"]
    detail = answer_fields("practice", Api.DETAIL)
    assert detail[: len(before["list"]) + 1] == [*before["list"], "band"]


def test_a_field_that_stops_being_flagged_leaves_the_published_order(monkeypatch, before):
    practice = CONTENT_TYPES["practice"]
    steps = tuple(
        replace(
            step,
            fields=tuple(replace(f, api=None) if f.name == "partners" else f for f in step.fields),
        )
        for step in practice.steps
    )
    monkeypatch.setitem(CONTENT_TYPES, "practice", replace(practice, steps=steps))
    assert answer_fields("practice") == [k for k in before["list"] if k != "partners"]


def test_a_non_public_field_is_never_published_whatever_its_flags(monkeypatch, before):
    spec = FieldSpec(
        "secret", "Secret", Kind.TEXTAREA, public=False, section="secret", api=Api.LIST
    )
    _with_field(monkeypatch, spec)
    assert answer_fields("practice") == before["list"]
    practice = SimpleNamespace(**{f.name: f.name for f in CONTENT_TYPES["practice"].all_fields()})
    assert "secret" not in [s["id"] for s in practice_sections(practice)]
