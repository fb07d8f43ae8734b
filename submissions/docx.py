"""The Word template of a content type, and reading it back ("Import from Word").

Both directions are generated from the field definitions in fields.py, so the online form and
the template never drift apart. Each answer sits in a two-column table row whose left cell ends
with a grey marker such as ``[title]``: the reader finds answers by that marker, not by label.
Small vocabularies are lists of boxes to tick (☐ → ☒); large ones (countries, regions,
languages) are written as names or codes separated by commas. Labels are matched in every
interface language, ignoring case and accents.
"""

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from lxml.etree import XMLSyntaxError

from .docx_rtl import right_to_left
from .fields import ContentType, FieldSpec, Kind, Step, Vocabulary
from .vocabularies import Option, options

CHECKED = "☒"
UNCHECKED = "☐"
SMALL_VOCABULARY_LIMIT = 40
FREE_TEXT_VOCABULARIES = frozenset({Vocabulary.COUNTRIES, Vocabulary.REGIONS, Vocabulary.LANGUAGES})
YEAR_RANGE = (1950, 2100)
LABEL_WIDTH, VALUE_WIDTH = Cm(6), Cm(11)
GREY = RGBColor(0x59, 0x59, 0x59)
LABEL_SHADING = "F2F2F2"

_MARKER = re.compile(r"^\[([A-Za-z][A-Za-z0-9_]*)\]$")
_TICKED = re.compile(r"^(?:\[\s*[xX✓✔☒☑]\s*\]|[☒☑✓✔]|[xX](?=\s))\s*(?P<label>.*)$")
_UNTICKED = re.compile(r"^(?:[☐□]|\[\s*\])\s*(?P<label>.*)$")
_NUMBERED = re.compile(r"^\d+\s*[-–—.:]\s*(?P<name>.+)$")
_BULLET = re.compile(r"^[-•*·]\s*")

REQUIRED = _("(required)")
YES, NO = _("Yes"), _("No")
INSTRUCTIONS = (
    _(
        "Prepare your submission with this template, then upload it with “Import from Word” "
        "in the online form, or copy your answers into the form."
    ),
    _("Write your answers in the right-hand column. Spell out every acronym."),
    _("To choose an option, replace ☐ with ☒ in front of it. Leave the other boxes as they are."),
    _(
        "Do not change the grey codes in square brackets, and do not add or remove tables: "
        "they tell the platform which answer is which."
    ),
    _("Fields marked (required) must be filled in before you submit. Files are added online."),
)
HINTS: dict[Kind, str | Promise] = {
    Kind.YEAR: _("Four digits, for example 2019."),
    Kind.EMAIL: _("An e-mail address."),
    Kind.URL: _("A web address, for example https://example.org."),
    Kind.URLS: _("One web address per line."),
}
TICK_ONE = _("Tick one box.")
TICK_MANY = _("Tick every box that applies.")
WRITE_NAMES = {
    Vocabulary.REGIONS: _("Write names or M49 codes, separated by commas."),
}
WRITE_NAMES_DEFAULT = _("Write names or ISO codes, separated by commas.")
WRITE_ONE_NAME = _("Write one name or ISO code.")

NOT_DOCX = _(
    "This file could not be read as a Word document (.docx). Download the template again, "
    "fill it in and save it in the .docx format."
)
BAD_YEAR = _("Could not read the year %(value)s. Write four digits between 1950 and 2100.")
BAD_EMAIL = _("Could not read the e-mail address %(value)s.")
BAD_URL = _("Could not read the web address %(value)s.")
TOO_LONG = _("The text has %(length)s characters; at most %(limit)s are allowed. Shorten it.")
UNKNOWN_OPTION = _("Unknown option: %(value)s.")
ONLY_ONE = _("Choose only one option; %(count)s were chosen.")
TOO_MANY = _("Choose at most %(limit)s options; %(count)s were chosen.")
UNKNOWN_MARKER = _("The marker [%(key)s] is not part of this template; the row was ignored.")
DUPLICATE = _("The field appears more than once; only the first answer was read.")
NO_MARKER_ROW = _("A table row without a marker was ignored: %(text)s")
EXTRA_TABLE = _("A table that is not part of the template was ignored: %(text)s")
NO_FIELDS = _("No field of the template was found in this document.")
DOCUMENT = _("Document")


class TemplateError(Exception):
    """The uploaded file cannot be opened as a Word document."""

    def __init__(self, message: str | Promise = NOT_DOCX) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportProblem:
    field: str  # field name, or "" for the document as a whole
    label: str | Promise
    message: str | Promise


@dataclass
class ImportResult:
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


def _interpolate(message: str | Promise, params: dict[str, object]) -> str:
    return str(message) % params


interpolate_lazy = lazy(_interpolate, str)


# Building ------------------------------------------------------------------------------------


def build_template(
    content_type: ContentType,
    *,
    language: str,
    data: dict[str, Any] | None = None,
    title: str | None = None,
) -> bytes:
    """The .docx template of a content type in ``language``, prefilled from ``data``."""
    with translation.override(language):
        document = Document()
        _set_up_page(document, content_type, language)
        _add_front_matter(document, content_type, title)
        for step in content_type.steps:
            _add_step(document, step, data or {})
        if translation.get_language_bidi():
            right_to_left(document)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def template_specs(content_type: ContentType) -> list[FieldSpec]:
    """Every field of a content type that belongs in the Word template, in order."""
    return [spec for step in content_type.steps for spec in _step_fields(step)]


def _step_fields(step: Step) -> list[FieldSpec]:
    return [spec for spec in step.fields if spec.in_template]


def _set_up_page(document: DocxDocument, content_type: ContentType, language: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    document.core_properties.title = str(content_type.name)
    document.core_properties.category = content_type.slug
    document.core_properties.language = language


def _add_front_matter(document: DocxDocument, content_type: ContentType, title: str | None) -> None:
    document.add_heading(str(content_type.name), level=0)
    if title:
        document.add_paragraph(xml_safe(title), style="Subtitle")
    document.add_heading(str(_("How to fill in this template")), level=2)
    for text in INSTRUCTIONS:
        document.add_paragraph(str(text), style="List Bullet")


def _add_step(document: DocxDocument, step: Step, data: dict[str, Any]) -> None:
    specs = _step_fields(step)
    if not specs:
        return
    document.add_heading(str(step.title), level=1)
    if step.intro:
        document.add_paragraph().add_run(str(step.intro)).italic = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width, table.columns[1].width = LABEL_WIDTH, VALUE_WIDTH
    for spec in specs:
        _add_row(table, spec, data.get(spec.name))


def _add_row(table: Table, spec: FieldSpec, value: Any) -> None:
    label_cell, value_cell = table.add_row().cells
    label_cell.width, value_cell.width = LABEL_WIDTH, VALUE_WIDTH
    _shade(label_cell)
    boxes = box_options(spec)
    _fill_label(label_cell, spec, boxes)
    _write_lines(value_cell, _value_lines(spec, value, boxes))


def _fill_label(cell: _Cell, spec: FieldSpec, boxes: list[Option] | None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.add_run(str(spec.label)).bold = True
    if spec.required:
        paragraph.add_run(" " + str(REQUIRED))
    for hint in _hints(spec, boxes):
        _add_small(cell, hint)
    _add_small(cell, f"[{spec.name}]")


def _hints(spec: FieldSpec, boxes: list[Option] | None) -> list[str]:
    hints = [str(spec.help)] if spec.help else []
    if boxes is not None:
        hints.append(str(TICK_MANY if spec.kind is Kind.MULTI else TICK_ONE))
    elif spec.vocabulary is not None:
        many = WRITE_NAMES.get(spec.vocabulary, WRITE_NAMES_DEFAULT)
        hints.append(str(many if spec.kind is Kind.MULTI else WRITE_ONE_NAME))
    elif spec.kind in HINTS:
        hints.append(str(HINTS[spec.kind]))
    if spec.max_items:
        hints.append(_at_most_items(spec.max_items))
    if spec.max_length:
        hints.append(_at_most_characters(spec.max_length))
    return hints


def _at_most_items(limit: int) -> str:
    return ngettext("At most %(count)s option.", "At most %(count)s options.", limit) % {
        "count": limit
    }


def _at_most_characters(limit: int) -> str:
    return ngettext("At most %(count)s character.", "At most %(count)s characters.", limit) % {
        "count": limit
    }


def box_options(spec: FieldSpec) -> list[Option] | None:
    """The options shown as boxes to tick, or None when the answer is free text."""
    if spec.kind is Kind.BOOL:
        return [("yes", str(YES)), ("no", str(NO))]
    if spec.vocabulary is None or spec.vocabulary in FREE_TEXT_VOCABULARIES:
        return None
    choices = options(spec.vocabulary)
    return choices if len(choices) <= SMALL_VOCABULARY_LIMIT else None


def _value_lines(spec: FieldSpec, value: Any, boxes: list[Option] | None) -> list[str]:
    if boxes is not None:
        return _box_lines(spec, value, boxes)
    if value in (None, "", []):
        return []
    if spec.vocabulary is not None:
        labels = dict(options(spec.vocabulary))
        keys = value if isinstance(value, list) else [value]
        return [", ".join(labels.get(str(key), str(key)) for key in keys)]
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value).split("\n")


def _box_lines(spec: FieldSpec, value: Any, boxes: list[Option]) -> list[str]:
    if spec.kind is Kind.BOOL:
        chosen = set() if value is None else {"yes" if value else "no"}
    else:
        chosen = set(value if isinstance(value, list) else [value] if value else [])
    lines = [f"{CHECKED if key in chosen else UNCHECKED} {label}" for key, label in boxes]
    known = {key for key, _label in boxes}
    return lines + [f"{CHECKED} {key}" for key in sorted(chosen - known)]


# Characters XML 1.0 cannot hold (NUL and other control characters, lone surrogates): a draft
# saved before they were refused would otherwise make its Word export fail every time.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _write_lines(cell: _Cell, lines: list[str]) -> None:
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.add_run(xml_safe(line))


def _add_small(cell: _Cell, text: str) -> None:
    run = cell.add_paragraph().add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = GREY


def _shade(cell: _Cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), LABEL_SHADING)
    cell._tc.get_or_add_tcPr().append(shading)


# Reading -------------------------------------------------------------------------------------


def read_template(
    content_type: ContentType, file_like: IO[bytes], *, language: str
) -> ImportResult:
    """Read the answers of a filled-in template; what cannot be read becomes a problem."""
    try:
        document = Document(file_like)
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise TemplateError() from error
    return _Reader(content_type, language).read(document)


def normalize(text: str) -> str:
    """Lower case, without accents or punctuation, single spaces: for matching labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def _paragraph_text(paragraph: Any) -> str:
    """Text of a w:p element, including tracked insertions and content controls."""
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == qn("w:tab") else "\n")
    return "".join(parts)


def _cell_lines(cell: _Cell) -> list[str]:
    text = "\n".join(_paragraph_text(p) for p in cell._tc.iter(qn("w:p")))
    return [line.strip() for line in text.split("\n")]


def _marker(cell: _Cell) -> str | None:
    for line in reversed(_cell_lines(cell)):
        if match := _MARKER.match(line):
            return match.group(1).lower()
    return None


def _excerpt(lines: list[str], limit: int = 60) -> str:
    text = " ".join(line for line in lines if line)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label_variants(label: str) -> list[str]:
    match = _NUMBERED.match(label)
    return [label, match.group("name")] if match else [label]


def _split_names(text: str) -> list[str]:
    tokens = (_BULLET.sub("", token.strip()) for token in re.split(r"[,;\n]", text))
    return [token for token in tokens if token]


def _match_names(tokens: list[str], lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """Keys of the names in ``tokens``, re-joining names that contain commas."""
    keys: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start, -1):
            key = lookup.get(normalize(", ".join(tokens[start:end])))
            if key is not None:
                keys.append(key)
                start = end
                break
        else:
            unknown.append(tokens[start])
            start += 1
    return keys, unknown


class _Reader:
    """Reads one document; collects data and problems."""

    def __init__(self, content_type: ContentType, language: str) -> None:
        self.content_type = content_type
        self.language = language
        self.specs = {spec.name: spec for spec in template_specs(content_type)}
        self.result = ImportResult()
        self.seen: set[str] = set()
        self._options: dict[tuple[str, str], list[Option]] = {}

    def read(self, document: DocxDocument) -> ImportResult:
        for table in document.tables:
            if not any(_marker(row.cells[0]) for row in table.rows if row.cells):
                self._problem(None, EXTRA_TABLE, text=_excerpt(_table_lines(table)))
                continue
            for row in table.rows:
                self._read_row(row.cells)
        if not self.seen:
            self._problem(None, NO_FIELDS)
        return self.result

    def _read_row(self, cells: list[_Cell]) -> None:
        key = _marker(cells[0]) if cells else None
        values = _cell_lines(cells[-1]) if len(cells) > 1 else []
        if key is None:
            if any(line for cell in cells for line in _cell_lines(cell)):
                self._problem(None, NO_MARKER_ROW, text=_excerpt(_row_lines(cells)))
        elif key not in self.specs:
            self._problem(None, UNKNOWN_MARKER, key=key)
        elif key in self.seen:
            self._problem(self.specs[key], DUPLICATE)
        else:
            self.seen.add(key)
            self._read_field(self.specs[key], values)

    def _read_field(self, spec: FieldSpec, lines: list[str]) -> None:
        if not any(lines):
            return
        readers: dict[Kind, Callable[[FieldSpec, list[str]], Any]] = {
            Kind.TEXT: self._text,
            Kind.TEXTAREA: self._text,
            Kind.YEAR: self._year,
            Kind.EMAIL: self._email,
            Kind.URL: self._url,
            Kind.URLS: self._urls,
            Kind.CHOICE: self._choice,
            Kind.MULTI: self._multi,
            Kind.BOOL: self._bool,
        }
        value = readers[spec.kind](spec, lines)
        if value is not None:
            self.result.data[spec.name] = value

    def _problem(self, spec: FieldSpec | None, message: str | Promise, **params: object) -> None:
        text = interpolate_lazy(message, params) if params else message
        name, label = (spec.name, spec.label) if spec else ("", DOCUMENT)
        self.result.problems.append(ImportProblem(name, label, text))

    # Kinds of field

    def _text(self, spec: FieldSpec, lines: list[str]) -> str | None:
        if spec.kind is Kind.TEXT:
            text = " ".join(line for line in lines if line)
        else:
            text = "\n".join(lines).strip()
        if spec.max_length and len(text) > spec.max_length:
            self._problem(spec, TOO_LONG, length=len(text), limit=spec.max_length)
            return None
        return text

    def _year(self, spec: FieldSpec, lines: list[str]) -> int | None:
        text = " ".join(line for line in lines if line)
        if re.fullmatch(r"\d{4}", text) and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
            return int(text)
        self._problem(spec, BAD_YEAR, value=text)
        return None

    def _email(self, spec: FieldSpec, lines: list[str]) -> str | None:
        text = " ".join(line for line in lines if line)
        try:
            validate_email(text)
        except ValidationError:
            self._problem(spec, BAD_EMAIL, value=text)
            return None
        return text

    def _url(self, spec: FieldSpec, lines: list[str]) -> str | None:
        urls = self._urls(spec, lines)
        if urls is not None and len(urls) > 1:
            self._problem(spec, BAD_URL, value=" ".join(urls))
            return None
        return urls[0] if urls else None

    def _urls(self, spec: FieldSpec, lines: list[str]) -> list[str] | None:
        urls = [_with_scheme(word) for line in lines for word in line.split()]
        bad = [url for url in urls if not _valid_url(url)]
        if bad:
            self._problem(spec, BAD_URL, value=", ".join(bad))
        good = [url for url in urls if url not in bad]
        return good or None

    def _choice(self, spec: FieldSpec, lines: list[str]) -> str | None:
        keys = self._keys(spec, lines)
        if len(keys) > 1:
            self._problem(spec, ONLY_ONE, count=len(keys))
            return None
        return keys[0] if keys else None

    def _multi(self, spec: FieldSpec, lines: list[str]) -> list[str] | None:
        keys = self._keys(spec, lines)
        if spec.max_items and len(keys) > spec.max_items:
            self._problem(spec, TOO_MANY, limit=spec.max_items, count=len(keys))
            return None
        return keys or None

    def _bool(self, spec: FieldSpec, lines: list[str]) -> bool | None:
        key = self._choice(spec, lines)
        return None if key is None else key == "yes"

    # Options

    def _keys(self, spec: FieldSpec, lines: list[str]) -> list[str]:
        """Keys of the ticked boxes and of the names written in a cell, without repeats."""
        lookup = self._lookup(spec)
        keys: list[str] = []
        unknown: list[str] = []
        for line in lines:
            found, missing = _read_option_line(line, lookup)
            keys += [key for key in found if key not in keys]
            unknown += missing
        if unknown:
            self._problem(spec, UNKNOWN_OPTION, value="; ".join(unknown))
        return keys

    def _lookup(self, spec: FieldSpec) -> dict[str, str]:
        """Normalized key or label, in any interface language → key."""
        languages = [self.language] + [code for code, _name in settings.LANGUAGES]
        lookup: dict[str, str] = {}
        for key, _label in self._choices(spec, self.language):
            lookup.setdefault(normalize(key), key)
        for language in languages:
            for key, label in self._choices(spec, language):
                for variant in _label_variants(label):
                    lookup.setdefault(normalize(variant), key)
        return lookup

    def _choices(self, spec: FieldSpec, language: str) -> list[Option]:
        cache_key = (str(spec.vocabulary or spec.kind), language)
        if cache_key not in self._options:
            with translation.override(language):
                found = box_options(spec)
                if found is None:
                    found = options(spec.vocabulary) if spec.vocabulary else []
            self._options[cache_key] = found
        return self._options[cache_key]


def _read_option_line(line: str, lookup: dict[str, str]) -> tuple[list[str], list[str]]:
    """(keys, unreadable names) of one line: a box, ticked or not, or names by commas."""
    if not line or _UNTICKED.match(line):
        return [], []
    ticked = _TICKED.match(line)
    if ticked:
        label = ticked.group("label").strip()
        key = lookup.get(normalize(label))
        if key is not None or not label:
            return ([key] if key else []), []
        return _match_names(_split_names(label), lookup)
    return _match_names(_split_names(line), lookup)


def _with_scheme(url: str) -> str:
    return url if "://" in url or "." not in url else "https://" + url


def _valid_url(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _row_lines(cells: list[_Cell]) -> list[str]:
    return [line for cell in cells for line in _cell_lines(cell)]


def _table_lines(table: Table) -> list[str]:
    return [line for row in table.rows for line in _row_lines(row.cells)]
