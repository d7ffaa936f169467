"""Demo cohorts for `seed_demo`: a running cohort with couples A and B (+ N generated), and an open one."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from workshops.models import Training

from .models import CONSENT_VERSION, Cohort, CohortMember, Consent, Couple, Enrollment
from .services import cohort_create, cohort_update, consent_record, couple_create, enrollment_add_couple

DEMO_COUPLES = {
    "A": ("partner-a1@example.com", "partner-a2@example.com"),
    "B": ("partner-b1@example.com", "partner-b2@example.com"),
}
TRAINING_KEY = "doorbreek-de-dynamiek"
DEMO_COHORT_TITLE = "Demogroep voorjaar"
OPEN_COHORT_TITLE = "Demogroep najaar"
GENERATED_EMAIL = "demo-stel-{n:04d}-{side}@example.com"
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chris",
    "Daphne",
    "Emre",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ilse",
    "Joris",
    "Kim",
    "Lars",
    "Mila",
    "Noor",
    "Olaf",
    "Pien",
    "Quinten",
    "Roos",
    "Sem",
    "Tess",
]


def demo_couple(key: str) -> Couple:
    email_a, email_b = DEMO_COUPLES[key]
    a = User.objects.get(email=email_a)
    b = User.objects.get(email=email_b)
    couple = Couple.objects.filter(Q(partner_a=a, partner_b=b) | Q(partner_a=b, partner_b=a)).first()
    return couple or couple_create(partner_a=a, partner_b=b)


def demo_training() -> Training:
    training, _created = Training.objects.get_or_create(
        key=TRAINING_KEY,
        defaults={
            "title_nl": "Doorbreek de dynamiek van aantrekken en afstoten",
            "title_en": "Break the dynamic of attracting and repelling",
        },
    )
    return training


def demo_cohort() -> Cohort:
    """The running demo cohort of coach@example.com (started two weeks ago)."""
    coach = User.objects.get(email="coach@example.com")
    cohort = Cohort.objects.filter(title=DEMO_COHORT_TITLE, coaches=coach).first()
    if cohort is None:
        cohort = cohort_create(
            coach=coach,
            training=demo_training(),
            title=DEMO_COHORT_TITLE,
            starts_on=timezone.localdate() - timedelta(days=14),
            cadence_days=7,
            timezone_name="Europe/Amsterdam",
            capacity=12,
            status=Cohort.Status.RUNNING,
            session_dates=[
                timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0) + timedelta(days=days)
                for days in (5, 19)
            ],
        )
    return cohort


def _ensure_open_cohort(coach) -> Cohort:
    cohort = Cohort.objects.filter(title=OPEN_COHORT_TITLE, coaches=coach).first()
    return cohort or cohort_create(
        coach=coach,
        training=demo_training(),
        title=OPEN_COHORT_TITLE,
        starts_on=timezone.localdate() + timedelta(days=21),
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=12,
        status=Cohort.Status.OPEN,
    )


def _raise_capacity(cohort: Cohort, needed: int) -> None:
    if cohort.capacity >= needed:
        return
    cohort_update(
        cohort=cohort,
        title=cohort.title,
        starts_on=cohort.starts_on,
        cadence_days=cohort.cadence_days,
        timezone_name=cohort.timezone,
        capacity=needed,
        status=cohort.status,
        session_dates=[s.starts_at for s in cohort.session_dates.all()],
    )


def _add_generated_couples(cohort: Cohort, count: int) -> int:
    """Generated couples 1..count, created in bulk; those that exist already are left alone."""
    wanted = {GENERATED_EMAIL.format(n=n, side=side): (n, side) for n in range(1, count + 1) for side in "ab"}
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [n for n in range(1, count + 1) if GENERATED_EMAIL.format(n=n, side="a") not in existing]
    if not missing:
        return 0
    _raise_capacity(cohort, cohort.enrollments.count() + len(missing))
    password = make_password(DEMO_PASSWORD)
    now = timezone.now()
    users = []
    for n in missing:
        for offset, side in enumerate("ab"):
            # Deterministic variety: some logged in recently, some long ago, some never.
            login_days = (n * 7 + offset * 3) % 30
            users.append(
                User(
                    email=GENERATED_EMAIL.format(n=n, side=side),
                    display_name=f"{FIRST_NAMES[(n * 2 + offset) % len(FIRST_NAMES)]} {n}",
                    password=password,
                    last_login=None if (n + offset) % 9 == 0 else now - timedelta(days=login_days, hours=n % 24),
                )
            )
    User.objects.bulk_create(users)
    by_email = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in by_email.values()]
    )
    couples = Couple.objects.bulk_create(
        [
            Couple(
                partner_a=by_email[GENERATED_EMAIL.format(n=n, side="a")],
                partner_b=by_email[GENERATED_EMAIL.format(n=n, side="b")],
            )
            for n in missing
        ]
    )
    # bulk_create returns primary keys on PostgreSQL and SQLite 3.35+, which Django uses here.
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(cohort=cohort, enrolled_by=c.partner_a, couple=c, completed_at=now) for c in couples]
    )
    members, consents = [], []
    for index, enrollment in enumerate(enrollments):
        for offset, partner in enumerate(enrollment.couple.partners):
            members.append(CohortMember(cohort=cohort, user=partner, enrollment=enrollment))
            consents.append(
                Consent(
                    cohort=cohort,
                    user=partner,
                    version=CONSENT_VERSION,
                    scores_and_style=(index + offset) % 6 != 0,
                    module_progress=(index + offset) % 8 != 0,
                    recorded_at=now,
                )
            )
    CohortMember.objects.bulk_create(members)
    Consent.objects.bulk_create(consents)
    return len(missing)


def seed(*, stdout, options: dict) -> list[str]:
    for key in DEMO_COUPLES:
        demo_couple(key)
    cohort = demo_cohort()
    _ensure_open_cohort(cohort.coaches.get(email="coach@example.com"))
    for key, shares in (("A", True), ("B", False)):
        couple = demo_couple(key)
        if not cohort.enrollments.filter(couple=couple).exists():
            _raise_capacity(cohort, cohort.enrollments.count() + 1)
            enrollment_add_couple(cohort=cohort, couple=couple)
            if not shares:
                # Daan keeps his scores to himself, so the dashboard shows "niet gedeeld".
                consent_record(cohort=cohort, user=couple.partner_b, scores_and_style=False, module_progress=True)
    added = _add_generated_couples(cohort, options.get("couples") or 0)
    lines = [
        f"Demo cohort: {cohort.title} ({cohort.enrollments.count()} couples)"
        + (f", {added} generated couples added" if added else ""),
        f"Coach dashboard: {reverse('cohorts:dashboard', kwargs={'cohort_id': cohort.pk})}",
    ]
    open_cohort = Cohort.objects.filter(title=OPEN_COHORT_TITLE).first()
    if open_cohort:
        lines.append(
            f"Enrolment link (open cohort): {reverse('cohorts:enroll', kwargs={'code': open_cohort.enrolment_code})}"
        )
    return lines
