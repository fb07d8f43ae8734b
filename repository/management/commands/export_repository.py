"""Write every published practice as JSON Lines, in the format import_practices reads."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from repository.interchange import practice_to_record
from repository.selectors import practices_for_export


class Command(BaseCommand):
    help = "Export published practices as JSON Lines (the import_practices format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["output"]
        handle = path.open("w", encoding="utf-8") if path else sys.stdout
        count = 0
        try:
            for practice in practices_for_export().order_by("id").iterator(chunk_size=500):
                handle.write(json.dumps(practice_to_record(practice), ensure_ascii=False) + "\n")
                count += 1
        finally:
            if path:
                handle.close()
        if path:
            self.stdout.write(f"{count} practice(s) written to {path}.")
