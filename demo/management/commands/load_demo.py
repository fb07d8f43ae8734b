"""Load the demo content, one app's story after another. Idempotent."""

from types import ModuleType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from demo import (
    accounts,
    calls,
    contact,
    discussions,
    events,
    experts,
    featured,
    pledges,
    repository,
    reviews,
    site_settings,
    submissions,
    support,
)

# In dependency order: each step may use what the steps before it created. The label is the
# domain app the content belongs to, as the command prints it.
STEPS: list[tuple[str, ModuleType]] = [
    ("core", site_settings),
    ("accounts", accounts),
    ("calls", calls),
    ("submissions", submissions),
    ("reviews", reviews),
    ("repository", repository),
    ("experts", experts),
    ("support", support),
    ("contact", contact),
    ("discussions", discussions),
    ("events", events),
    ("featured", featured),
    ("pledges", pledges),
]


class Command(BaseCommand):
    help = "Create demo accounts and content (only when DEBUG is on). Running it twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="do not print the accounts"
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo content is only loaded when DEBUG is on; refusing.")
        with transaction.atomic():
            for label, module in STEPS:
                self.stdout.write(f"  demo: {label}… ", ending="")
                created = module.load()
                self.stdout.write(f"{created} created")
        if not options["quiet_accounts"]:
            for _label, module in STEPS:
                if hasattr(module, "describe"):
                    self.stdout.write(module.describe())
