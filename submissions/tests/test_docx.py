"""The Word template: built from the field definitions, filled in by hand, read back."""

import io
import zipfile

import pytest
from django.utils import translation
from django.utils.functional import Promise
from docx import Document
from docx.oxml.ns import qn

from submissions.docx import (
    CHECKED,
    UNCHECKED,
    TemplateError,
    build_template,
    read_template,
    template_specs,
)
from submissions.fields import PRACTICE, RESOURCE, Kind, Vocabulary
from submissions.vocabularies import options

pytestmark = pytest.mark.django_db


# Helpers: a user editing the file in Word ----------------------------------------------------


def _save(tmp_path, content: bytes, name: str = "template.docx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _read(path, content_type=PRACTICE, language="en"):
    with path.open("rb") as handle:
        return read_template(content_type, handle, language=language)


def _cells(document, key):
    """(label cell, value cell) of the row marked [key]."""
    for table in document.tables:
        for row in table.rows:
            if f"[{key}]" in [p.text for p in row.cells[0].paragraphs]:
                return row.cells[0], row.cells[1]
    raise AssertionError(f"no row for {key}")


def _type(document, key, text):
    """Replace the answer in a row with typed text, one paragraph per line."""
    cell = _cells(document, key)[1]
    lines = text.split("\n")
    for paragraph in cell.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _tick(document, key, label, mark=CHECKED):
    """Replace ☐ by a tick in front of the option with this label."""
    for paragraph in _cells(document, key)[1].paragraphs:
        if paragraph.text == f"{UNCHECKED} {label}":
            paragraph.text = paragraph.text.replace(UNCHECKED, mark, 1)
            return
    raise AssertionError(f"no box {label!r} in {key}")


def _edit(tmp_path, content, edit, name="filled.docx"):
    document = Document(io.BytesIO(content))
    edit(document)
    path = tmp_path / name
    document.save(path)
    return path


def _keys(vocabulary, count):
    return [key for key, _label in options(vocabulary)][:count]


def _label(vocabulary, key, language):
    with translation.override(language):
        return dict(options(vocabulary))[key]


@pytest.fixture
def practice_data():
    """A value for every field of the practice template."""
    return {
        "title": "Mobile legal clinics for migrant workers",
        "language": "fr",
        "practice_type": "policy",
        "completion": "mostly-completed",
        "start_year": 2019,
        "end_year": 2023,
        "summary": "Free legal advice.\nIn three border towns.",
        "description": "First paragraph.\n\nSecond paragraph after a blank line.",
        "objectives": ["1", "10", "23"],
        "secondary_objectives": ["5", "6"],
        "principles": _keys(Vocabulary.PRINCIPLES, 3),
        "sdgs": ["8", "10", "16"],
        "scope": _keys(Vocabulary.SCOPE_LEVELS, 1)[0],
        "countries": ["SN", "BQ", "SH", "FR"],
        "regions": ["2", "150"],
        "local_place": "Kédougou, Tambacounda",
        "results": "4,000 workers advised.",
        "innovation": "Clinics travel with the harvest.",
        "replicability": "A handbook describes every step.",
        "sustainability": "Funded by the ministry since 2022.",
        "lessons": "Work with trade unions early.",
        "recommendations": "Start small.",
        "migrant_involvement": "Former clients are paralegals.",
        "target_groups": "Seasonal workers.",
        "budget": "USD 250,000 a year",
        "implementer": "Ministry of Labour",
        "implementer_type": _keys(Vocabulary.ORGANISATION_TYPES, 1)[0],
        "partners": "Union A\nNGO B",
        "on_behalf": False,
        "focal_point_name": "Awa Diop",
        "focal_point_email": "awa.diop@example.org",
        "focal_point_organisation": "Ministry of Labour",
        "links": ["https://example.org/clinics", "https://example.org/report?id=4"],
        "licence": "cc-by-4.0",
    }


def test_the_practice_fixture_covers_every_template_field(practice_data):
    assert set(practice_data) == {spec.name for spec in template_specs(PRACTICE)}


# Building --------------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [PRACTICE, RESOURCE], ids=lambda ct: ct.slug)
def test_every_template_field_has_a_row_with_its_label_and_marker(tmp_path, content_type):
    document = Document(io.BytesIO(build_template(content_type, language="en")))
    for spec in content_type.all_fields():
        if spec.in_template:
            label_cell, _value = _cells(document, spec.name)
            assert str(spec.label) in label_cell.text
        else:
            with pytest.raises(AssertionError):
                _cells(document, spec.name)


def test_fields_left_out_of_the_template_do_not_appear_anywhere():
    document = Document(io.BytesIO(build_template(PRACTICE, language="en")))
    text = "\n".join(cell.text for t in document.tables for r in t.rows for cell in r.cells)
    for spec in PRACTICE.all_fields():
        if not spec.in_template:
            assert f"[{spec.name}]" not in text
            assert str(spec.label) not in text


def test_headings_instructions_and_tables_are_styled_for_reading():
    content = build_template(PRACTICE, language="en", title="Call for practices 2025")
    document = Document(io.BytesIO(content))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "Practice")
    assert ("Subtitle", "Call for practices 2025") in styles
    assert ("Heading 1", "About the practice") in styles
    assert any(s == "List Bullet" and "☒" in text for s, text in styles)
    assert all(table.style.name == "Table Grid" for table in document.tables)
    label, value = _cells(document, "title")
    assert "(required)" in label.text
    assert label.width > 0
    assert value.width > label.width


def test_the_template_follows_the_interface_language():
    document = Document(io.BytesIO(build_template(PRACTICE, language="fr")))
    _label_cell, value = _cells(document, "practice_type")
    assert f"{UNCHECKED} Projet/Programme" in [p.text for p in value.paragraphs]


def test_small_vocabularies_are_boxes_and_large_ones_free_text():
    document = Document(io.BytesIO(build_template(PRACTICE, language="en")))
    label, value = _cells(document, "objectives")
    assert len([p for p in value.paragraphs if p.text.startswith(UNCHECKED)]) == 23
    label, value = _cells(document, "countries")
    assert "Write names or ISO codes, separated by commas." in label.text
    assert value.text == ""


def test_a_draft_is_exported_with_its_answers(practice_data):
    document = Document(io.BytesIO(build_template(PRACTICE, language="en", data=practice_data)))
    assert _cells(document, "title")[1].text == practice_data["title"]
    assert _cells(document, "start_year")[1].text == "2019"
    assert f"{CHECKED} Policy, including law or public measure" in _cells(
        document, "practice_type"
    )[1].text.split("\n")
    assert _cells(document, "language")[1].text == "French"


# Reading -----------------------------------------------------------------------------------


def test_the_arabic_template_runs_right_to_left_and_the_english_one_does_not():
    arabic = Document(io.BytesIO(build_template(PRACTICE, language="ar")))
    body = arabic.element.body
    paragraphs = body.findall(".//" + qn("w:p"))
    assert paragraphs
    assert all(p.pPr.find(qn("w:bidi")) is not None for p in paragraphs)
    assert all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl")))
    assert arabic.sections[0]._sectPr.find(qn("w:bidi")) is not None
    label, _value = _cells(arabic, "title")
    assert label.paragraphs[0].runs[0].font.cs_bold
    english = Document(io.BytesIO(build_template(PRACTICE, language="en")))
    assert english.element.body.find(".//" + qn("w:bidi")) is None


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "ru", "zh-hans"])
def test_a_filled_template_reads_back_to_the_same_data(tmp_path, practice_data, language):
    content = build_template(PRACTICE, language=language, data=practice_data)
    result = _read(_save(tmp_path, content), language=language)
    assert result.problems == []
    assert result.data == practice_data


def test_a_resource_reads_back_to_the_same_data(tmp_path):
    data = {
        "title": "Guide to fair recruitment",
        "resource_type": _keys(Vocabulary.RESOURCE_TYPES, 1)[0],
        "language": "en",
        "other_languages": ["fr", "es", "ar"],
        "publisher": "ILO",
        "year": 2021,
        "url": "https://example.org/guide.pdf",
        "abstract": "How to recruit fairly.",
        "objectives": ["6"],
        "scope": "global",
        "focal_point_email": "info@example.org",
    }
    result = _read(_save(tmp_path, build_template(RESOURCE, language="en", data=data)), RESOURCE)
    assert (result.data, result.problems) == (data, [])


def test_an_empty_template_reads_as_no_data_and_no_problem(tmp_path):
    result = _read(_save(tmp_path, build_template(PRACTICE, language="en")))
    assert (result.data, result.problems) == ({}, [])


def test_a_user_fills_in_a_french_template(tmp_path):
    def fill(document):
        _type(document, "title", "Cliniques juridiques mobiles")
        _type(document, "summary", "Conseil gratuit.\nDans trois villes.")
        _type(document, "start_year", "2020")
        _tick(document, "practice_type", "Projet/Programme")
        _tick(document, "objectives", _label(Vocabulary.OBJECTIVES, "10", "fr"))
        _tick(document, "objectives", _label(Vocabulary.OBJECTIVES, "6", "fr"), mark="x")
        _tick(document, "sdgs", _label(Vocabulary.SDGS, "8", "fr"), mark="[x]")
        _tick(document, "on_behalf", "Oui", mark="✓")
        _type(document, "countries", "Sénégal, mali, GN")
        _type(document, "language", "français")
        _type(document, "links", "https://example.org/a\nwww.example.org/b")

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="fr"), fill), language="fr")
    assert result.problems == []
    assert result.data == {
        "title": "Cliniques juridiques mobiles",
        "summary": "Conseil gratuit.\nDans trois villes.",
        "start_year": 2020,
        "practice_type": "project",
        "objectives": ["6", "10"],
        "sdgs": ["8"],
        "on_behalf": True,
        "countries": ["SN", "ML", "GN"],
        "language": "fr",
        "links": ["https://example.org/a", "https://www.example.org/b"],
    }


def test_spanish_and_english_labels_in_a_french_template_still_parse(tmp_path):
    def fill(document):
        _type(document, "practice_type", "☒ PROYECTO/PROGRAMA")
        _type(document, "objectives", "☑ 10 - Erradicar la trata de personas\nx Data\n✔ 6")
        _type(document, "scope", "mundial")
        _type(document, "countries", "Alemania; Côte d'Ivoire\nSenegal")
        _type(document, "regions", "África, Europe")
        _type(document, "language", "Espanol")

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="fr"), fill), language="fr")
    assert result.problems == []
    assert result.data == {
        "practice_type": "project",
        "objectives": ["10", "1", "6"],
        "scope": "global",
        "countries": ["DE", "CI", "SN"],
        "regions": ["2", "150"],
        "language": "es",
    }


def test_rows_are_found_by_marker_even_when_the_label_was_edited(tmp_path):
    def fill(document):
        label, _value = _cells(document, "title")
        label.paragraphs[0].text = "Name of our project"
        _type(document, "title", "Clinics")

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    assert result.data == {"title": "Clinics"}


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("start_year", "19", "Could not read the year 19."),
        ("end_year", "2150", "Could not read the year 2150."),
        (
            "focal_point_email",
            "awa at example",
            "Could not read the e-mail address awa at example.",
        ),
        ("objectives", "☒ 42 - Space travel", "Unknown option: 42 - Space travel."),
        ("countries", "Senegal, Atlantis", "Unknown option: Atlantis."),
        ("title", "x" * 201, "The text has 201 characters; at most 200 are allowed."),
        ("links", "https://example.org not-a-url", "Could not read the web address not-a-url."),
        ("scope", "☒ Global\n☒ Local", "Choose only one option; 2 were chosen."),
        ("objectives", "1, 2, 3, 4", "Choose at most 3 options; 4 were chosen."),
    ],
)
def test_an_unreadable_answer_is_one_problem_and_keeps_the_other_fields(
    tmp_path, key, typed, message
):
    def fill(document):
        _type(document, "summary", "A summary.")
        _type(document, key, typed)

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.field == key
    assert str(problem.label) == str(PRACTICE.get_field(key).label)
    assert str(problem.message).startswith(message)
    assert result.data["summary"] == "A summary."


def test_partly_readable_lists_keep_what_was_read(tmp_path):
    def fill(document):
        _type(document, "countries", "Senegal, Atlantis")

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    assert result.data == {"countries": ["SN"]}
    assert [p.field for p in result.problems] == ["countries"]


def test_problem_messages_stay_lazy_until_shown(tmp_path):
    def fill(document):
        _type(document, "start_year", "soon")

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    problem = result.problems[0]
    assert isinstance(problem.message, Promise)
    assert isinstance(problem.label, Promise)
    with translation.override("fr"):
        assert "soon" in str(problem.message)


def test_unknown_markers_and_extra_tables_are_named_in_problems(tmp_path):
    def fill(document):
        table = document.tables[0]
        row = table.add_row()
        row.cells[0].text = "Favourite colour\n[colour]"
        row.cells[1].text = "Blue"
        extra = document.add_table(rows=1, cols=2)
        extra.cell(0, 0).text = "Budget breakdown"
        extra.cell(0, 1).text = "Staff 60%"

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    messages = [str(problem.message) for problem in result.problems]
    assert len(messages) == 2
    assert "[colour]" in messages[0]
    assert "Budget breakdown" in messages[1]
    assert result.data == {}


def test_a_consent_row_added_by_hand_is_not_imported(tmp_path):
    def fill(document):
        row = document.tables[-1].add_row()
        row.cells[0].text = "[consent_rights]"
        row.cells[1].text = "☒ Yes"

    result = _read(_edit(tmp_path, build_template(PRACTICE, language="en"), fill))
    assert "consent_rights" not in result.data
    assert "[consent_rights]" in str(result.problems[0].message)


def test_a_word_document_that_is_not_the_template_is_a_problem(tmp_path):
    document = Document()
    document.add_paragraph("Dear colleagues,")
    path = tmp_path / "letter.docx"
    document.save(path)
    result = _read(path)
    assert result.data == {}
    assert [p.field for p in result.problems] == [""]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7 this is not a Word file",
        b"",
        bytes(range(256)) * 8,
    ],
    ids=["pdf", "empty", "binary"],
)
def test_a_file_that_is_not_a_docx_raises_template_error(tmp_path, content):
    with pytest.raises(TemplateError) as error:
        _read(_save(tmp_path, content, "upload.docx"))
    assert ".docx" in str(error.value)


def test_a_zip_that_is_not_a_docx_raises_template_error(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(TemplateError):
        _read(path)


def test_every_kind_of_field_is_covered_by_the_practice_template():
    kinds = {spec.kind for spec in template_specs(PRACTICE)}
    assert kinds == set(Kind) - {Kind.URL}
    assert Kind.URL in {spec.kind for spec in template_specs(RESOURCE)}
