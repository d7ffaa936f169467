"""Demo accounts for `seed_demo`: one coach and two couples, all verified."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from .models import User
from .services import user_create

DEMO_PASSWORD = "Verbinding-2026"  # noqa: S105 (shown in the README; demo data only)
# Base32 secret of the demo coach's authenticator; `manage.py demo_totp` prints the code.
DEMO_COACH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_USERS = [
    {"email": "coach@example.com", "display_name": "Coach Marieke", "role": User.Role.COACH},
    {"email": "partner-a1@example.com", "display_name": "Anouk", "role": User.Role.PARTICIPANT},
    {"email": "partner-a2@example.com", "display_name": "Bas", "role": User.Role.PARTICIPANT},
    {"email": "partner-b1@example.com", "display_name": "Carmen", "role": User.Role.PARTICIPANT},
    {"email": "partner-b2@example.com", "display_name": "Daan", "role": User.Role.PARTICIPANT},
]


def seed(*, stdout, options: dict) -> list[str]:
    """Create the demo users once; return the lines `seed_demo` prints."""
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = user_create(password=DEMO_PASSWORD, verified=True, **spec)
        if user.must_use_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_COACH_TOTP_SECRET)
    return [
        f"Demo password for every account: {DEMO_PASSWORD}",
        "Coach:    coach@example.com   (second factor: `make totp` prints the current code)",
        "Couple A: partner-a1@example.com + partner-a2@example.com",
        "Couple B: partner-b1@example.com + partner-b2@example.com",
    ]
