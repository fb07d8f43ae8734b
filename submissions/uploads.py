"""The safe-upload gate for the attachments of submissions.

`clean_upload(uploaded)` returns a `CleanedFile` (the bytes to store, a safe name, the MIME type,
size and SHA-256) or raises `UploadRejected`, a `ValidationError` whose translated message says
why. In order:

1. size: not empty, not over HUB_UPLOAD_MAX_BYTES (the count is `check_file_count`, against
   HUB_UPLOAD_MAX_FILES; HUB_UPLOAD_ALLOWED_TYPES, a list of labels, may narrow the types);
2. virus scan of the bytes as received, when HUB_CLAMD_ADDRESS is set, so that nothing known to
   be hostile reaches the parsers below;
3. the type is sniffed from the content with libmagic, never taken from the name or the
   browser's content type. DOCX and XLSX are ZIP containers: the archive is opened and its
   parts checked. Macro-enabled Office files and encrypted PDFs are refused;
4. the name's extension must match the content (a PNG named .pdf is refused, not renamed: the
   user learns what they really uploaded);
5. metadata is stripped by rewriting the file: Pillow (EXIF, XMP, text chunks), python-docx and
   openpyxl (document properties, custom properties, thumbnail, comment authors), pypdf
   (document information, XMP);
6. virus scan of the cleaned bytes, which are what gets stored.

The scanner fails closed: configured but unreachable means the upload is refused.
"""

from __future__ import annotations

import hashlib
import io
import logging
import socket
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import docx
import magic
import openpyxl
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from lxml import etree
from PIL import Image, ImageOps
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_FILES = 10
MAX_NAME_LENGTH = 120
SNIFF_BYTES = 8192  # enough for libmagic to name an OOXML file, not only "a ZIP"
MAX_UNPACK_FACTOR = 10  # a ZIP may unpack to at most 10 × the upload limit...
MAX_ZIP_MEMBERS = 5000  # ...in at most this many parts
CLAMD_TIMEOUT_SECONDS = 30
CLAMD_CHUNK_BYTES = 64 * 1024

EMPTY = _("%(name)s is empty.")
TOO_LARGE = _("%(name)s is larger than %(limit)s.")
TOO_MANY = ngettext_lazy(
    "You can attach at most %(limit)d file.", "You can attach at most %(limit)d files.", "limit"
)
UNPACKS_TOO_LARGE = _("%(name)s unpacks to more than %(limit)s, so it cannot be checked safely.")
TYPE_NOT_ALLOWED = _(
    "%(name)s is not an allowed type of file (its content is %(detected)s). "
    "Allowed types: %(allowed)s."
)
EXTENSION_MISMATCH = _(
    "The name %(name)s does not match the content: the file is a %(detected)s, "
    "so its name should end in %(expected)s."
)
MACROS = _(
    "%(name)s contains macros, which are not accepted. Save it as a %(detected)s without macros."
)
ENCRYPTED = _("%(name)s is encrypted or password-protected. Upload a copy without protection.")
UNREADABLE = _("%(name)s could not be read as a %(detected)s file; it may be damaged.")
INFECTED = _("%(name)s was rejected by the virus scanner: it contains %(signature)s.")
SCANNER_UNAVAILABLE = _(
    "%(name)s could not be checked for viruses because the scanner is unavailable. "
    "Please try again later."
)


class UploadRejected(ValidationError):  # noqa: N818 (the name other modules import)
    """An upload refused by the gate; `messages` holds the reason in the active language."""


@dataclass(frozen=True)
class FileType:
    label: str  # also Pillow's format name for the images
    mime: str
    extensions: tuple[str, ...]  # the first is the canonical one


@dataclass(frozen=True)
class CleanedFile:
    content: bytes
    name: str
    mime: str
    size: int
    sha256: str


PDF = FileType("PDF", "application/pdf", (".pdf",))
DOCX = FileType(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = FileType(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
FILE_TYPES = (PDF, DOCX, XLSX, PNG, JPEG)


def _reject(message: Any, code: str, **params: Any) -> UploadRejected:
    return UploadRejected(message, code=code, params=params)


# --- Limits -----------------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return int(getattr(settings, "HUB_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_upload_files() -> int:
    return int(getattr(settings, "HUB_UPLOAD_MAX_FILES", DEFAULT_MAX_FILES))


def allowed_types() -> tuple[FileType, ...]:
    """The five types, or fewer if HUB_UPLOAD_ALLOWED_TYPES (labels) narrows them."""
    labels = getattr(settings, "HUB_UPLOAD_ALLOWED_TYPES", None)
    return tuple(t for t in FILE_TYPES if labels is None or t.label in labels)


def check_file_count(existing: int, *, adding: int = 1) -> None:
    """Refuse when `existing` attachments plus `adding` new ones exceed HUB_UPLOAD_MAX_FILES."""
    limit = max_upload_files()
    if existing + adding > limit:
        raise _reject(TOO_MANY, "too_many", limit=limit)


def _read_limited(uploaded: UploadedFile, name: str) -> bytes:
    limit = max_upload_bytes()
    too_large = _reject(TOO_LARGE, "too_large", name=name, limit=filesizeformat(limit))
    if uploaded.size is not None and uploaded.size > limit:
        raise too_large
    uploaded.seek(0)
    data = uploaded.read(limit + 1)  # never trust the announced size alone
    if len(data) > limit:
        raise too_large
    if not data:
        raise _reject(EMPTY, "empty", name=name)
    return data


# --- Names ------------------------------------------------------------------------------------


def _safe_text(text: str) -> str:
    """Letters, marks and digits of any script, "-" and "_"; anything else becomes "_"."""
    kept = "".join(
        c if c in "-_" or unicodedata.category(c)[0] in "LMN" else "_"
        for c in unicodedata.normalize("NFC", text)
    )
    return "_".join(part for part in kept.split("_") if part).strip("-_")


def _split_name(raw: str) -> tuple[str, str]:
    """(stem, lower-case extension) of the basename, whatever the client's path separators."""
    path = PurePosixPath(PurePosixPath(raw.replace("\\", "/")).name)
    return path.stem, path.suffix.lower()


def display_name(raw: str) -> str:
    """The client's name made safe to show in a message (its extension as given, made safe)."""
    stem, extension = _split_name(raw)
    safe_extension = _safe_text(extension[1:])[:16]
    return _join_name(stem, f".{safe_extension}" if safe_extension else "")


def _join_name(stem: str, extension: str) -> str:
    safe_stem = _safe_text(stem)[: MAX_NAME_LENGTH - len(extension)] or "attachment"
    return safe_stem + extension


def safe_name(raw: str, file_type: FileType) -> str:
    """The stored name: safe stem, an extension of the sniffed type, at most 120 characters.

    Raises UploadRejected when the client's extension does not match the content.
    """
    stem, extension = _split_name(raw)
    if extension not in file_type.extensions:
        raise _reject(
            EXTENSION_MISMATCH,
            "extension_mismatch",
            name=display_name(raw),
            detected=file_type.label,
            expected=", ".join(file_type.extensions),
        )
    return _join_name(stem, extension)


# --- Type -------------------------------------------------------------------------------------


def sniff_type(data: bytes, name: str) -> FileType:
    """The allowed type of `data`, judged by its content only."""
    detected = magic.from_buffer(data[:SNIFF_BYTES], mime=True)
    if data.startswith(b"PK\x03\x04"):
        found = _ooxml_type(data, name)
    else:
        found = next((t for t in FILE_TYPES if t.mime == detected), None)
    if found is None or found not in allowed_types():
        allowed = ", ".join(t.label for t in allowed_types())
        raise _reject(
            TYPE_NOT_ALLOWED, "type_not_allowed", name=name, detected=detected, allowed=allowed
        )
    return found


def _ooxml_type(data: bytes, name: str) -> FileType | None:
    """DOCX or XLSX if the ZIP really holds one (and no macros); None for any other ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_unpacked_size(archive, name)
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise _reject(UNREADABLE, "unreadable", name=name, detected="ZIP") from exc
    is_docx = "word/document.xml" in names and b"wordprocessingml.document.main+xml" in types
    is_xlsx = "xl/workbook.xml" in names and b"spreadsheetml.sheet.main+xml" in types
    macros = b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names)
    if macros:
        label = "XLSX" if "xl/workbook.xml" in names else "DOCX"
        raise _reject(MACROS, "macros", name=name, detected=label)
    return DOCX if is_docx else XLSX if is_xlsx else None


def _check_unpacked_size(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse ZIP bombs before any parser inflates them (zipfile enforces declared sizes)."""
    limit = max_upload_bytes() * MAX_UNPACK_FACTOR
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > limit:
        raise _reject(
            UNPACKS_TOO_LARGE, "unpacks_too_large", name=name, limit=filesizeformat(limit)
        )


# --- Metadata ---------------------------------------------------------------------------------


def strip_metadata(data: bytes, file_type: FileType, name: str) -> bytes:
    """`data` rewritten without personal metadata; refuses files the parsers cannot read."""
    try:
        return _CLEANERS[file_type.label](data, name)
    except UploadRejected:
        raise
    except Exception as exc:  # parsers raise anything on hostile input: refuse, never crash
        logger.info("upload %s unreadable as %s: %r", name, file_type.label, exc)
        raise _reject(UNREADABLE, "unreadable", name=name, detected=file_type.label) from exc


def _clean_image(data: bytes, label: str) -> bytes:
    """Re-encode without EXIF, XMP, comments or text chunks, after applying EXIF orientation."""
    with Image.open(io.BytesIO(data), formats=[label]) as original:
        image = ImageOps.exif_transpose(original)
    keep = {k: image.info[k] for k in ("icc_profile", "transparency", "dpi") if k in image.info}
    image.info = {}  # Pillow falls back to info for some chunks (JPEG comment, PNG transparency)
    out = io.BytesIO()
    if label == "JPEG":
        keep.pop("transparency", None)
        image.save(out, format="JPEG", quality=90, optimize=True, **keep)
    else:
        image.save(out, format="PNG", optimize=True, **keep)  # only the first frame of an APNG
    return out.getvalue()


def _clean_pdf(data: bytes, name: str) -> bytes:
    """Pages copied into a new file: no document information, no XMP, no page-level extras."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise _reject(ENCRYPTED, "encrypted", name=name)
    writer = PdfWriter()
    for page in reader.pages:
        _scrub_pdf_page(page)  # before copying, so the dropped objects are never copied
        writer.add_page(page)
    writer.metadata = None  # no /Info at all, not even pypdf's /Producer
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scrub_pdf_page(page: PageObject) -> None:
    """Drop page XMP, private application data, scripts, and the authors of annotations."""
    for key in ("/Metadata", "/PieceInfo", "/AA"):
        page.pop(key, None)
    annotations = page.get("/Annots")
    for ref in annotations.get_object() if annotations is not None else []:
        annotation = ref.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        annotation.pop("/AA", None)
        if annotation.get("/Subtype") != "/Widget":
            annotation.pop("/T", None)  # a comment's author (a form field's name on widgets)
        action = annotation.get("/A")
        if action is not None and action.get_object().get("/S") in ("/JavaScript", "/Launch"):
            annotation.pop("/A")


# Everything that can name a person or an organisation, the title included (under blind review
# a title such as "ACME NGO evaluation" would undo the neutral file name reviewers are offered).
DOCX_CLEARED = (
    "title",
    "author",
    "last_modified_by",
    "comments",
    "keywords",
    "category",
    "subject",
    "identifier",
    "content_status",
    "version",
    "language",
)
XLSX_CLEARED = (
    "title",
    "creator",
    "lastModifiedBy",
    "description",
    "keywords",
    "category",
    "subject",
    "identifier",
    "contentStatus",
    "version",
    "language",
    "lastPrinted",
)


def _clean_docx(data: bytes, name: str) -> bytes:
    """Core properties cleared (the title too), then the package scrubbed."""
    document = docx.Document(io.BytesIO(data))
    properties = document.core_properties
    for field in DOCX_CLEARED:
        setattr(properties, field, "")
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return scrub_ooxml_package(out.getvalue())


def _clean_xlsx(data: bytes, name: str) -> bytes:
    """Workbook properties cleared (the title too), then the package scrubbed.

    openpyxl rewrites the workbook from its own model and drops what it does not model: images,
    charts, shapes, form controls, threaded comments, some formatting. Acceptable for
    attachments (values, formulas, styles, legacy comments survive); macros were refused before.
    """
    workbook = openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, keep_links=False)
    for field in XLSX_CLEARED:
        setattr(workbook.properties, field, None)
    workbook.properties.revision = "1"
    out = io.BytesIO()
    workbook.save(out)
    return scrub_ooxml_package(out.getvalue())


_CLEANERS: dict[str, Callable[[bytes, str], bytes]] = {
    "PDF": _clean_pdf,
    "DOCX": _clean_docx,
    "XLSX": _clean_xlsx,
    "PNG": lambda data, name: _clean_image(data, "PNG"),
    "JPEG": lambda data, name: _clean_image(data, "JPEG"),
}

# --- OOXML package scrubbing ------------------------------------------------------------------

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
DROPPED_PARTS = ("docProps/custom.xml", "docProps/thumbnail.")  # prefixes
APP_FIELDS_DROPPED = {"Company", "Manager", "HyperlinkBase", "Template"}
AUTHOR_ATTRIBUTES = {"author", "initials", "userId", "providerId"}


def scrub_ooxml_package(data: bytes) -> bytes:
    """Without custom properties and thumbnail; app.xml and comment/revision authors blanked."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = source.namelist()
        dropped = {n for n in names if n.startswith(DROPPED_PARTS)}
        for member in names:
            if member not in dropped:
                target.writestr(member, _scrub_part(member, source.read(member), dropped))
    return out.getvalue()


def _scrub_part(member: str, blob: bytes, dropped: set[str]) -> bytes:
    if member == "_rels/.rels":
        return _edit_xml(blob, lambda root: _remove_children(root, "Target", dropped))
    if member == "[Content_Types].xml":
        return _edit_xml(blob, lambda root: _remove_children(root, "PartName", dropped))
    if member == "docProps/app.xml":
        return _edit_xml(blob, _remove_app_fields)
    if member.startswith("word/") and member.endswith(".xml") and b"author" in blob.lower():
        return _edit_xml(blob, _blank_author_attributes)
    if member.startswith("xl/comments") and member.endswith(".xml"):
        return _edit_xml(blob, _blank_author_elements)
    return blob


def _edit_xml(blob: bytes, edit: Callable[[Any], None]) -> bytes:
    root = etree.fromstring(blob, _XML_PARSER)
    edit(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _elements(root: Any) -> Iterator[Any]:
    return iter(root.iter(etree.Element))


def _remove_children(root: Any, attribute: str, dropped: set[str]) -> None:
    for child in list(root):
        if child.get(attribute, "").lstrip("/") in dropped:
            root.remove(child)


def _remove_app_fields(root: Any) -> None:
    for child in list(root):
        if etree.QName(child).localname in APP_FIELDS_DROPPED:
            root.remove(child)


def _blank_author_attributes(root: Any) -> None:
    """Comments, tracked changes and people.xml name their authors in attributes."""
    for element in _elements(root):
        for attribute in list(element.attrib):
            if etree.QName(attribute).localname in AUTHOR_ATTRIBUTES:
                element.set(attribute, "")


def _blank_author_elements(root: Any) -> None:
    for element in _elements(root):
        if etree.QName(element).localname == "author":
            element.text = ""


# --- Virus scanning (clamd INSTREAM) ----------------------------------------------------------


def scan_for_viruses(data: bytes, *, name: str) -> None:
    """Scan with clamd when HUB_CLAMD_ADDRESS is set; infected or unreachable → UploadRejected."""
    address = getattr(settings, "HUB_CLAMD_ADDRESS", "")
    if not address:
        return
    try:
        reply = clamd_instream(address, data)
    except OSError as exc:
        logger.error("clamd at %s unavailable: %r", address, exc)
        raise _reject(SCANNER_UNAVAILABLE, "scanner_unavailable", name=name) from exc
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        signature = reply.removeprefix("stream: ").removesuffix(" FOUND")
        logger.warning("upload %s rejected: clamd found %s", name, signature)
        raise _reject(INFECTED, "infected", name=name, signature=signature)
    if reply != "stream: OK":
        logger.error("clamd at %s answered %r", address, reply)
        raise _reject(SCANNER_UNAVAILABLE, "scanner_unavailable", name=name)


def clamd_instream(address: str, data: bytes) -> str:
    """Send `data` to clamd with INSTREAM; returns its reply, e.g. "stream: OK"."""
    with _clamd_connect(address) as sock:
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), CLAMD_CHUNK_BYTES):
            chunk = data[start : start + CLAMD_CHUNK_BYTES]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        return _read_reply(sock)


def _clamd_connect(address: str) -> socket.socket:
    """A connected socket for "tcp://host:port" or "unix:///path"."""
    try:
        parts = urlsplit(address)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"HUB_CLAMD_ADDRESS is not valid: {address!r}") from exc
    if parts.scheme == "tcp" and host and port:
        return socket.create_connection((host, port), timeout=CLAMD_TIMEOUT_SECONDS)
    if parts.scheme == "unix" and parts.path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(CLAMD_TIMEOUT_SECONDS)
        try:
            sock.connect(parts.path)
        except OSError:
            sock.close()
            raise
        return sock
    raise ImproperlyConfigured(
        f"HUB_CLAMD_ADDRESS must be tcp://host:port or unix:///path, not {address!r}"
    )


def _read_reply(sock: socket.socket) -> str:
    """clamd's reply up to its NUL terminator (or the end of the connection)."""
    reply = b""
    while b"\0" not in reply and len(reply) < 4096:
        chunk = sock.recv(1024)
        if not chunk:
            break
        reply += chunk
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


# --- The gate ---------------------------------------------------------------------------------


def clean_upload(uploaded: UploadedFile) -> CleanedFile:
    """Check, clean and scan one uploaded attachment; raises UploadRejected with the reason."""
    raw_name = uploaded.name or ""
    name = display_name(raw_name)
    data = _read_limited(uploaded, name)
    scan_for_viruses(data, name=name)  # before any parser sees the bytes
    file_type = sniff_type(data, name)
    stored_name = safe_name(raw_name, file_type)
    content = strip_metadata(data, file_type, name)
    scan_for_viruses(content, name=name)  # what will be stored
    return CleanedFile(
        content=content,
        name=stored_name,
        mime=file_type.mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
