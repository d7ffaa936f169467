"""Access matrix: every coach and participant URL of the cohorts app, as each role."""

import pytest
from django.urls import reverse

from cohorts import services
from tests.factories import UserFactory

ROLES = ["anonymous", "participant_here", "participant_elsewhere", "coach_here", "coach_elsewhere", "staff"]

# url key -> (method, expected status per role, in ROLES order)
MATRIX = {
    "home": ("get", (200, 200, 200, 302, 302, 200)),
    "coach_list": ("get", (302, 403, 403, 200, 200, 403)),
    "cohort_create": ("get", (302, 403, 403, 200, 200, 403)),
    "dashboard": ("get", (302, 403, 403, 200, 404, 403)),
    "cohort_edit": ("get", (302, 403, 403, 200, 404, 403)),
    "dashboard_export": ("get", (302, 403, 403, 200, 404, 403)),
    "cohort_regenerate_code": ("post", (302, 403, 403, 302, 404, 403)),
    "enroll": ("get", (200, 302, 200, 403, 403, 403)),
    "invitation": ("get", (200, 403, 200, 403, 403, 403)),
    "invitation_send": ("post", (302, 302, 404, 404, 404, 404)),
    "invitation_revoke": ("post", (302, 302, 404, 404, 404, 404)),
    "consent": ("get", (302, 200, 404, 404, 404, 404)),
}


@pytest.fixture
def world(coach, other_coach, staff, make_cohort, enrolled):
    cohort = make_cohort(coach=coach)
    elsewhere = make_cohort(coach=other_coach, title="Andere groep")
    participant = UserFactory()
    enrollment, invitation = services.enrollment_start(
        cohort=cohort,
        user=participant,
        partner_email="partner@example.com",
        scores_and_style=True,
        module_progress=True,
    )
    other_couple = enrolled(elsewhere)
    return {
        "cohort": cohort,
        "enrollment": enrollment,
        "token": invitation.token,
        "users": {
            "anonymous": None,
            "participant_here": participant,
            "participant_elsewhere": other_couple.partner_a,
            "coach_here": coach,
            "coach_elsewhere": other_coach,
            "staff": staff,
        },
    }


def url_for(key, world) -> str:
    cohort, enrollment = world["cohort"], world["enrollment"]
    kwargs = {
        "home": {},
        "coach_list": {},
        "cohort_create": {},
        "enroll": {"code": cohort.enrolment_code},
        "invitation": {"token": world["token"]},
        "invitation_send": {"enrollment_id": enrollment.pk},
        "invitation_revoke": {"enrollment_id": enrollment.pk},
        "consent": {"cohort_id": cohort.pk},
    }.get(key, {"cohort_id": cohort.pk})
    return reverse("home") if key == "home" else reverse(f"cohorts:{key}", kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(MATRIX))
def test_access_matrix(key, role, world, client, client_for):
    method, expected = MATRIX[key]
    user = world["users"][role]
    http = client if user is None else client_for(user)
    data = {"email": "nieuw@example.com"} if key == "invitation_send" else {}
    response = getattr(http, method)(url_for(key, world), data)
    assert response.status_code == expected[ROLES.index(role)], (key, role)
    if response.status_code == 302 and user is None:
        assert response["Location"].startswith(reverse("account_login"))


def test_coach_redirect_from_home_goes_to_their_cohorts(coach, client_for):
    response = client_for(coach).get(reverse("home"))
    assert response["Location"] == reverse("cohorts:coach_list")


def test_staff_assign_coaches_in_the_admin(cohort, other_coach, client_for):
    admin = UserFactory(is_staff=True, is_superuser=True)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(admin, generate_totp_secret())
    http = client_for(admin)
    page = http.get(reverse("admin:cohorts_cohort_change", args=[cohort.pk]))
    assert page.status_code == 200
    assert other_coach.display_name in page.content.decode()
    coach_ids = [str(pk) for pk in cohort.coaches.values_list("pk", flat=True)] + [str(other_coach.pk)]
    response = http.post(
        reverse("admin:cohorts_cohort_change", args=[cohort.pk]),
        {
            "training": cohort.training_id,
            "title": cohort.title,
            "starts_on": cohort.starts_on.isoformat(),
            "cadence_days": 7,
            "timezone": "Europe/Amsterdam",
            "capacity": 10,
            "status": cohort.status,
            "coaches": coach_ids,
            "session_dates-TOTAL_FORMS": 0,
            "session_dates-INITIAL_FORMS": 0,
            "session_dates-MIN_NUM_FORMS": 0,
            "session_dates-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client_for(other_coach).get(reverse("cohorts:dashboard", args=[cohort.pk])).status_code == 200
