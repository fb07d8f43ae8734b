"""Bytes a browser downloads for a listing page: its HTML plus the CSS and JavaScript it links.

DESIGN.md's budget: at most 100 KB of HTML+CSS+JS for a listing page. Seeds synthetic published
practices into a throwaway SQLite file (or the configured database), fetches the listings through
Django's test client, then every stylesheet and script the page links (static files from the
finders, other addresses through the client) and prints the bytes, raw and gzip-compressed.
Production compresses HTML, and whitenoise serves static files pre-compressed; the budget is
checked on the raw figure, the stricter one.

    python -m bench.page_weight --practices 2000
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

BUDGET_BYTES = 100 * 1024
PAGES = {
    "listing": "/en/practices/",
    "listing_q": "/en/practices/?q=trafficking",
    "listing_three_facets": "/en/practices/?objective=10&region=150&type=project",
    "resource_listing": "/en/resources/",
    "home": "/en/",
}
ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')


def _prepare(practices: int) -> None:
    from django.core.management import call_command

    from bench.repository_perf import build_index
    from repository.models import Practice

    devnull = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    call_command("load_vocabulary", verbosity=0, stdout=devnull)
    if Practice.objects.count() < practices:
        call_command("seed_synthetic", practices=practices, seed=1, stdout=devnull)
    build_index(practices, fake_vectors=True)


def _asset(client: Any, url: str) -> bytes:
    """A linked file's bytes: from the static finders, or as the server answers it."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    if url.startswith(settings.STATIC_URL):
        found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if found:
            return Path(str(found)).read_bytes()
    return client.get(url).content


def weigh(client: Any, url: str) -> dict[str, Any]:
    """The page's parts and totals in bytes, raw and gzip-compressed."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    html = response.content
    parts = {"html": html}
    for asset in ASSET.findall(html.decode()):
        parts[asset] = _asset(client, asset)
    raw = {name: len(body) for name, body in parts.items()}
    zipped = {name: len(gzip.compress(body, 9)) for name, body in parts.items()}
    return {
        "url": url,
        "raw": raw,
        "gzip": zipped,
        "total_raw": sum(raw.values()),
        "total_gzip": sum(zipped.values()),
        "within_budget": sum(raw.values()) <= BUDGET_BYTES,
    }


def run(practices: int) -> dict[str, Any]:
    from django.test import Client

    from repository.models import Practice

    _prepare(practices)
    client = Client(HTTP_HOST="127.0.0.1")
    figures: dict[str, Any] = {"practices": Practice.objects.count(), "budget_bytes": BUDGET_BYTES}
    for name, url in PAGES.items():
        figures[name] = weigh(client, url)
    return figures


def summary(figures: dict[str, Any]) -> str:
    lines = [f"page weight, {figures['practices']:,} practices (budget {BUDGET_BYTES:,} bytes raw)"]
    for name in PAGES:
        f = figures[name]
        mark = "ok" if f["within_budget"] else "OVER BUDGET"
        parts = ", ".join(
            f"{part.rsplit('/', 1)[-1] or part} {size:,}" for part, size in f["raw"].items()
        )
        lines.append(
            f"  {name:<24} {f['total_raw']:>8,} B raw  {f['total_gzip']:>7,} B gzip  {mark}  ({parts})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=2000)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ["HUB_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from bench.run import write_result

    figures = run(args.practices)
    path = write_result("page_weight", figures)
    print(summary(figures))
    print(f"  → {path}")
    return 0 if all(figures[name]["within_budget"] for name in PAGES) else 1


if __name__ == "__main__":
    sys.exit(main())
