"""Contributions of a space for the moderators' synthesis: CSV and Word, grouped by question."""

import csv
import io
from itertools import groupby

import docx
from django.utils.translation import gettext as _

from core.text import spreadsheet_safe

from .models import Space
from .selectors import ExportRow, export_rows


def _headers() -> list[str]:
    return [
        _("Question"),
        _("Author"),
        _("Organisation"),
        _("Type of organisation"),
        _("Country"),
        _("Language"),
        _("Date"),
        _("Text"),
        _("In reply to"),
    ]


def _values(row: ExportRow) -> list[str]:
    return [
        row.question,
        row.author,
        row.organisation,
        row.organisation_type,
        row.country,
        row.language,
        row.date,
        row.text,
        row.in_reply_to,
    ]


def contributions_csv(space: Space) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    for row in export_rows(space):
        writer.writerow([spreadsheet_safe(value) for value in _values(row)])
    return "\ufeff" + out.getvalue()  # a BOM: spreadsheets then read UTF-8


def contributions_docx(space: Space) -> bytes:
    document = docx.Document()
    document.add_heading(space.title, level=0)
    for question, rows in groupby(export_rows(space), key=lambda row: row.question):
        document.add_heading(question, level=1)
        for row in rows:
            meta = " · ".join(
                value
                for value in (
                    row.author,
                    row.organisation,
                    row.organisation_type,
                    row.country,
                    row.language,
                    row.date,
                    row.in_reply_to and _("in reply to %(ref)s") % {"ref": row.in_reply_to},
                )
                if value
            )
            document.add_paragraph(meta, style="Intense Quote")
            document.add_paragraph(row.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
