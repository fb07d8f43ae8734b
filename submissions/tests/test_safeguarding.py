"""The safeguarding scan flags personal data in practice text and files, with few false alarms."""

import io
import itertools

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from weasyprint import HTML

from submissions.safeguarding import (
    DOCX_MIME,
    EXEMPT_FIELDS,
    PDF_MIME,
    XLSX_MIME,
    ExtractionError,
    Finding,
    FindingKind,
    extract_text,
    fingerprint,
    scan_fields,
    scan_file,
    scan_text,
)

EMAIL = FindingKind.EMAIL
PHONE = FindingKind.PHONE
ID = FindingKind.ID_NUMBER
ADDRESS = FindingKind.ADDRESS
PERSON = FindingKind.NAMED_PERSON


def found(text: str) -> list[tuple[FindingKind, str]]:
    """(kind, matched text) of every finding in text."""
    return [(f.kind, text[f.start : f.end]) for f in scan_text("description", text)]


def kinds(text: str) -> set[FindingKind]:
    return {kind for kind, _ in found(text)}


POSITIVES = [
    # e-mail
    ("Write to trafficking@example.org for help.", EMAIL, "trafficking@example.org"),
    (
        "Écrivez à marie.dupont+refuge@asso-exemple.fr.",
        EMAIL,
        "marie.dupont+refuge@asso-exemple.fr",
    ),
    ("Escriba a josé.pérez@ejemplo.com.mx hoy", EMAIL, "josé.pérez@ejemplo.com.mx"),
    ("(contact: a_b@sub.domain.org)", EMAIL, "a_b@sub.domain.org"),
    # phone: international
    ("Call +221 77 123 45 67 now.", PHONE, "+221 77 123 45 67"),
    ("Appelez le +33 1 23 45 67 89.", PHONE, "+33 1 23 45 67 89"),
    ("Llame al +34 912 345 678.", PHONE, "+34 912 345 678"),
    ("Hotline +1 (212) 555-1234", PHONE, "+1 (212) 555-1234"),
    ("UK office +44 (0)20 7946 0958", PHONE, "+44 (0)20 7946 0958"),
    ("WhatsApp +2348031234567", PHONE, "+2348031234567"),
    ("Numéro 0033 6 12 34 56 78", PHONE, "0033 6 12 34 56 78"),
    # phone: national
    ("Permanence au 01 23 45 67 89 le soir.", PHONE, "01 23 45 67 89"),
    ("Numéro: 06.12.34.56.78", PHONE, "06.12.34.56.78"),
    ("Call (212) 555-1234 today", PHONE, "(212) 555-1234"),
    ("Call 212-555-1234 today", PHONE, "212-555-1234"),
    ("Teléfono: 612 345 678", PHONE, "612 345 678"),
    ("Tel. 91 234 56 78", PHONE, "91 234 56 78"),
    ("Son numéro est 77 123 45 67 depuis", PHONE, "77 123 45 67"),
    ("phone 0612345678", PHONE, "0612345678"),
    ("London 020 7946 0958", PHONE, "020 7946 0958"),
    # identity documents
    ("passport AB1234567 was seized", ID, "AB1234567"),
    ("pasaporte n.º X12345678", ID, "X12345678"),
    ("passeport 12AB34567 confisqué", ID, "12AB34567"),
    ("DNI 12345678Z", ID, "12345678Z"),
    ("national ID 123456789012", ID, "123456789012"),
    ("numéro 1850578006084", ID, "1850578006084"),
    ("SSN 123-45-6789", ID, "123-45-6789"),
    ("IBAN GB82 WEST 1234 5698 7654 32 (salary)", ID, "GB82 WEST 1234 5698 7654 32"),
    ("IBAN DE89370400440532013000.", ID, "DE89370400440532013000"),
    ("compte FR14 2004 1010 0505 0001 3M02 606", ID, "FR14 2004 1010 0505 0001 3M02 606"),
    # addresses
    ("She lived at 12 Main Street with", ADDRESS, "12 Main Street"),
    ("Shelter at 221B Baker St. in London", ADDRESS, "221B Baker St."),
    ("Office: 1600 Pennsylvania Avenue", ADDRESS, "1600 Pennsylvania Avenue"),
    ("Apt 4B, second floor", ADDRESS, "Apt 4B"),
    ("domiciliée 15 rue de la Paix à Paris", ADDRESS, "15 rue de la Paix"),
    ("au 3 bis, avenue Victor Hugo", ADDRESS, "3 bis, avenue Victor"),
    ("foyer 7 place de l'Église", ADDRESS, "7 place de l'Église"),
    ("appartement 12 au troisième", ADDRESS, "appartement 12"),
    ("vive en la Calle Mayor 5, Madrid", ADDRESS, "Calle Mayor 5"),
    ("Av. Libertador 1234, Buenos Aires", ADDRESS, "Av. Libertador 1234"),
    ("Avenida de la Constitución nº 22", ADDRESS, "Avenida de la Constitución nº 22"),
    ("C/ Alcalá 45", ADDRESS, "C/ Alcalá 45"),
    ("piso 3, puerta B", ADDRESS, "piso 3"),
    # named persons near a sensitive word
    ("Maria Lopez, a 15-year-old victim, was rescued.", PERSON, "Maria Lopez"),
    ("The survivor, John Smith, testified.", PERSON, "John Smith"),
    ("We met the girl Amina Yusuf Bello at the shelter.", PERSON, "Amina Yusuf Bello"),
    ("Two minors, including Ahmed Khan, crossed.", PERSON, "Ahmed Khan"),
    ("Mrs Grace Okafor, herself a Survivor of exploitation", PERSON, "Grace Okafor"),
    ("La victime, Mme Fatou Diallo, a porté plainte.", PERSON, "Fatou Diallo"),
    ("L'enfant Jean-Pierre Dupont a été placé.", PERSON, "Jean-Pierre Dupont"),
    ("Awa Traoré, survivante de la traite, témoigne.", PERSON, "Awa Traoré"),
    ("La niña Ana Gómez fue rescatada.", PERSON, "Ana Gómez"),
    ("Según la VÍCTIMA, Rosa María Quispe llegó sola.", PERSON, "Rosa María Quispe"),
    ("El niño Luis de la Cruz tenía 12 años.", PERSON, "Luis de la Cruz"),
    ("Carlos Mendoza, sobreviviente, habló.", PERSON, "Carlos Mendoza"),
    ("una menor llamada Lucía Fernández", PERSON, "Lucía Fernández"),
    ("A girl named Maria Lopez arrived.", PERSON, "Maria Lopez"),
    ("Father Alejandro Solalinde protects migrant children.", PERSON, "Alejandro Solalinde"),
    ("orientés au 45 boulevard Haussmann. Le", ADDRESS, "45 boulevard Haussmann"),
]


@pytest.mark.parametrize(("text", "kind", "match"), POSITIVES)
def test_detects(text: str, kind: FindingKind, match: str) -> None:
    assert (kind, match) in found(text)


NEGATIVES = [
    # not e-mail
    ("Follow @iom_news on social media", EMAIL),
    ("The rate was 5 @ 10%.", EMAIL),
    # not phones: years, ranges, amounts, dates, references, statistics
    ("between 2018 and 2024", PHONE),
    ("during 2018-2024 the programme", PHONE),
    ("in 2018, 2019, 2020 and 2021", PHONE),
    ("1990 2000 2010 2020", PHONE),
    ("a budget of 1,500,000 dollars", PHONE),
    ("un budget de 15.000.000 d'euros", PHONE),
    ("12 345 678 personnes déplacées", PHONE),
    ("un presupuesto de 250 000 000 pesos", PHONE),
    ("on 12.05.2018 the law", PHONE),
    ("le 01/05/2018", PHONE),
    ("adopted 2018-05-12", PHONE),
    ("ISBN 978-92-9068-123-4", PHONE),
    ("ISSN 1234-5678", PHONE),
    ("Law 2016-1547 of 7 November", PHONE),
    ("from 10.30-12.00 daily", PHONE),
    ("about 3.5 million people", PHONE),
    ("coordinates -0.1234567, 36.1234567", PHONE),
    ("in 2019 25 000 people", PHONE),
    ("telling 612 345 678 people", PHONE),
    # not identity documents
    ("the COVID19 pandemic", ID),
    ("SDG16 and SDG8", ID),
    ("certified ISO27001", ID),
    ("ISBN 9789290681234", ID),
    ("DOI: 1234567890", ID),
    ("https://example.org/report/123456789", ID),
    ("Convention C189 of the ILO", ID),
    ("a ratio of 3.1415926535", ID),
    ("GB82 WEST 1234 5698 7654 33", ID),  # bad IBAN checksum
    ("the 12345678 figure", ID),
    # not addresses
    ("in 2019 National Road Safety week", ADDRESS),
    ("over 12 months", ADDRESS),
    ("5 key steps", ADDRESS),
    ("2 cours de Français", ADDRESS),
    ("la rue est dangereuse", ADDRESS),
    ("1 route de la migration", ADDRESS),
    ("la calle es peligrosa", ADDRESS),
    ("Plaza Mayor 2019", ADDRESS),
    ("a flat 20% fee", ADDRESS),
    # not named persons
    ("The victim support unit of the Ministry", PERSON),
    ("Maria Lopez presented the annual report.", PERSON),
    ("The United Nations protects child victims.", PERSON),
    ("Under the Global Compact, survivors are heard.", PERSON),
    ("Training Sessions were held for child victims.", PERSON),
    ("In January, Monday sessions for minors began.", PERSON),
    ("IOM UNICEF support for child survivors", PERSON),
    ("La Croix Rouge aide les enfants victimes.", PERSON),
    ("Le Ministère de la Justice protège les mineurs.", PERSON),
    ("En Costa Rica las víctimas reciben apoyo.", PERSON),
    ("El Salvador protege a los niños.", PERSON),
    ("Human Rights Watch documented child labour.", PERSON),
    ("Sierra Leone and Burkina Faso support survivors.", PERSON),
    ("victim " + "word " * 12 + "Maria Lopez", PERSON),  # beyond the word window
    ("Le projet Nouvelle Vie accompagne 150 survivantes.", PERSON),
    ("El programa Puentes Seguros apoya a niñas y niños.", PERSON),
    ("Project Safe Haven supported child survivors.", PERSON),
    ("Casa Alianza ayuda a niñas.", PERSON),
    ("Survivors met Ambassador Ruiz.", PERSON),
    ("Survivor Leadership Council members", PERSON),
]


@pytest.mark.parametrize(("text", "kind"), NEGATIVES)
def test_ignores(text: str, kind: FindingKind) -> None:
    assert kind not in kinds(text), found(text)


def test_finding_fields() -> None:
    text = "Before. Write to trafficking@example.org\n\n   for more help on the matter."
    [finding] = scan_text("summary", text)
    assert finding.field == "summary"
    assert finding.kind == EMAIL
    assert text[finding.start : finding.end] == "trafficking@example.org"
    assert finding.excerpt == "Before. Write to trafficking@example.org for more help on the …"
    assert len(finding.fingerprint) == 16


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("a@example.org", "a@example.org"),
        ("x" * 40 + " a@example.org", "… a@example.org"),
        (
            "one two three four five six seven eight a@example.org",
            "… four five six seven eight a@example.org",
        ),
        (
            "a@example.org one two three four five six seven eight",
            "a@example.org one two three four five six …",
        ),
    ],
)
def test_excerpt_keeps_whole_words(text: str, excerpt: str) -> None:
    [finding] = scan_text("summary", text)
    assert finding.excerpt == excerpt


def test_finding_is_frozen() -> None:
    [finding] = scan_text("summary", "a@example.org")
    with pytest.raises(AttributeError):
        finding.start = 3  # type: ignore[misc]


def test_fingerprint_is_stable_when_offsets_change() -> None:
    [before] = scan_text("summary", "Contact trafficking@example.org")
    [after] = scan_text("summary", "New first paragraph.\n\nContact   trafficking@example.org")
    assert before.start != after.start
    assert before.fingerprint == after.fingerprint


@pytest.mark.parametrize(
    ("other_field", "other_text"),
    [
        ("results", "Contact trafficking@example.org"),
        ("summary", "Contact traffic@example.org"),
    ],
)
def test_fingerprint_depends_on_field_and_match(other_field: str, other_text: str) -> None:
    [first] = scan_text("summary", "Contact trafficking@example.org")
    [other] = scan_text(other_field, other_text)
    assert first.fingerprint != other.fingerprint


def test_fingerprint_depends_on_kind() -> None:
    assert fingerprint("f", EMAIL, "x") != fingerprint("f", PHONE, "x")


def test_findings_sorted_by_start_without_overlaps() -> None:
    text = "Victim Ana Gómez, ana@example.org, +34 912 345 678, Calle Mayor 5, DNI 12345678Z."
    findings = scan_text("summary", text)
    assert [f.kind for f in findings] == [PERSON, EMAIL, PHONE, ADDRESS, ID]
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_email_is_not_also_a_phone_or_id() -> None:
    assert found("0612345678@example.org") == [(EMAIL, "0612345678@example.org")]


def test_scan_fields_walks_strings_and_lists_and_skips_exempt_fields() -> None:
    data: dict[str, object] = {
        "title": "Help for survivors",
        "summary": "Mail a@example.org",
        "links": ["https://example.org", "contact b@example.org"],
        "year": 2020,
        "objectives": [1, 2],
        "focal_point_name": "Maria Lopez, victim",
        "focal_point_email": "focal@example.org",
        "focal_point_organisation": "Tel. 01 23 45 67 89",
    }
    findings = scan_fields(data)
    assert [(f.field, f.kind) for f in findings] == [("links", EMAIL), ("summary", EMAIL)]
    links = "https://example.org\ncontact b@example.org"
    assert links[findings[0].start : findings[0].end] == "b@example.org"
    assert {"focal_point_name", "focal_point_email", "focal_point_organisation"} <= EXEMPT_FIELDS


def test_scan_fields_returns_no_duplicates() -> None:
    findings = scan_fields({"a": "x@example.org and x@example.org", "b": "x@example.org"})
    assert [(f.field, f.start) for f in findings] == [("a", 0), ("a", 18), ("b", 0)]
    assert len(set(findings)) == len(findings)


# --- Files -----------------------------------------------------------------------------------


def make_pdf(text: str) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def make_docx(paragraph: str, cell: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(paragraph)
    document.add_table(rows=1, cols=2).cell(0, 1).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx(*rows: tuple[object, ...]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_extract_pdf() -> None:
    text = extract_text(make_pdf("Contact the shelter at trafficking@example.org today."), PDF_MIME)
    assert "trafficking@example.org" in text


def test_extract_docx_paragraphs_and_table_cells() -> None:
    text = extract_text(make_docx("Annual report", "mail b@example.org"), DOCX_MIME)
    assert "Annual report" in text
    assert "mail b@example.org" in text


def test_extract_xlsx_values() -> None:
    text = extract_text(make_xlsx(("Name", "Contact"), (None, "c@example.org"), (2024,)), XLSX_MIME)
    assert text.splitlines() == ["Name\tContact", "c@example.org", "2024"]


@pytest.mark.parametrize(
    ("name", "make", "mime", "email"),
    [
        (
            "report.pdf",
            lambda: make_pdf("Write to a@example.org please."),
            PDF_MIME,
            "a@example.org",
        ),
        ("report.docx", lambda: make_docx("Intro", "b@example.org"), DOCX_MIME, "b@example.org"),
        ("data.xlsx", lambda: make_xlsx(("x", "c@example.org")), XLSX_MIME, "c@example.org"),
        ("notes.txt", lambda: b"Mail d@example.org", "text/plain; charset=utf-8", "d@example.org"),
    ],
)
def test_scan_file_finds_email(name, make, mime, email) -> None:
    content = make()
    findings = scan_file(name, content, mime)
    assert [(f.field, f.kind) for f in findings] == [(f"file:{name}", EMAIL)]
    assert extract_text(content, mime)[findings[0].start : findings[0].end] == email


@pytest.mark.parametrize("mime", ["image/png", "image/jpeg", "application/zip", ""])
def test_images_and_unknown_types_have_no_text(mime: str) -> None:
    assert extract_text(b"\x89PNG a@example.org", mime) == ""
    assert scan_file("photo.png", b"a@example.org", mime) == []


@pytest.mark.parametrize("mime", [PDF_MIME, DOCX_MIME, XLSX_MIME])
def test_unreadable_file_raises_extraction_error(mime: str) -> None:
    with pytest.raises(ExtractionError):
        extract_text(b"not really a document", mime)


# --- Properties ------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        " ",
        "\n",
        ", ",
        ". ",
        "victim",
        "niña",
        "enfant",
        "Maria",
        "Lopez",
        "Ana",
        "l'",
        "+",
        "(",
        ")",
        "-",
        "@",
        "example.org",
        "rue",
        "Calle",
        "Street",
        "Apt",
        "12",
        "2018",
        "555",
        "AB",
        "ISBN ",
        "GB82",
        "WEST",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_scan_never_raises_and_offsets_slice_the_match(text: str) -> None:
    findings = scan_text("field", text)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end))
    for finding in findings:
        assert isinstance(finding, Finding)
        matched = text[finding.start : finding.end]
        assert 0 <= finding.start < finding.end <= len(text)
        assert matched.strip() == matched
        assert " ".join(matched.split()) in finding.excerpt
        assert finding.fingerprint == fingerprint("field", finding.kind, matched)
