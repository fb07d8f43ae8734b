"""``python manage.py suggest_connections REQUEST.json``: the connections the support pages show
for a request, as JSON on stdout (format in docs/support.md)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from support.suggestions import Need, suggest

REQUIRED = ("title", "description")


def parse_need(data: Any) -> Need:
    """The request in the file, checked; CommandError says what is wrong."""
    if not isinstance(data, dict):
        raise CommandError("The file must hold one JSON object.")
    missing = [key for key in REQUIRED if not str(data.get(key) or "").strip()]
    if missing:
        raise CommandError(f"Missing or empty: {', '.join(missing)}.")
    objectives = data.get("objectives") or []
    if not isinstance(objectives, list) or not all(
        isinstance(n, int) and 1 <= n <= 23 for n in objectives
    ):
        raise CommandError("objectives must be a list of integers from 1 to 23.")
    return Need(
        title=str(data["title"]),
        description=str(data["description"]),
        language=str(data.get("language") or "en"),
        country=str(data.get("country") or "").upper(),
        objectives=tuple(objectives),
    )


class Command(BaseCommand):
    help = "Suggest practices, resources, experts and earlier requests for a support request."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "request", help="A JSON file: title, description, language, country, objectives."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["request"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ValueError as error:
            raise CommandError(f"{path} is not valid JSON: {error}.") from error
        found = suggest(parse_need(data))
        self.stdout.write(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
