"""Safeguarding scan: personal data that must not be published with a practice.

Before a practice is submitted, its text fields and attached files are scanned for e-mail
addresses, phone numbers, identity-document numbers, street addresses and named persons close
to words such as "victim" or "child" (English, French and Spanish). The scan is heuristic and
tuned for few false positives: it lists candidates for the submitter to remove or confirm, and
each finding carries a fingerprint so that a decision survives edits that move the text around.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .fields import CONTENT_TYPES
from .schema import safeguarding_exempt

# Contact details given on purpose (``safeguarding_exempt`` in the field definitions).
EXEMPT_FIELDS = safeguarding_exempt(CONTENT_TYPES.values())
CONTEXT_CHARS = 30  # characters of context on each side of an excerpt
NAME_WINDOW = 8  # words between a name and a sensitive word

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FindingKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    ADDRESS = "address"
    NAMED_PERSON = "named_person"


# The kinds in words, for the people who see a finding (submitters, the Hub team).
FINDING_KIND_LABELS = {
    FindingKind.EMAIL: _("E-mail address"),
    FindingKind.PHONE: _("Phone number"),
    FindingKind.ID_NUMBER: _("Identity number"),
    FindingKind.ADDRESS: _("Street address"),
    FindingKind.NAMED_PERSON: _("Name of a person"),
}


def finding_kind_label(kind: str) -> str:
    return str(FINDING_KIND_LABELS.get(kind, kind.replace("_", " ")))  # type: ignore[call-overload]


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a field (or in a file, as "file:<name>")."""

    field: str
    kind: FindingKind
    excerpt: str
    start: int
    end: int
    fingerprint: str

    @property
    def label(self) -> str:
        return finding_kind_label(self.kind)


class ExtractionError(ValueError):
    """An attached file could not be read."""


Span = tuple[int, int]


class Word(NamedTuple):
    start: int
    end: int
    text: str


# --- Regular expressions ---------------------------------------------------------------------

# local@domain.tld; at least one dot in the domain, a letters-only top-level domain.
EMAIL_RE = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")

# Phone candidates: optional +CC/00CC, optional (area code), digit groups joined by one space,
# dot or hyphen. Not glued to a word, a URL, a decimal or a range; _is_phone validates.
PHONE_RE = re.compile(
    r"(?<![\w+/.,-])"
    r"(?P<intl>(?:\+|\b00)\d{1,3}[\ .\u00a0-]?)?"
    r"(?:\(\d{1,5}\)[\ .\u00a0-]?)?"
    r"\d{1,14}(?:[\ .\u00a0-]\d{1,14})*"
    r"(?![\w/]|[.,-]\d)"
)
PHONE_SEP_RE = re.compile(r"[\ .\u00a0-]")  # separators between digit groups
YEAR_RE = re.compile(r"(?:19|20)\d\d")  # a four-digit year, 1900–2099
# Dates written with digits only: 12.05.2018, 01-05-18, 2018-05-12.
DATE_RE = re.compile(r"\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}([./-])\d{1,2}\2\d{1,2}")
NANP_RE = re.compile(r"\d{3}([.-])\d{3}\1\d{4}")  # North American 212-555-1234
# A phone word shortly before a number makes national formats acceptable.
PHONE_WORD_RE = re.compile(
    r"(?i)\b(?:tel|tél|t[eé]l[eé]phone|phone|mobile|m[oó]vil|portable|cell|celular|whatsapp|fax|tel[eé]fono)s?\b"
)
# ISBN/ISSN/DOI just before a number: a publication, not a person.
REFERENCE_RE = re.compile(r"(?i)\b(?:isbn|issn|doi)(?:-1[03])?\s*[:.]?\s*$")

# Passport-like: 6–12 upper-case letters and digits, at least one letter and five digits.
PASSPORT_RE = re.compile(r"\b(?=(?:[A-Z]*\d){5})(?=\d*[A-Z])[A-Z0-9]{6,12}\b")
CODE_PREFIXES = ("ISO", "ISBN", "ISSN", "DOI", "COVID", "SDG", "GCM", "UNSCR")  # not documents
# National-ID-like: nine or more digits in a row, not inside a word, URL or decimal.
DIGIT_RUN_RE = re.compile(r"(?<![\w+/.,-])\d{9,}(?![\w/]|[.,]\d)")
SSN_RE = re.compile(r"(?<![\w/.-])\d{3}-\d{2}-\d{4}(?![\w-])")  # US social security 123-45-6789
# IBAN: country, check digits, then letters/digits in optional groups of four (checksum verified).
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:\ ?[A-Z0-9]{4}){2,7}(?:\ ?[A-Z0-9]{1,3})?\b")

CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"  # a capitalised word
NOT_YEAR = r"(?!(?:19|20)\d\d\b)"  # house numbers are not years
# English: house number, one to four capitalised words, a street type ("12 Main Street").
ADDRESS_EN_RE = re.compile(
    rf"(?<![\w.,/-]){NOT_YEAR}\d{{1,5}}[A-Za-z]?,?\s+(?:{CAP}\s+){{1,4}}"
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|way|place|court|square"
    r"|terrace|close|crescent|highway)\b\.?"
)
# French: number (bis/ter), street type, articles, a capitalised name ("15 rue de la Paix").
ADDRESS_FR_RE = re.compile(
    rf"(?<![\w.,/-]){NOT_YEAR}\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+"
    r"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|impasse|allée|quai|route|square)\s+"
    rf"(?:(?:de|du|des|la|le|les)\s+|[dl]['’])*{CAP}"
)
ES_ARTICLE = r"(?:(?:de|del|la|las|los|el|y)\s+)*"
# Spanish: street type, a name of up to four words, optional "nº", number ("Calle Mayor 5").
ADDRESS_ES_RE = re.compile(
    r"(?<!\w)(?i:calle|c/|avenida|avda\.|av\.|paseo|plaza|pza\.|carrera|calzada|camino|jirón"
    rf"|pasaje|ronda)\s*{ES_ARTICLE}{CAP}(?:\s+{ES_ARTICLE}{CAP}){{0,3}},?\s+"
    rf"(?:(?i:n[º°o]\.?|núm\.?)\s*)?{NOT_YEAR}\d{{1,5}}[A-Za-z]?\b"
)
# Flat or floor: "Apt 4B", "appt. 12", "apto 3", "piso 2", "Flat 7".
ADDRESS_UNIT_RE = re.compile(
    r"\b(?i:apt|apartment|appt|appartement|apto|apartamento|depto|flat|piso)\.?\s*"
    r"(?:n[º°o]\.?\s*|\#\s*)?\d{1,4}[A-Za-z]?(?![\w%])"
)

# Words with offsets; hyphens and inner apostrophes stay inside ("Jean-Pierre", "O'Brien").
WORD_RE = re.compile(r"[^\W_](?:[\w-]|['’](?=[^\W_]))*")
ELISION_RE = re.compile(r"(?i)(?:[ldjmntsc]|qu)['’]")  # French elision: l'enfant, d'Ana
# A sentence-initial word with these endings is a common noun or verb, not a first name.
COMMON_ENDING_RE = re.compile(
    r"(?i)(?:ing|tion|tions|sion|ment|ments|ness|ity|ies|ed|ly|ción|dad|ité)$"
)


def _wordset(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words of a literal."""
    return frozenset(words.split())


SENSITIVE_WORDS = _wordset(
    "victim victims survivor survivors child children girl girls boy boys minor minors "
    "victime victimes survivant survivante survivants survivantes enfant enfants fille filles "
    "garcon garcons mineur mineure mineurs mineures victima victimas sobreviviente "
    "sobrevivientes superviviente supervivientes nino ninos nina ninas menor menores"
)
NAME_PARTICLES = _wordset("de del da das dos do la van von der den bin ben al")
# A capitalised pair right after these words names a project or a place, not a person.
NAME_OF_THING_WORDS = _wordset(
    """
    project projet proyecto programme program programa campaign campagne campana foundation
    initiative iniciativa centre center centro shelter refuge refugio house maison casa hotel
    operation operacion network reseau red fondation fundacion association asociacion
    """
)
# Capitalised words that are not names: function words that open sentences, titles, months,
# days, institutions and parts of place names. Compared accent- and case-insensitively.
STOP_WORDS = SENSITIVE_WORDS | _wordset(
    """
    the a an this that these those in on at for with by from of and or but he she they we his
    her their our it its after before during when while as since if mr mrs ms miss dr sir madam
    le la les un une des du ce cette ces en dans pour avec par sur et ou mais il elle ils elles
    nous son sa ses leur leurs apres avant pendant depuis selon m mme mlle monsieur madame
    el los las una unos unas al este esta estos estas con por para y o pero ella ellos su sus
    despues durante desde segun sr sra srta senor senora don dona ambassador ambassadeur
    embajador embajadora director directora directeur directrice president presidente judge
    juge juez jueza prosecutor procureur fiscal officer agent agente inspector inspecteur
    captain capitaine capitan professor prof doctor docteur doctora father pere padre sister
    soeur hermana brother frere hermano
    january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre enero
    febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
    vendredi samedi dimanche lunes martes miercoles jueves viernes sabado domingo
    united nations nation unies unidas global compact mondial pacto ministry minister ministere
    ministre ministerio ministro government gouvernement gobierno republic republique republica
    office bureau oficina organization organisation organizacion international internacional
    migration migracion migrants migrantes network reseau red hub support soutien apoyo unit
    unite unidad police policia court cour tribunal department departement departamento
    agency agence agencia council conseil consejo commission comision committee comite
    national nacional state states etat estado federal center centre centro foundation
    fondation fundacion association asociacion program programme programa project projet
    proyecto human humain humano rights droits derechos trafficking traite trata protection
    proteccion social services service servicio women femmes mujeres law loi ley act plan
    action accion strategy strategie estrategia university universite universidad school
    ecole escuela hospital hopital church eglise iglesia cross croix rouge roja fund fonds
    fondo bank banque banco world monde mundo regional european europeenne africa african
    africaine africana america americas asia europe pacific caribbean caribe latin latine
    latina north south east west nord sud est ouest norte sur este oeste union secretary
    general kingdom costa rica sierra leone burkina faso sri lanka zealand arabia dominican
    ivoire guinea papua puerto rico hong kong viet nam cabo verde timor leste buenos aires
    addis ababa santo kuala lumpur abu dhabi new york saint sainte santa city ville ciudad
    casa maison house home hogar foyer albergue refugio
    """
)


LEADING_PART_RE = re.compile(r"^\S*")  # a word cut at the start of an excerpt
TRAILING_PART_RE = re.compile(r"\S*$")  # a word cut at the end of an excerpt


# --- Public API ------------------------------------------------------------------------------


def scan_fields(data: Mapping[str, object]) -> list[Finding]:
    """Scan every string (or list of strings, joined by newlines) except EXEMPT_FIELDS."""
    findings: list[Finding] = []
    for key, value in data.items():
        if key in EXEMPT_FIELDS:
            continue
        if isinstance(value, str):
            findings.extend(scan_text(key, value))
        elif isinstance(value, list | tuple):
            joined = "\n".join(item for item in value if isinstance(item, str))
            findings.extend(scan_text(key, joined))
    return _sorted_unique(findings)


def scan_text(field: str, text: str) -> list[Finding]:
    """Scan one text; overlapping matches keep the earlier detector (e-mail before phone…)."""
    taken: list[Span] = []  # sorted, non-overlapping
    findings: list[Finding] = []
    for kind, detector in DETECTORS:
        for start, end in detector(text):
            if _overlaps(taken, start, end):
                continue
            bisect.insort(taken, (start, end))
            findings.append(_finding(field, kind, text, start, end))
    return _sorted_unique(findings)


def scan_file(name: str, content: bytes, mime: str) -> list[Finding]:
    """Scan an attached file; raises ExtractionError when it cannot be read."""
    return scan_text(f"file:{name}", extract_text(content, mime))


def extract_text(content: bytes, mime: str) -> str:
    """Return the text of a PDF, DOCX, XLSX or text file; "" for images and other types."""
    mime = mime.split(";")[0].strip().lower()
    if mime.startswith("text/"):
        return content.decode("utf-8", errors="replace")
    extractor = EXTRACTORS.get(mime)
    if extractor is None:
        return ""
    try:
        return extractor(content)
    except Exception as exc:  # parsers of untrusted files raise many exception types
        raise ExtractionError(f"Cannot read {mime} file: {exc}") from exc


def fingerprint(field: str, kind: str, matched: str) -> str:
    """Short stable hash of field, kind and matched text (whitespace-insensitive)."""
    key = "\x1f".join((field, str(kind), " ".join(matched.split())))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# --- Findings --------------------------------------------------------------------------------


def _finding(field: str, kind: FindingKind, text: str, start: int, end: int) -> Finding:
    """Build a finding with its excerpt and fingerprint."""
    return Finding(
        field=field,
        kind=kind,
        excerpt=_excerpt(text, start, end),
        start=start,
        end=end,
        fingerprint=fingerprint(field, kind, text[start:end]),
    )


def _overlaps(taken: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span of the sorted, non-overlapping list taken."""
    i = bisect.bisect_left(taken, (start, end))
    before = i > 0 and taken[i - 1][1] > start
    return before or (i < len(taken) and taken[i][0] < end)


def _excerpt(text: str, start: int, end: int) -> str:
    """The match with about CONTEXT_CHARS of whole words each side, whitespace collapsed."""
    left, right = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before, after = text[left:start], text[end:right]
    if left > 0:  # drop a cut word and mark the cut
        before = "… " + (before if text[left - 1].isspace() else LEADING_PART_RE.sub("", before))
    if right < len(text):
        after = (after if text[right].isspace() else TRAILING_PART_RE.sub("", after)) + " …"
    return " ".join((before + text[start:end] + after).split())


def _sorted_unique(findings: Iterable[Finding]) -> list[Finding]:
    """Drop duplicates; order by field, then start, end and kind."""
    return sorted(set(findings), key=lambda f: (f.field, f.start, f.end, f.kind))


def _after_reference(text: str, start: int) -> bool:
    """Whether the number at start follows ISBN, ISSN or DOI."""
    return bool(REFERENCE_RE.search(text[max(0, start - 16) : start]))


# --- Detectors -------------------------------------------------------------------------------


def find_emails(text: str) -> Iterator[Span]:
    """E-mail addresses."""
    for match in EMAIL_RE.finditer(text):
        yield match.span()


def find_phones(text: str) -> Iterator[Span]:
    """International (+CC) and grouped national phone numbers."""
    for match in PHONE_RE.finditer(text):
        if _is_phone(text, match):
            yield match.span()


def _is_phone(text: str, match: re.Match[str]) -> bool:
    """Tell phone numbers from years, ranges, dates, amounts and references."""
    candidate = match.group()
    if not 8 <= sum(c.isdigit() for c in candidate) <= 15:
        return False
    if _after_reference(text, match.start()):
        return False
    if match.group("intl"):
        return True
    groups = PHONE_SEP_RE.split(candidate.replace("(", "").replace(")", ""))
    if all(YEAR_RE.fullmatch(g) for g in groups) or DATE_RE.fullmatch(candidate):
        return False
    if PHONE_WORD_RE.search(text[max(0, match.start() - 25) : match.start()]):
        return True
    if len(groups) < 2 or _thousands_like(groups):
        return False
    if candidate.startswith(("0", "(")) or NANP_RE.fullmatch(candidate):
        return True
    return len(groups) >= 4 and len(set(PHONE_SEP_RE.findall(candidate))) == 1


def _thousands_like(groups: list[str]) -> bool:
    """Whether digit groups read as an amount: 1–3 digits, then groups of exactly three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def find_ibans(text: str) -> Iterator[Span]:
    """IBANs with a valid checksum (found before phones, which their digit groups resemble)."""
    for match in IBAN_RE.finditer(text):
        if _valid_iban(match.group()):
            yield match.span()


def find_id_numbers(text: str) -> Iterator[Span]:
    """Passport-like codes, long digit runs and social security numbers."""
    for regex in (PASSPORT_RE, DIGIT_RUN_RE, SSN_RE):
        for match in regex.finditer(text):
            if match.group().startswith(CODE_PREFIXES) or _after_reference(text, match.start()):
                continue
            yield match.span()


def _valid_iban(candidate: str) -> bool:
    """Check an IBAN's length and ISO 7064 mod-97 checksum."""
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def find_addresses(text: str) -> Iterator[Span]:
    """Street addresses with a house number, and flat numbers."""
    for regex in (ADDRESS_EN_RE, ADDRESS_FR_RE, ADDRESS_ES_RE, ADDRESS_UNIT_RE):
        for match in regex.finditer(text):
            yield match.span()


def find_named_persons(text: str) -> Iterator[Span]:
    """Two or three capitalised words within NAME_WINDOW words of a sensitive word."""
    words = _words(text)
    sensitive = [i for i, word in enumerate(words) if _fold(word.text) in SENSITIVE_WORDS]
    if not sensitive:
        return
    for first, last in _name_runs(text, words):
        nearest = bisect.bisect_left(sensitive, first - NAME_WINDOW)
        if nearest < len(sensitive) and sensitive[nearest] <= last + NAME_WINDOW:
            yield words[first].start, words[last].end


def _words(text: str) -> list[Word]:
    """Words with offsets, French elisions (l', d', qu') cut off."""
    words = []
    for match in WORD_RE.finditer(text):
        start, word = match.start(), match.group()
        elision = ELISION_RE.match(word)
        if elision and elision.end() < len(word):
            start, word = start + elision.end(), word[elision.end() :]
        words.append(Word(start, match.end(), word))
    return words


def _name_runs(text: str, words: list[Word]) -> Iterator[Span]:
    """Yield (first, last) word indices of 2–3 capitalised words joined by spaces/particles."""
    run: list[int] = []
    last = -1
    for i, word in enumerate(words):
        linked = last == i - 1 and i > 0 and text[words[i - 1].end : word.start].isspace()
        if run and linked and word.text in NAME_PARTICLES:
            last = i
        elif _is_name_word(word.text):
            if not (run and linked):
                yield from _accepted_run(text, words, run)
                run = []
            run.append(i)
            last = i
        else:
            yield from _accepted_run(text, words, run)
            run, last = [], -1
    yield from _accepted_run(text, words, run)


def _accepted_run(text: str, words: list[Word], run: list[int]) -> Iterator[Span]:
    """Yield the run's bounds if it still looks like a name once a sentence opener is cut."""
    opener = words[run[0]] if run else None
    if opener and _sentence_start(text, opener.start) and COMMON_ENDING_RE.search(opener.text):
        run = run[1:]
    if run and run[0] > 0 and _fold(words[run[0] - 1].text) in NAME_OF_THING_WORDS:
        return
    if 2 <= len(run) <= 3:
        yield run[0], run[-1]


def _is_name_word(word: str) -> bool:
    """A capitalised word (not all capitals, no digits) that is not on the stop-list."""
    if not word[0].isupper() or word.isupper() or any(c.isdigit() for c in word):
        return False
    return not any(_fold(part) in STOP_WORDS for part in word.split("-"))


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at start opens a sentence, a line or the text."""
    before = text[max(0, start - 40) : start].rstrip(" \t\"'«“(*-–—")
    return not before or before[-1] in ".!?:;\n•"


def _fold(word: str) -> str:
    """Lower-case a word and strip its accents."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


DETECTORS: tuple[tuple[FindingKind, Callable[[str], Iterable[Span]]], ...] = (
    (FindingKind.EMAIL, find_emails),
    (FindingKind.ID_NUMBER, find_ibans),
    (FindingKind.PHONE, find_phones),
    (FindingKind.ID_NUMBER, find_id_numbers),
    (FindingKind.ADDRESS, find_addresses),
    (FindingKind.NAMED_PERSON, find_named_persons),
)


# --- Files -----------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    """Text of every page of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(content: bytes) -> str:
    """Paragraphs and table cells of a Word document."""
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def _xlsx_text(content: bytes) -> str:
    """Cell values of every sheet of a workbook, one row per line."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        lines = [
            "\t".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    return "\n".join(lines)


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    PDF_MIME: _pdf_text,
    DOCX_MIME: _docx_text,
    XLSX_MIME: _xlsx_text,
}
