"""``python manage.py reindex [--model practices|resources] [--batch N] [--stale]``."""

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
        bar = tqdm(unit="item", disable=options["verbosity"] == 0, file=self.stderr)

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.reset(total=total)
            bar.update(done)

        with bar:
            result = reindex(
                progress, models=options["model"], batch=options["batch"], stale=options["stale"]
            )
        self.stdout.write(f"Indexed {result.indexed} item(s), removed {result.removed}.")
