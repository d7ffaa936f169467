"""Load the questionnaire content files into the database (safe to run again)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.content import ContentError, instrument_files
from assessments.services import instrument_load


class Command(BaseCommand):
    help = "Laad de vragenlijsten uit assessments/content/instruments/ (of de opgegeven bestanden)."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="YAML-bestanden; standaard alle in assessments/content/instruments/."
        )

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]] or instrument_files()
        if not paths:
            raise CommandError("Geen vragenlijstbestanden gevonden.")
        for path in paths:
            try:
                result = instrument_load(path=path)
            except ContentError as exc:
                raise CommandError(str(exc)) from exc
            state = "geladen" if result.created else "al aanwezig, ongewijzigd"
            self.stdout.write(f"{result.instrument} ({result.instrument.items.count()} vragen): {state}")
