"""``manage.py match_reviewers INPUT.json [--with-affinities]``: optimal reviewer suggestions as JSON.

Formats: DESIGN.md and docs/matching.md. Invalid input exits with status 1 and names the field.
Text vectors are kept between runs in a vector store (``settings.HUB_VECTOR_STORE``, by default
``var/cache/text-vectors.sqlite3``), so running again on the same or an overlapping instance only
encodes the new texts. The command skips Django's system checks: it reads no models and no URLs,
and the checks cost more than half a second of a cold run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.matching import MatchingError, m49_subregion, parse_input, render_output, solve
from search.encoders import Encoder, configured_store_path, get_encoder, with_store


class Command(BaseCommand):
    """Read a matching problem, solve it, print the assignments."""

    help = "Suggest reviewers optimally for submissions described in a JSON file (JSON on stdout)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the input path and the affinities switch."""
        parser.add_argument("input", help="path to the input JSON file ('-' is not supported)")
        parser.add_argument(
            "--with-affinities",
            action="store_true",
            help="also list [submission, reviewer, affinity] for every feasible pair",
        )
        parser.add_argument(
            "--vector-store",
            metavar="PATH",
            help="SQLite file keeping text vectors between runs "
            "(default: settings.HUB_VECTOR_STORE; '' to encode everything afresh)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Parse, solve, render."""
        data = self._load(Path(options["input"]))
        try:
            problem = parse_input(data)
            result, table = solve(
                problem.submissions,
                problem.reviewers,
                problem.policy,
                self._encoder(options["vector_store"]),
                pins=problem.pins,
                forbid=problem.forbid,
                region_of=m49_subregion,
            )
        except MatchingError as error:
            raise CommandError(f"invalid input: {error}") from error
        output = render_output(result, table, with_affinities=options["with_affinities"])
        self.stdout.write(json.dumps(output, ensure_ascii=False))

    def _encoder(self, store: str | None) -> Encoder:
        """The default encoder behind the vector store (the option's, else the setting's)."""
        path = configured_store_path() if store is None else (Path(store) if store else None)
        return with_store(get_encoder(), path)

    def _load(self, path: Path) -> Any:
        """Read and decode the JSON file, turning I/O and syntax errors into CommandError."""
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
            ) from error
