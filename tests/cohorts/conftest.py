"""Fixtures for the cohort tests: a training, cohorts run by coaches, enrolled couples, staff."""

import datetime as dt
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from assessments.models import AssessmentResponse, Instrument
from cohorts import services
from cohorts.models import Cohort
from tests.factories import CoachFactory, CoupleFactory, UserFactory
from workshops.models import Training


@pytest.fixture
def training(db):
    training, _ = Training.objects.get_or_create(
        key="doorbreek-de-dynamiek",
        defaults={"title_nl": "Doorbreek de dynamiek van aantrekken en afstoten", "title_en": "Break the dynamic"},
    )
    return training


@pytest.fixture
def make_cohort(training):
    def make(*, coach, status=Cohort.Status.OPEN, capacity=10, title="Voorjaarsgroep", **extra):
        return services.cohort_create(
            coach=coach,
            training=training,
            title=title,
            starts_on=extra.pop("starts_on", timezone.localdate() + dt.timedelta(days=7)),
            cadence_days=7,
            timezone_name="Europe/Amsterdam",
            capacity=capacity,
            status=status,
            **extra,
        )

    return make


@pytest.fixture
def cohort(coach, make_cohort):
    return make_cohort(coach=coach)


@pytest.fixture
def other_coach(db):
    coach = CoachFactory()
    TOTP.activate(coach, generate_totp_secret())
    return coach


@pytest.fixture
def staff(db):
    person = UserFactory(is_staff=True)
    TOTP.activate(person, generate_totp_secret())
    return person


@pytest.fixture
def enrolled(db):
    """`enrolled(cohort, shares=(True, True))` -> a couple enrolled in the cohort with those consents."""

    def make(cohort, shares=(True, True), progress=(True, True)):
        couple = CoupleFactory()
        services.enrollment_add_couple(cohort=cohort, couple=couple)
        for partner, share, prog in zip(couple.partners, shares, progress, strict=True):
            services.consent_record(cohort=cohort, user=partner, scores_and_style=share, module_progress=prog)
        return couple

    return make


@pytest.fixture
def instrument(db):
    return Instrument.objects.create(
        key="hechting", version=1, title_nl="Hechting", title_en="Attachment", is_active=True, content_sha256="0" * 64
    )


@pytest.fixture
def finish_assessment(instrument):
    def make(user, style="secure", anxiety="2.00", avoidance="2.50"):
        return AssessmentResponse.objects.create(
            user=user,
            instrument=instrument,
            submitted_at=timezone.now(),
            anxiety=Decimal(anxiety),
            avoidance=Decimal(avoidance),
            style=style,
            strength=Decimal("1.00"),
        )

    return make
