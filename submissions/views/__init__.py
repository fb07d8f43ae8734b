"""Views of the submission journey, split by concern."""

from .collaboration import accept_invitation, invite
from .drafting import autosave, review, start, step
from .files import download_file, import_word, remove_file, template_download, upload_file
from .status import detail, export_docx, export_pdf, mine, withdraw

__all__ = [
    "accept_invitation",
    "autosave",
    "detail",
    "download_file",
    "export_docx",
    "export_pdf",
    "import_word",
    "invite",
    "mine",
    "remove_file",
    "review",
    "start",
    "step",
    "template_download",
    "upload_file",
    "withdraw",
]
