"""``python manage.py reindex [--model practices|resources] [--batch N] [--stale]``.

Two progress bars: the documents written, then the lists of similar items computed.
"""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from search.registry import contributions
from search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search index (or, with --stale, refresh only what changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        keys = [c.key for c in contributions()]
        parser.add_argument("--model", action="append", choices=keys, help="default: all")
        parser.add_argument("--batch", type=int, default=200, help="items encoded at once")
        parser.add_argument(
            "--stale", action="store_true", help="only items changed since they were indexed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        bar = tqdm(desc="indexing", unit="item", disable=quiet, file=self.stderr)
        links = tqdm(desc="similar items", unit="item", disable=quiet, file=self.stderr)

        def follow(target: tqdm) -> Callable[[int, int], None]:
            def progress(done: int, total: int) -> None:
                if target.total != total:
                    target.reset(total=total)
                target.update(done)

            return progress

        with bar, links:
            result = reindex(
                follow(bar),
                models=options["model"],
                batch=options["batch"],
                stale=options["stale"],
                link_progress=follow(links),
            )
        self.stdout.write(
            f"Indexed {result.indexed} item(s), removed {result.removed}, "
            f"computed {result.linked} list(s) of similar items."
        )
