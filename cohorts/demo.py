"""Demo couples A and B for `seed_demo` (runs after accounts' demo users exist)."""

from django.db.models import Q

from accounts.models import User

from .models import Couple
from .services import couple_create

DEMO_COUPLES = {
    "A": ("partner-a1@example.com", "partner-a2@example.com"),
    "B": ("partner-b1@example.com", "partner-b2@example.com"),
}


def demo_couple(key: str) -> Couple:
    email_a, email_b = DEMO_COUPLES[key]
    a = User.objects.get(email=email_a)
    b = User.objects.get(email=email_b)
    couple = Couple.objects.filter(Q(partner_a=a, partner_b=b) | Q(partner_a=b, partner_b=a)).first()
    return couple or couple_create(partner_a=a, partner_b=b)


def seed(*, stdout, options: dict) -> list[str]:
    for key in DEMO_COUPLES:
        demo_couple(key)
    return []
