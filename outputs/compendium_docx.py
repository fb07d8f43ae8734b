"""The compendium as a Word document (python-docx): the same cover, contents and one section per
practice as the PDF (compendium_pdf.py), for partners who edit it."""

from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from .compendium import Progress, Section, Source, collect_sections, source_for
from .models import OutputJob


def _language(document: DocumentObject, code: str) -> None:
    """Tell Word which language the document's labels are in (spelling, screen readers)."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), code)


def _cover(document: DocumentObject, job: OutputJob, source: Source, count: int) -> None:
    document.core_properties.title = _("Compendium of practices: %(title)s") % {
        "title": source.title
    }
    document.core_properties.language = job.language
    document.add_paragraph(_("Compendium of practices"), style="Subtitle")
    document.add_heading(source.title, level=0)
    document.add_paragraph(source.summary)
    for label, values in source.filters:
        document.add_paragraph(f"{label}: {values}", style="List Bullet")
    if source.words:
        document.add_paragraph(_("Words searched: %(words)s") % {"words": source.words})
    document.add_paragraph(
        translation.ngettext(
            "%(counter)s published practice", "%(counter)s published practices", count
        )
        % {"counter": count}
    )
    if source.introduction:
        document.add_heading(_("Introduction"), level=1)
        for paragraph in source.introduction.split("\n\n"):
            document.add_paragraph(paragraph.strip())


def _contents(document: DocumentObject, sections: list[Section]) -> None:
    document.add_page_break()
    document.add_heading(_("Contents"), level=1)
    for number, section in enumerate(sections, start=1):
        document.add_paragraph(f"{number}. {section.title}", style="List Number")


def _practice(document: DocumentObject, section: Section) -> None:
    heading = document.add_heading(section.title, level=1)
    heading.paragraph_format.page_break_before = True
    document.add_paragraph(section.summary)
    table = document.add_table(rows=0, cols=2)
    for label, value in section.facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_heading(_("GCM objectives"), level=2)
    for objective in section.objectives:
        document.add_paragraph(objective, style="List Bullet")
    for label, text in section.texts:
        document.add_heading(label, level=2)
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    document.add_paragraph(f"{_('Online:')} {section.url}")


def build_docx(*, job: OutputJob, out: IO[bytes], progress: Progress, base_url: str = "") -> None:
    """Write the compendium as a Word document into ``out``."""
    with translation.override(job.language):
        source = source_for(job)
        sections = collect_sections(source, progress, base_url)
        document = Document()
        _language(document, job.language)
        _cover(document, job, source, len(sections))
        _contents(document, sections)
        for section in sections:
            _practice(document, section)
        document.save(out)
