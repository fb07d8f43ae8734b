"""``python manage.py reindex [--model practices|resources] [--batch N] [--chunk N] [--stale]
[--here]``.

The items are cut into chunks of ``--chunk`` that run as tasks on every task worker
(``manage.py hub_worker``): N workers index about N times faster. The command waits for all of
them with one progress bar (items indexed, whichever worker did them), then computes the lists
of similar items (a second bar). ``--here`` runs every chunk in this process instead (no worker
needed; the periodic job inside a worker uses it, so it never waits on itself).
"""

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from search.registry import contributions
from search.services import CHUNK_SIZE, reindex


class Command(BaseCommand):
    help = "Rebuild the search index (or, with --stale, refresh only what changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        keys = [c.key for c in contributions()]
        parser.add_argument("--model", action="append", choices=keys, help="default: all")
        parser.add_argument("--batch", type=int, default=200, help="items encoded at once")
        parser.add_argument(
            "--chunk", type=int, default=CHUNK_SIZE, help="items per task on the workers"
        )
        parser.add_argument(
            "--stale", action="store_true", help="only items changed since they were indexed"
        )
        parser.add_argument(
            "--here", action="store_true", help="index in this process, not on the task workers"
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
                chunk=options["chunk"],
                here=options["here"],
            )
        self.stdout.write(
            f"Indexed {result.indexed} item(s), removed {result.removed}, "
            f"computed {result.linked} list(s) of similar items."
        )
