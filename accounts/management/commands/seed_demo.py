"""Load demo data: every installed app's `demo.seed()` in INSTALLED_APPS order; idempotent."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create the demo coach, couples and their data (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=int, default=0, help="Extra generated couples for the demo cohort.")

    def handle(self, *args, **options):
        if options["couples"] < 0 or options["couples"] > 5000:
            self.stderr.write("--couples must be between 0 and 5000.")
            raise SystemExit(2)
        lines: list[str] = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                lines.extend(module.seed(stdout=self.stdout, options=options) or [])
        for line in lines:
            self.stdout.write(line)
