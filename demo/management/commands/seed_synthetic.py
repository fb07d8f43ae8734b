"""Generate realistic synthetic practices and resources (en, fr, es) for demos and benchmarks.

The same seed gives the same content, and running again updates instead of duplicating.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from demo.synthetic import Generator
from repository.interchange import Vocab
from repository.services import practices_import, resources_import
from taxonomy.services import VocabularyMissingError, vocabularies_require

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Create N synthetic published practices (and M resources) in English, French and Spanish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--practices", type=int, required=True, help="how many practices")
        parser.add_argument("--resources", type=int, default=0, help="how many resources")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            vocabularies_require()
        except VocabularyMissingError as exc:
            raise CommandError(str(exc)) from exc
        generator = Generator(Vocab.load(), seed=options["seed"])
        started = time.monotonic()
        created = self._run("practice", options["practices"], generator.practice, practices_import)
        created += self._run("resource", options["resources"], generator.resource, resources_import)
        elapsed = time.monotonic() - started
        self.stdout.write(f"{created} item(s) created in {elapsed:.1f} s.")

    def _run(self, unit: str, total: int, make: Any, service: Any) -> int:
        created = 0
        with tqdm(total=total, unit=unit, disable=None, file=self.stderr) as bar:
            for start in range(0, total, BATCH):
                records = [make(i) for i in range(start, min(total, start + BATCH))]
                created += service(records=records, batch_size=BATCH, progress=bar.update).created
        return created
