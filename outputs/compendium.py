"""The compendium of a call's published practices, or of the practices a listing shows, as one
document: PDF (WeasyPrint, tagged PDF/UA, compendium_pdf.py) or Word (python-docx,
compendium_docx.py). This module holds what both say about each practice. Labels are in the
language asked for; each practice's own text stays in the language it was written in (and says
so, ``lang``)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.text import render_markdown
from repository.models import Practice
from submissions.fields import get_content_type

from . import selectors
from .models import OutputJob

Progress = Callable[[int, int], None]
STEP = 10  # progress is recorded every STEP practices


@dataclass
class Section:
    """One practice as the compendium shows it."""

    anchor: str
    title: str
    language: str
    summary: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""

    @property
    def html_texts(self) -> list[tuple[str, str]]:
        """The long texts as sanitised HTML (they are Markdown)."""
        return [(label, mark_safe(render_markdown(text))) for label, text in self.texts]  # noqa: S308


def _years(practice: Practice) -> str:
    if not practice.start_year:
        return _("Not given")
    end = practice.end_year or _("present")
    return f"{practice.start_year} – {end}"


def _names(rows: Any) -> str:
    return ", ".join(str(row.name) for row in rows) or "—"


def _facts(practice: Practice) -> list[tuple[str, str]]:
    return [
        (_("Main implementer"), practice.implementer),
        (_("Type of practice"), str(practice.practice_type.name)),
        (_("Dates"), _years(practice)),
        (_("Geographic scope"), str(practice.scope.name) if practice.scope else "—"),
        (_("Countries"), _names(practice.countries.all())),
        (_("Regions"), _names(practice.regions.all())),
        (_("Guiding principles"), _names(practice.principles.all())),
        (_("Language"), str(practice.language.name)),
    ]


def _objective(objective: Any, primary: bool) -> str:
    words = {"number": objective.number, "title": objective.title}
    if primary:
        return _("Objective %(number)s: %(title)s") % words
    return _("Objective %(number)s (secondary): %(title)s") % words


def section_for(practice: Practice, base_url: str = "") -> Section:
    """Everything the compendium says about one practice, labels in the active language."""
    return Section(
        anchor=f"p-{practice.pk}",
        title=practice.title,
        language=practice.language.code,
        summary=practice.summary,
        facts=_facts(practice),
        objectives=[_objective(r.objective, r.is_primary) for r in practice.objective_links()],
        texts=[
            (str(spec.label), getattr(practice, spec.name))
            for spec in get_content_type("practice").section_fields()
            if getattr(practice, spec.name)
        ],
        url=f"{base_url}{practice.get_absolute_url()}",
    )


@dataclass
class Entry:
    """A line of the table of contents."""

    anchor: str
    title: str
    language: str


@dataclass
class Source:
    """What a compendium is made of: a call's published practices, or the practices a listing
    shows (``filters`` then says which, in words)."""

    title: str
    summary: str
    introduction: str  # Markdown
    pks: list[int]  # the practices, in the compendium's order
    filters: list[tuple[str, str]] = field(default_factory=list)
    words: str = ""

    @property
    def intro_html(self) -> str:
        return mark_safe(render_markdown(self.introduction))  # noqa: S308 - sanitised

    def entries(self) -> list[Entry]:
        """The contents: each practice's title and language (one query)."""
        rows = Practice.objects.filter(pk__in=self.pks).values_list("pk", "title", "language__code")
        found = {pk: Entry(f"p-{pk}", title, code) for pk, title, code in rows}
        return [found[pk] for pk in self.pks if pk in found]

    def practices(self, pks: list[int] | None = None) -> Iterator[Practice]:
        return selectors.listing_practices(ids=self.pks if pks is None else pks)


def source_for(job: OutputJob) -> Source:
    """The job's call, or the listing its parameters choose (labels in the active language)."""
    call = job.call
    if call is not None:
        pks = list(selectors.call_practices(call=call).values_list("pk", flat=True))
        return Source(call.title, call.summary, call.context, pks)
    chosen = selectors.listing_selection(query=job.query)
    return Source(
        title=_("Practices"),
        summary=_("The practices of the Hub's listing with these choices."),
        introduction="",
        pks=list(chosen.ids),
        filters=chosen.filters,
        words=chosen.words,
    )


def collect_sections(source: Source, progress: Progress, base_url: str) -> list[Section]:
    """Every practice's section, in order (for the Word document, built in one piece)."""
    total = len(source.pks)
    progress(0, total)
    sections = []
    for number, practice in enumerate(source.practices(), start=1):
        sections.append(section_for(practice, base_url))
        if number % STEP == 0:
            progress(number, total)
    progress(len(sections), total)
    return sections
