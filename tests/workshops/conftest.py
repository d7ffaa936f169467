"""Fixtures for the training tests: the shipped content loaded, a copy of it to break, and cohorts.

Here `user` and `couple` are participants of a running cohort in which every module is open, so
the journal and reading tests exercise the open case; the pacing tests build their own cohorts.
"""

import datetime as dt
import shutil

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.services import cohort_create, enrollment_add_couple
from tests.factories import CoachFactory, CoupleFactory
from workshops.content_loader import CONTENT_DIR
from workshops.services import training_content_load


@pytest.fixture
def training(db):
    return training_content_load().training


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of workshops/content/ to break in one place."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def cohort_coach(db):
    coach = CoachFactory()
    TOTP.activate(coach, generate_totp_secret())
    return coach


@pytest.fixture
def make_cohort(training, cohort_coach):
    """`make_cohort(days_ago=14, cadence=7, **settings)`: a running cohort of `cohort_coach`."""

    def make(*, days_ago=14, cadence=7, title="Voorjaarsgroep", **extra):
        return cohort_create(
            coach=cohort_coach,
            training=training,
            title=title,
            starts_on=timezone.localdate() - dt.timedelta(days=days_ago),
            cadence_days=cadence,
            timezone_name="Europe/Amsterdam",
            capacity=50,
            status=Cohort.Status.RUNNING,
            **extra,
        )

    return make


@pytest.fixture
def enrol(db):
    """`enrol(cohort)` -> a new couple enrolled in it (both share their progress with the coach)."""

    def make(cohort, couple=None):
        couple = couple or CoupleFactory()
        enrollment_add_couple(cohort=cohort, couple=couple)
        return couple

    return make


@pytest.fixture
def open_cohort(make_cohort):
    """Started long enough ago that every module is open."""
    return make_cohort(days_ago=120, title="Groep met alles open")


@pytest.fixture
def couple(open_cohort, enrol):
    return enrol(open_cohort)


@pytest.fixture
def user(open_cohort, enrol):
    return enrol(open_cohort).partner_a
