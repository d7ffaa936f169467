"""Reads on couples."""

from django.db.models import Q

from .models import Couple


def couple_current_for_user(*, user) -> Couple | None:
    """The person's most recently formed couple, or None."""
    if not user.is_authenticated:
        return None
    return (
        Couple.objects.select_related("partner_a", "partner_b")
        .filter(Q(partner_a=user) | Q(partner_b=user))
        .order_by("-created_at", "-pk")
        .first()
    )
