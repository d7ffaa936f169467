"""Print the current second-factor code of a demo account (only for the demo secret)."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_COACH_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code for a demo account whose secret is the published demo secret."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="coach@example.com")

    def handle(self, *args, **options):
        authenticator = Authenticator.objects.filter(
            user__email__iexact=options["email"], type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{options['email']} has no authenticator app set up.")
        secret = decrypt(authenticator.data["secret"])
        # Never reveal codes of a real account: only the published demo secret qualifies.
        if secret != DEMO_COACH_TOTP_SECRET:
            raise CommandError("This account does not use the demo secret; its codes are not shown.")
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
