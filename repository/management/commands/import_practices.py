"""Import published practices from a JSON Lines file (format: DESIGN.md, repository/interchange.py).

Every line is validated first. Errors are reported by line number and field; a file with errors
imports nothing unless --skip-invalid is given. Importing the same file twice changes nothing:
practices are matched by slug (derived from the title unless the line gives one).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from repository.interchange import Vocab, read_jsonl, validate_record
from repository.services import practices_import
from taxonomy.services import VocabularyMissingError, vocabularies_require


class Command(BaseCommand):
    help = "Import published practices from a JSON Lines file (one practice per line)."

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
        records, errors = read_jsonl(path, Vocab.load(), validate_record)
        for error in errors:
            self.stderr.write(error)
        if errors and not options["skip_invalid"]:
            raise CommandError(
                f"{len(errors)} error(s) found; nothing imported (use --skip-invalid to import "
                "the valid lines)."
            )
        with tqdm(total=len(records), unit="practice", disable=None, file=self.stderr) as bar:
            result = practices_import(records=records, progress=bar.update)
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {len(errors)} error(s) skipped."
        )
