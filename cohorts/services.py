"""Writes on couples (the cohort issue adds invitation and enrolment services)."""

from django.db import transaction

from .models import Couple


@transaction.atomic
def couple_create(*, partner_a, partner_b) -> Couple:
    couple = Couple(partner_a=partner_a, partner_b=partner_b)
    couple.full_clean()
    couple.save()
    return couple
