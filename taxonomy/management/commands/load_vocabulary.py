from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from taxonomy.services import DEFAULT_FILE, VocabularyError, vocabulary_load_file


class Command(BaseCommand):
    help = "Load (or update) the controlled vocabularies from a vocabulary file. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default=str(DEFAULT_FILE), help="vocabulary JSON file"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")

        def progress(step: str) -> None:
            self.stdout.write(f"  {step}… done")

        self.stdout.write(f"Loading vocabularies from {path}")
        try:
            counts = vocabulary_load_file(path=path, progress=progress)
        except VocabularyError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(counts.values())
        summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        self.stdout.write(
            self.style.SUCCESS(
                f"Vocabularies up to date ({total} rows changed{': ' + summary if summary else ''})."
            )
        )
