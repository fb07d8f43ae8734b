"""The safe-upload gate: types sniffed from content, limits, metadata stripped, ClamAV.

Every file is generated here with the library that writes that format. The tests marked
`clamav` talk to a real clamd started by scripts/with-clamd.sh (HUB_TEST_CLAMD); without it
they skip, except in CI (CI=true), where a missing clamd fails them.
"""

import hashlib
import io
import os
import socket
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.comments import Comment
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from submissions.uploads import (
    CleanedFile,
    UploadRejected,
    check_file_count,
    clean_upload,
    scan_for_viruses,
)

AUTHOR = "Jane Secret-Author"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
    f"{AUTHOR}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EXIF_ARTIST = 0x013B
EXIF_ORIENTATION = 0x0112


# --- Files ------------------------------------------------------------------------------------


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """The browser's content type is deliberately wrong or generic: it must not matter."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    exif = Image.Exif()
    exif[EXIF_ARTIST] = AUTHOR
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 128)).save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def make_jpeg(size: tuple[int, int] = (8, 8), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[EXIF_ARTIST] = AUTHOR
    exif[EXIF_ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, "JPEG", exif=exif, xmp=XMP, comment=AUTHOR.encode())
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("The practice in short.")
    document.add_comment(paragraph.runs, text="Please check.", author=AUTHOR, initials="JS")
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.keywords = AUTHOR
    properties.title = "ACME NGO evaluation"
    out = io.BytesIO()
    document.save(out)
    return with_custom_properties(out.getvalue())


def with_custom_properties(data: bytes) -> bytes:
    """Add docProps/custom.xml naming the author (python-docx cannot write it)."""
    custom = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
        f"<vt:lpwstr>{AUTHOR}</vt:lpwstr></property></Properties>"
    )
    override = (
        '<Override PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'
    )
    relationship = (
        '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'
    )
    return rewrite_zip(
        data,
        add={"docProps/custom.xml": custom.encode()},
        edit={
            "[Content_Types].xml": lambda b: b.replace(b"</Types>", override.encode()),
            "_rels/.rels": lambda b: b.replace(b"</Relationships>", relationship.encode()),
        },
    )


def rewrite_zip(data: bytes, add: dict | None = None, edit: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            target.writestr(name, (edit or {}).get(name, lambda b: b)(blob))
        for name, blob in (add or {}).items():
            target.writestr(name, blob)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "value"
    sheet["A1"].comment = Comment("A note.", AUTHOR)
    workbook.properties.creator = workbook.properties.lastModifiedBy = AUTHOR
    workbook.properties.title = "ACME NGO budget"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_pdf(encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": AUTHOR, "/Creator": AUTHOR})
    xmp = DecodedStreamObject()
    xmp.set_data(XMP)
    xmp.update({NameObject("/Type"): NameObject("/Metadata")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    page[NameObject("/Metadata")] = writer._add_object(xmp)
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/T"): TextStringObject(AUTHOR),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    if encrypt:
        writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_text(data: bytes) -> bytes:
    """Every part of a ZIP, decompressed and joined: where a name could hide."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def rejection(uploaded: SimpleUploadedFile) -> tuple[str, str]:
    """(code, message in English) of the refusal of `uploaded`."""
    with pytest.raises(UploadRejected) as info:
        clean_upload(uploaded)
    return str(info.value.code), str(info.value.messages[0])


# --- Accepted types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("practice.pdf", make_pdf, "application/pdf"),
        (
            "practice.docx",
            make_docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            make_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("map.png", make_png, "image/png"),
        ("photo.jpg", make_jpeg, "image/jpeg"),
        ("photo.JPEG", make_jpeg, "image/jpeg"),
    ],
)
def test_each_allowed_type_is_accepted(name, make, mime):
    cleaned = clean_upload(upload(name, make(), content_type="application/octet-stream"))

    assert isinstance(cleaned, CleanedFile)
    assert cleaned.mime == mime
    assert cleaned.name == name.lower() if name.endswith("JPEG") else cleaned.name == name
    assert cleaned.size == len(cleaned.content) > 0
    assert cleaned.sha256 == hashlib.sha256(cleaned.content).hexdigest()


# --- Refused types, names and sizes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "application/x-dosexec"),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "text/html"),
    ],
)
def test_other_content_named_pdf_is_refused_with_the_detected_type(data, detected):
    code, message = rejection(upload("report.pdf", data, content_type="application/pdf"))

    assert code == "type_not_allowed"
    assert message == (
        f"report.pdf is not an allowed type of file (its content is {detected}). "
        "Allowed types: PDF, DOCX, XLSX, PNG, JPEG."
    )


def test_the_allowed_types_can_be_narrowed_by_setting(settings):
    settings.HUB_UPLOAD_ALLOWED_TYPES = ["PDF"]

    code, message = rejection(upload("map.png", make_png()))

    assert code == "type_not_allowed"
    assert message.endswith("(its content is image/png). Allowed types: PDF.")


def test_a_zip_that_is_not_an_office_file_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")

    code, message = rejection(upload("report.docx", out.getvalue()))

    assert code == "type_not_allowed"
    assert "application/zip" in message


def test_png_named_pdf_is_refused_for_the_extension_not_renamed():
    code, message = rejection(upload("map.pdf", make_png()))

    assert code == "extension_mismatch"
    assert message == (
        "The name map.pdf does not match the content: the file is a PNG, "
        "so its name should end in .png."
    )


def test_a_name_without_extension_is_refused():
    code, message = rejection(upload("photo", make_jpeg()))

    assert code == "extension_mismatch"
    assert message.endswith("should end in .jpg, .jpeg.")


def test_oversize_is_refused(settings):
    settings.HUB_UPLOAD_MAX_BYTES = 1000

    code, message = rejection(upload("big.pdf", make_pdf() + b"\n" * 1000))

    assert code == "too_large"
    assert message == "big.pdf is larger than 1000\xa0bytes."


def test_a_file_exactly_at_the_limit_passes_the_size_check(settings):
    data = make_jpeg()
    settings.HUB_UPLOAD_MAX_BYTES = len(data)

    assert clean_upload(upload("photo.jpg", data)).mime == "image/jpeg"


def test_empty_is_refused():
    assert rejection(upload("empty.pdf", b"")) == ("empty", "empty.pdf is empty.")


def test_zip_bomb_is_refused_before_unpacking(settings):
    settings.HUB_UPLOAD_MAX_BYTES = 50_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * 1_000_000)
    assert len(out.getvalue()) < 50_000

    code, message = rejection(upload("bomb.docx", out.getvalue()))

    assert code == "unpacks_too_large"
    assert "unpacks to more than" in message


@pytest.mark.parametrize(
    ("name", "make", "part"),
    [
        ("macro.docx", make_docx, "word/vbaProject.bin"),
        ("macro.xlsx", make_xlsx, "xl/vbaProject.bin"),
    ],
)
def test_macro_enabled_office_files_are_refused(name, make, part):
    data = rewrite_zip(make(), add={part: b"\xd0\xcf\x11\xe0 fake VBA project"})

    code, message = rejection(upload(name, data))

    assert code == "macros"
    assert message.startswith(f"{name} contains macros, which are not accepted.")


def test_docm_content_type_alone_is_refused():
    main = b"wordprocessingml.document.main+xml"
    data = rewrite_zip(
        make_docx(),
        edit={"[Content_Types].xml": lambda b: b.replace(main, b"macroEnabled.main+xml")},
    )

    assert rejection(upload("letter.docm", data))[0] == "macros"


def test_encrypted_pdf_is_refused():
    code, message = rejection(upload("locked.pdf", make_pdf(encrypt=True)))

    assert code == "encrypted"
    assert (
        message
        == "locked.pdf is encrypted or password-protected. Upload a copy without protection."
    )


def test_damaged_pdf_is_refused_as_unreadable():
    code, message = rejection(upload("broken.pdf", b"%PDF-1.7\n" + b"not really a pdf\n" * 50))

    assert code == "unreadable"
    assert message == "broken.pdf could not be read as a PDF file; it may be damaged."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C:\\Users\\jane\\Desktop\\report final (v2).PDF", "report_final_v2.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("Résumé – مرحبا.pdf", "Résumé_مرحبا.pdf"),
        ("invoice\u202egpj.exe.pdf", "invoice_gpj_exe.pdf"),
        ("...pdf", "attachment.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_names_are_sanitised(raw, expected):
    cleaned = clean_upload(upload(raw, make_pdf()))

    assert cleaned.name == expected
    assert len(cleaned.name) <= 120


def test_check_file_count(settings):
    settings.HUB_UPLOAD_MAX_FILES = 3

    check_file_count(2)
    with pytest.raises(UploadRejected) as info:
        check_file_count(3)
    with pytest.raises(UploadRejected):
        check_file_count(1, adding=3)

    assert info.value.messages == ["You can attach at most 3 files."]


# --- Metadata ---------------------------------------------------------------------------------


def test_png_loses_text_xmp_and_exif_but_keeps_transparency():
    original = make_png()
    assert AUTHOR.encode() in original

    cleaned = clean_upload(upload("map.png", original)).content

    assert AUTHOR.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not set(image.info) & {"Author", "XML:com.adobe.xmp", "exif", "xmp"}
        assert not image.getexif()
        assert image.mode == "RGBA"


def test_jpeg_loses_exif_xmp_and_comment():
    original = make_jpeg()
    assert AUTHOR.encode() in original

    cleaned = clean_upload(upload("photo.jpg", original)).content

    assert AUTHOR.encode() not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not set(image.info) & {"exif", "xmp", "comment"}
        assert not image.getexif()


def test_jpeg_orientation_is_applied_before_exif_is_dropped():
    original = make_jpeg(size=(20, 10), orientation=6)  # "rotate 90° to display"

    cleaned = clean_upload(upload("photo.jpg", original)).content

    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (10, 20)


def test_docx_loses_author_custom_properties_thumbnail_and_comment_authors():
    original = make_docx()
    assert AUTHOR.encode() in zip_text(original)

    cleaned = clean_upload(upload("practice.docx", original)).content

    assert AUTHOR.encode() not in zip_text(cleaned)
    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        names = archive.namelist()
    assert "docProps/custom.xml" not in names
    assert not [n for n in names if n.startswith("docProps/thumbnail")]
    document = docx.Document(io.BytesIO(cleaned))  # still a valid package
    assert document.core_properties.author == ""
    assert document.core_properties.title == ""  # titles name organisations too
    assert document.core_properties.revision == 1
    assert document.paragraphs[0].text == "The practice in short."


def test_xlsx_loses_creator_and_comment_author_but_keeps_values():
    original = make_xlsx()
    assert AUTHOR.encode() in zip_text(original)

    cleaned = clean_upload(upload("budget.xlsx", original)).content

    assert AUTHOR.encode() not in zip_text(cleaned)
    workbook = openpyxl.load_workbook(io.BytesIO(cleaned))
    assert workbook.properties.creator == "openpyxl"  # absent; openpyxl reads in its default
    assert not workbook.properties.lastModifiedBy
    assert not workbook.properties.title
    assert workbook.active["A1"].value == "value"
    assert workbook.active["A1"].comment.text == "A note."


def test_pdf_loses_information_xmp_and_annotation_authors():
    original = make_pdf()
    assert AUTHOR.encode() in original

    cleaned = clean_upload(upload("practice.pdf", original)).content

    assert AUTHOR.encode() not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert "/Metadata" not in reader.pages[0]
    assert len(reader.pages) == 1


# --- ClamAV -----------------------------------------------------------------------------------


@pytest.fixture
def clamd(settings) -> str:
    """The test clamd's address (scripts/with-clamd.sh), set as HUB_CLAMD_ADDRESS."""
    address = os.environ.get("HUB_TEST_CLAMD", "")
    if not address:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "HUB_TEST_CLAMD is not set: in CI the ClamAV tests must run (with-clamd.sh)"
            )
        pytest.skip(
            "no test clamd: run through scripts/with-clamd.sh (apt-get install clamav-daemon)"
        )
    settings.HUB_CLAMD_ADDRESS = address
    return address


@pytest.mark.clamav
def test_eicar_is_refused_with_the_signature_name(clamd):
    code, message = rejection(upload("eicar.pdf", EICAR))

    assert code == "infected"
    assert message.startswith("eicar.pdf was rejected by the virus scanner: it contains Eicar-")


@pytest.mark.clamav
def test_a_clean_pdf_passes_the_scanner(clamd):
    assert clean_upload(upload("practice.pdf", make_pdf())).mime == "application/pdf"


@pytest.mark.clamav
def test_data_larger_than_one_chunk_is_streamed_whole(clamd):
    scan_for_viruses(os.urandom(300_000), name="noise.bin")  # clean: no exception

    with pytest.raises(UploadRejected) as info:
        scan_for_viruses(EICAR, name="eicar.txt")
    assert info.value.code == "infected"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.clamav
@pytest.mark.parametrize("scheme", ["tcp", "unix"])
def test_an_unreachable_scanner_refuses_the_upload(settings, tmp_path, scheme):
    """Fails closed; needs no clamd."""
    if scheme == "tcp":
        settings.HUB_CLAMD_ADDRESS = f"tcp://127.0.0.1:{free_port()}"
    else:
        settings.HUB_CLAMD_ADDRESS = f"unix://{tmp_path}/missing.sock"

    code, message = rejection(upload("practice.pdf", make_pdf()))

    assert code == "scanner_unavailable"
    assert message == (
        "practice.pdf could not be checked for viruses because the scanner is unavailable. "
        "Please try again later."
    )


def test_a_malformed_scanner_address_is_a_configuration_error(settings):
    settings.HUB_CLAMD_ADDRESS = "127.0.0.1:3310"

    with pytest.raises(ImproperlyConfigured):
        clean_upload(upload("practice.pdf", make_pdf()))


def test_no_scan_without_an_address(settings):
    settings.HUB_CLAMD_ADDRESS = ""

    scan_for_viruses(EICAR, name="eicar.txt")  # not scanned, so not refused here
