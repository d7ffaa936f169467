"""Test data for the live-exercise pages: a running cohort with enrolled couples, a module."""

import datetime as dt

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.models import Cohort
from tests.factories import CoachFactory, CoupleFactory
from workshops.models import Module, Training


def training_with_module(*, exercise_key: str = "spreker-luisteraar") -> tuple[Training, Module]:
    training, _ = Training.objects.get_or_create(
        key="doorbreek-de-dynamiek",
        defaults={"title_nl": "Doorbreek de dynamiek van aantrekken en afstoten", "title_en": "Break the dynamic"},
    )
    module, _ = Module.objects.get_or_create(
        training=training,
        number=4,
        defaults={
            "slug": "spreken-vanuit-gevoel",
            "title_nl": "Spreken vanuit gevoel",
            "title_en": "Speaking from feeling",
            "unlock_offset": 0,
            "intro_nl": "Inleiding",
            "intro_en": "Introduction",
            "exercise_key": exercise_key,
        },
    )
    return training, module


def coach_with_totp(**kwargs):
    coach = CoachFactory(**kwargs)
    TOTP.activate(coach, generate_totp_secret())
    return coach


def running_cohort(*, coach, training: Training, title: str = "Najaarsgroep") -> Cohort:
    return cohort_services.cohort_create(
        coach=coach,
        training=training,
        title=title,
        starts_on=timezone.localdate() - dt.timedelta(days=7),
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=20,
        status=Cohort.Status.RUNNING,
    )


def enrolled_couple(cohort: Cohort, **names):
    """A couple enrolled in `cohort`; names as partner_a__display_name=..., partner_b__display_name=..."""
    couple = CoupleFactory(**names)
    cohort_services.enrollment_add_couple(cohort=cohort, couple=couple)
    return couple
