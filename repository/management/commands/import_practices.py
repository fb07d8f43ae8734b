"""Import published practices from a JSON Lines file (format: DESIGN.md, repository/interchange.py).

Every line is validated first. Errors are reported by line number and field; a file with errors
imports nothing unless --skip-invalid is given. Importing the same file twice changes nothing:
practices are matched by slug (derived from the title unless the line gives one).
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from repository.interchange import PracticeRecord, Vocab, validate_record
from repository.services import practices_import


def read_records(path: Path, vocab: Vocab) -> tuple[list[PracticeRecord], list[str]]:
    """Validated records and error lines ("line 3: objectives: ...") of a whole file."""
    records: list[PracticeRecord] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {number}: invalid JSON ({exc.msg})")
                continue
            record, problems = validate_record(data, vocab)
            errors += [f"line {number}: {name}: {message}" for name, message in problems]
            if record is None:
                continue
            if record.slug in seen:
                errors.append(f"line {number}: title: same slug as line {seen[record.slug]}")
                continue
            seen[record.slug] = number
            records.append(record)
    return records, errors


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
        records, errors = read_records(path, Vocab.load())
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
