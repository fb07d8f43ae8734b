"""The compendium as a tagged PDF (WeasyPrint, PDF/UA-1), rendered in parts so memory stays flat.

WeasyPrint keeps a whole document's boxes in memory while it lays it out: 300 practices in one
piece took 700 MB. Here the practices are rendered ``PART_SIZE`` at a time, each part numbered
from the page where it starts, then the front matter (cover, introduction, contents with the
page numbers now known) last, and the pieces are joined into one document whose tags, bookmarks,
language and contents links are those of a single one (pdfjoin.py).

Fonts are the system's (DejaVu, and any other installed font for scripts it lacks): nothing is
downloaded."""

import gc
import tempfile
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .compendium import Entry, Progress, Source, section_for, source_for
from .models import OutputJob
from .pdfjoin import LINK_PREFIX, join_parts

PART_SIZE = 25  # practices per rendered part: memory grows with it, the file's size a little
VARIANT = "pdf/ua-1"


def _document(template: str, context: dict[str, Any]) -> Any:
    """A WeasyPrint document laid out from one of the compendium's templates."""
    html = render_to_string(f"outputs/{template}", context)
    return HTML(string=html).render()


def _render_part(
    source: Source, pks: list[int], first_page: int, path: Path, base_url: str, language: str
) -> tuple[dict[str, int], int]:
    """Render some practices into ``path``, numbered from ``first_page``; returns the page
    number each practice starts on, and how many pages the part has."""
    sections = [section_for(practice, base_url) for practice in source.practices(pks)]
    context = {"source": source, "sections": sections, "language": language}
    document = _document("compendium_part.html", context | {"first_page": first_page})
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=first_page):
        for anchor in page.anchors:
            if anchor.startswith("p-") and not anchor.endswith("-title"):
                starts.setdefault(anchor, number)
    document.write_pdf(path, pdf_variant=VARIANT)
    return starts, len(document.pages)


def _render_front(
    source: Source, entries: list[Entry], starts: dict[str, int], language: str, path: Path | None
) -> int:
    """Render the cover, introduction and contents (into ``path`` when given); returns how
    many pages they take."""
    contents = [(entry, starts[entry.anchor]) for entry in entries if entry.anchor in starts]
    context = {"source": source, "contents": contents, "language": language}
    document = _document("compendium_front.html", context | {"link_prefix": LINK_PREFIX})
    if path is not None:
        document.write_pdf(path, pdf_variant=VARIANT)
    return len(document.pages)


def _render_parts(
    source: Source, first_page: int, folder: Path, progress: Progress, base_url: str, lang: str
) -> tuple[list[Path], dict[str, int]]:
    paths: list[Path] = []
    starts: dict[str, int] = {}
    page = first_page
    total = len(source.pks)
    for start in range(0, total, PART_SIZE):
        path = folder / f"part-{start:06d}.pdf"
        pks = source.pks[start : start + PART_SIZE]
        found, count = _render_part(source, pks, page, path, base_url, lang)
        starts |= found
        paths.append(path)
        page += count
        gc.collect()  # the part's boxes go before the next part is laid out
        progress(min(start + PART_SIZE, total), total)
    return paths, starts


def build_pdf(*, job: OutputJob, out: IO[bytes], progress: Progress, base_url: str = "") -> None:
    """Write the compendium as one tagged PDF (PDF/UA-1) into ``out``."""
    with translation.override(job.language), tempfile.TemporaryDirectory() as workdir:
        source = source_for(job)
        entries = source.entries()
        progress(0, len(source.pks))
        work, language = Path(workdir), job.language
        # The contents' page numbers are only known once the parts are laid out, and the parts'
        # numbers start after the contents: count the front pages with wide enough numbers.
        widest = {e.anchor: 10 ** len(str(4 * len(entries) + 50)) - 1 for e in entries}
        front_pages = _render_front(source, entries, widest, language, None)
        while True:
            parts, starts = _render_parts(
                source, front_pages + 1, work, progress, base_url, language
            )
            pages = _render_front(source, entries, starts, language, work / "front.pdf")
            if pages == front_pages:
                break
            front_pages = pages  # the contents took another page: number the parts again
        titles = {entry.anchor: entry.title for entry in entries}
        join_parts(work / "front.pdf", parts, starts, cast(BinaryIO, out), titles)
