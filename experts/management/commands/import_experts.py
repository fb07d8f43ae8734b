"""Import experts from a JSON Lines file (format: DESIGN.md, experts/interchange.py).

Every line is validated first; errors are reported by line and field and a file with errors
imports nothing. Imported profiles are verified and listed; their e-mail address is never shown.
Importing the same file again updates the profiles (matched by e-mail address).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from experts.interchange import ExpertVocab, read_experts
from experts.services import experts_import
from taxonomy.services import VocabularyMissingError, vocabularies_require


class Command(BaseCommand):
    help = "Import verified, listed expert profiles from a JSON Lines file (one expert per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="path of the .jsonl file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            vocabularies_require()
        except VocabularyMissingError as exc:
            raise CommandError(str(exc)) from exc
        records, errors = read_experts(path, ExpertVocab.load())
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise CommandError(f"{len(errors)} error(s) found; nothing imported.")
        with tqdm(total=len(records), unit="expert", disable=None, file=self.stderr) as bar:
            result = experts_import(records=records, progress=bar.update)
        self.stdout.write(f"{result.created} created, {result.updated} updated.")
