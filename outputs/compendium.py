"""The compendium of a call: its published practices as one document, PDF (WeasyPrint, tagged
PDF/UA) or Word (python-docx). Labels are in the language asked for; each practice's own text
stays in the language it was written in (and says so, ``lang``). Fonts are the system's
(DejaVu, and any other installed font for scripts it lacks): nothing is downloaded."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from calls.models import Call
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


def collect_sections(call: Call, progress: Progress, base_url: str) -> list[Section]:
    total = selectors.call_practices(call=call).count()
    progress(0, total)
    sections = []
    for number, practice in enumerate(selectors.iter_call_practices(call=call), start=1):
        sections.append(section_for(practice, base_url))
        if number % STEP == 0:
            progress(number, total)
    progress(len(sections), total)
    return sections


def compendium_html(*, call: Call, sections: list[Section], language: str) -> str:
    return render_to_string(
        "outputs/compendium.html",
        {
            "call": call,
            "sections": sections,
            "language": language,
            "intro_html": mark_safe(render_markdown(call.context)),  # noqa: S308 - sanitised
        },
    )


def build_pdf(*, job: OutputJob, out: IO[bytes], progress: Progress, base_url: str = "") -> None:
    """Write the call's compendium as a tagged PDF (PDF/UA-1) into ``out``."""
    with translation.override(job.language):
        sections = collect_sections(job.call, progress, base_url)
        html = compendium_html(call=job.call, sections=sections, language=job.language)
        HTML(string=html).write_pdf(out, pdf_variant="pdf/ua-1")
