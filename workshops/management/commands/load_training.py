"""Load the training content from workshops/content/ (safe to run again)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops.content_loader import CONTENT_DIR, ContentError
from workshops.services import training_content_load


class Command(BaseCommand):
    help = "Load or update the training from its YAML files; a malformed file loads nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=CONTENT_DIR, help="Folder with training.yaml and NN-*.yaml.")

    def handle(self, *args, **options):
        try:
            result = training_content_load(content_dir=options["dir"])
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        training = result.training
        self.stdout.write(
            f"{training.key} {training.content_version}: {result.created} created, "
            f"{result.updated} updated, {result.deleted} deleted."
        )
        for kept in result.kept:
            self.stdout.write(self.style.WARNING(f"Kept (participants' data refers to it): {kept}"))
