"""How to cite a published item, and its schema.org description (JSON-LD)."""

import json
from typing import Any

from django.conf import settings

from .models import Practice, Resource


def _bibtex_escape(value: str) -> str:
    return "".join("\\" + c if c in "{}%&$#_" else c for c in value)


def cite_text(item: Practice | Resource, url: str) -> str:
    """A plain-text reference: author (year). Title. Hub name. URL"""
    author, year = _author_year(item)
    year_part = f" ({year})" if year else ""
    return f"{author}{year_part}. {item.title}. {settings.HUB_NAME}. {url}"


def cite_bibtex(item: Practice | Resource, url: str) -> str:
    author, year = _author_year(item)
    lines = [
        f"@misc{{{item.slug},",
        f"  title = {{{_bibtex_escape(item.title)}}},",
        f"  author = {{{{{_bibtex_escape(author)}}}}},",
    ]
    if year:
        lines.append(f"  year = {{{year}}},")
    lines += [
        f"  howpublished = {{{_bibtex_escape(settings.HUB_NAME)}}},",
        f"  url = {{{url}}},",
        f"  language = {{{item.language.code}}}",
        "}",
    ]
    return "\n".join(lines)


def _author_year(item: Practice | Resource) -> tuple[str, int | None]:
    if isinstance(item, Practice):
        return item.implementer, item.start_year
    return ("; ".join(item.author_list()) or item.publisher), item.year


def json_ld(item: Practice | Resource, url: str) -> str:
    """schema.org metadata, escaped for a <script type="application/ld+json"> element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": item.title,
        "url": url,
        "inLanguage": item.language.code,
        "abstract": item.summary,
        "keywords": [str(o) for o in item.primary_objectives],
        "publisher": {"@type": "Organization", "name": settings.HUB_NAME},
    }
    if item.published_at:
        data["datePublished"] = item.published_at.date().isoformat()
    if isinstance(item, Practice):
        data["creator"] = {"@type": "Organization", "name": item.implementer}
        countries = getattr(item, "country_list", None)  # read with the page (to_attr)
        if countries is None:
            countries = item.countries.all()
        data["spatialCoverage"] = [c.name for c in countries]
        if item.start_year:
            end = item.end_year or ""
            data["temporalCoverage"] = f"{item.start_year}/{end or '..'}"
    else:
        data["@type"] = (
            "ScholarlyArticle" if item.resource_type.slug == "journal-article" else "CreativeWork"
        )
        data["author"] = [{"@type": "Person", "name": a} for a in item.author_list()]
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
