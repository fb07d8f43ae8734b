"""Load the demo content of every app that has a ``demo`` module. Idempotent."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo accounts and content (only when DEBUG is on). Running it twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="do not print the accounts"
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo content is only loaded when DEBUG is on; refusing.")
        modules = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.path.startswith(str(settings.BASE_DIR)) and find_spec(name):
                modules.append(import_module(name))
        with transaction.atomic():
            for module in modules:
                self.stdout.write(f"  demo: {module.__name__.split('.')[0]}… ", ending="")
                created = module.load()
                self.stdout.write(f"{created} created")
        if not options["quiet_accounts"]:
            for module in modules:
                if hasattr(module, "describe"):
                    self.stdout.write(module.describe())
