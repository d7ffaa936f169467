"""Shared set-up for the live-exercise tests: a running cohort with couples, a loaded module."""

import datetime as dt

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from cohorts import services as cohort_services
from cohorts.models import Cohort
from tests.factories import CoachFactory, CoupleFactory
from workshops.models import Module, Training
from workshops.services import training_content_load


def running_cohort(*, coach=None, couples: int = 1):
    """A running cohort of the shipped training, its coach (with TOTP) and enrolled couples."""
    training_content_load()
    training = Training.objects.get(key="doorbreek-de-dynamiek")
    if coach is None:
        coach = CoachFactory()
        TOTP.activate(coach, generate_totp_secret())
    cohort = cohort_services.cohort_create(
        coach=coach,
        training=training,
        title="Live groep",
        starts_on=timezone.localdate() - dt.timedelta(days=60),
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=max(couples, 1) + 5,
        status=Cohort.Status.RUNNING,
    )
    made = []
    for _ in range(couples):
        couple = CoupleFactory()
        cohort_services.enrollment_add_couple(cohort=cohort, couple=couple)
        made.append(couple)
    return cohort, coach, made


def module_with_exercise(key: str) -> Module:
    return Module.objects.get(training__key="doorbreek-de-dynamiek", exercise_key=key)
