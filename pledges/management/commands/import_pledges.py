"""Import pledges from a JSON Lines file (format: docs/pledges.md, pledges/interchange.py).

Every line is validated first. Errors are reported by line number and field; a file with errors
imports nothing unless --skip-invalid is given. Importing the same file twice changes nothing:
pledges are matched by slug (derived from the title unless the line gives one).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from core.errors import TransitionError
from pledges.interchange import Vocab, read_jsonl
from pledges.services import pledges_import
from taxonomy.services import VocabularyMissingError, vocabularies_require


class Command(BaseCommand):
    help = "Import pledges from a JSON Lines file (one pledge per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="path of the .jsonl file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid lines even when other lines have errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            vocabularies_require()
        except VocabularyMissingError as exc:
            raise CommandError(str(exc)) from exc
        records, errors = read_jsonl(path, Vocab.load())
        for error in errors:
            self.stderr.write(error)
        if errors and not options["skip_invalid"]:
            raise CommandError(
                f"{len(errors)} error(s) found; nothing imported (use --skip-invalid to import "
                "the valid lines)."
            )
        with tqdm(total=len(records), unit="pledge", disable=None, file=self.stderr) as bar:
            try:
                result = pledges_import(records=records, progress=bar.update)
            except TransitionError as exc:
                raise CommandError(f"{exc}; nothing imported.") from exc
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {len(errors)} error(s) skipped."
        )
