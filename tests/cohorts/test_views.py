"""What a participant and a coach see while enrolling, inviting, accepting and managing a cohort."""

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.demo import DEMO_COHORT_TITLE
from cohorts.models import Cohort, CohortMember, Consent, Couple, Enrollment, Invitation
from tests.factories import UserFactory


def test_anonymous_enrolment_link_leads_to_signup_and_login_and_back(cohort, client):
    url = reverse("cohorts:enroll", args=[cohort.enrolment_code])
    html = client.get(url).content.decode()
    assert f"{reverse('account_signup')}?next={url.replace('/', '%2F')}" in html
    assert f"{reverse('account_login')}?next={url.replace('/', '%2F')}" in html


def test_enrolment_remembered_for_after_email_verification(cohort, client):
    client.get(reverse("cohorts:enroll", args=[cohort.enrolment_code]))
    person = UserFactory()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("home")).content.decode()
    assert "Ga verder met inschrijven" in html and cohort.title in html


def test_enrol_invite_accept_end_to_end(cohort, client_for, django_capture_on_commit_callbacks):
    anouk, bas = UserFactory(display_name="Anouk"), UserFactory(display_name="Bas", email="bas@example.com")
    http = client_for(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            reverse("cohorts:enroll", args=[cohort.enrolment_code]),
            {"partner_email": "bas@example.com", "scores_and_style": "on"},
            follow=True,
        )
    html = response.content.decode()
    assert "Wachten op je partner" in html and "bas@example.com" in html
    assert "Je voortgang: niet gedeeld" in html
    link = next(line for line in mail.outbox[0].body.splitlines() if "/groepen/uitnodiging/" in line)
    path = link[link.index("/groepen/") :]

    page = client_for(bas).get(path).content.decode()
    assert "Anouk nodigt je uit" in page
    response = client_for(bas).post(path, {"module_progress": "on"}, follow=True)
    html = response.content.decode()
    assert "Jullie zijn nu samen ingeschreven" in html
    assert "Anouk" in html and "Vul de vragenlijst in" in html
    consent = Consent.objects.get(user=bas)
    assert (consent.scores_and_style, consent.module_progress) == (False, True)
    assert "Bas" in client_for(anouk).get(reverse("home")).content.decode()

    again = client_for(UserFactory()).get(path)
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()


def test_bad_partner_email_saves_nothing(cohort, client_for):
    response = client_for(UserFactory()).post(
        reverse("cohorts:enroll", args=[cohort.enrolment_code]), {"partner_email": "geen-adres"}
    )
    assert "Vul een geldig e-mailadres in." in response.content.decode()
    assert not Enrollment.objects.exists() and not Consent.objects.exists()


def test_full_cohort_says_so(make_cohort, coach, client_for, enrolled):
    cohort = make_cohort(coach=coach, capacity=1)
    enrolled(cohort)
    response = client_for(UserFactory()).post(
        reverse("cohorts:enroll", args=[cohort.enrolment_code]), {"partner_email": "p@example.com"}
    )
    assert "Deze groep is vol" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_finished_cohort_link_explains_and_refuses(make_cohort, coach, client_for):
    cohort = make_cohort(coach=coach, status=Cohort.Status.FINISHED)
    http = client_for(UserFactory())
    url = reverse("cohorts:enroll", args=[cohort.enrolment_code])
    assert "Deze groep is afgerond" in http.get(url).content.decode()
    assert "Deze groep is afgerond" in http.post(url, {"partner_email": "p@example.com"}).content.decode()
    assert not Enrollment.objects.exists()


def test_unknown_enrolment_code_is_404_with_a_clear_message(db, client):
    response = client.get(reverse("cohorts:enroll", args=["bestaat-niet"]))
    assert response.status_code == 404 and "Deze inschrijflink werkt niet" in response.content.decode()


def test_expired_invitation_page(cohort, client_for):
    _e, invitation = services.enrollment_start(
        cohort=cohort, user=UserFactory(), partner_email="p@example.com", scores_and_style=True, module_progress=True
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    bas = UserFactory()
    response = client_for(bas).post(reverse("cohorts:invitation", args=[invitation.token]), {})
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    assert not Couple.objects.exists() and not CohortMember.objects.filter(user=bas).exists()


def test_resend_and_revoke_from_home(cohort, client_for, django_capture_on_commit_callbacks):
    anouk = UserFactory()
    enrollment, first = services.enrollment_start(
        cohort=cohort, user=anouk, partner_email="oud@example.com", scores_and_style=True, module_progress=True
    )
    http = client_for(anouk)
    with django_capture_on_commit_callbacks(execute=True):
        html = http.post(
            reverse("cohorts:invitation_send", args=[enrollment.pk]), {"email": "nieuw@example.com"}, follow=True
        ).content.decode()
    assert "nieuwe uitnodiging gestuurd naar nieuw@example.com" in html
    assert mail.outbox[-1].to == ["nieuw@example.com"]
    assert Invitation.objects.get(pk=first.pk).revoked_at is not None

    bad = http.post(reverse("cohorts:invitation_send", args=[enrollment.pk]), {"email": "x"}, follow=True)
    assert "Vul een geldig e-mailadres in." in bad.content.decode()
    assert enrollment.invitations.count() == 2

    html = http.post(reverse("cohorts:invitation_revoke", args=[enrollment.pk]), follow=True).content.decode()
    assert "ingetrokken" in html and "Uitnodiging versturen" not in html
    assert not enrollment.invitations.filter(revoked_at__isnull=True).exists()


def test_changing_consent_keeps_history(cohort, client_for, enrolled):
    couple = enrolled(cohort, shares=(True, True))
    http = client_for(couple.partner_a)
    page = http.get(reverse("cohorts:consent", args=[cohort.pk])).content.decode()
    assert "checked" in page
    html = http.post(reverse("cohorts:consent", args=[cohort.pk]), {"module_progress": "on"}, follow=True)
    assert "Je scores en stijl: niet gedeeld" in html.content.decode()
    assert Consent.objects.filter(user=couple.partner_a, cohort=cohort).count() == 3


def test_home_in_english(cohort, client_for, enrolled):
    couple = enrolled(cohort)
    couple.partner_a.preferred_language = "en"
    couple.partner_a.save(update_fields=["preferred_language"])
    html = client_for(couple.partner_a).get(reverse("home")).content.decode()
    assert "Your next step" in html and "Fill in the questionnaire" in html


def test_participant_not_enrolled_sees_how_to_enrol(db, client_for):
    html = client_for(UserFactory(display_name="Noor")).get(reverse("home")).content.decode()
    assert "Fijn dat je er bent, Noor." in html and "Je bent nog niet ingeschreven" in html


def test_anonymous_home_is_the_welcome_page(db, client):
    html = client.get(reverse("home")).content.decode()
    assert "Een training voor stellen" in html


def test_coach_creates_and_edits_a_cohort(coach, client_for, training):
    http = client_for(coach)
    data = {
        "title": "Najaar",
        "starts_on": "2026-12-01",
        "cadence_days": 7,
        "timezone": "Europe/Amsterdam",
        "capacity": 8,
        "status": "open",
        "session_dates": "2026-12-03 19:30\n2026-12-17 19:30",
    }
    response = http.post(reverse("cohorts:cohort_create"), data)
    cohort = Cohort.objects.get(title="Najaar")
    assert response["Location"] == reverse("cohorts:dashboard", args=[cohort.pk])
    assert list(cohort.coaches.all()) == [coach]
    assert [s.starts_at.isoformat() for s in cohort.session_dates.all()] == [
        "2026-12-03T18:30:00+00:00",
        "2026-12-17T18:30:00+00:00",
    ]
    dashboard = http.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    assert reverse("cohorts:enroll", args=[cohort.enrolment_code]) in dashboard

    edit = http.get(reverse("cohorts:cohort_edit", args=[cohort.pk])).content.decode()
    assert "2026-12-03 19:30" in edit
    http.post(reverse("cohorts:cohort_edit", args=[cohort.pk]), {**data, "capacity": 20, "session_dates": ""})
    cohort.refresh_from_db()
    assert cohort.capacity == 20 and not cohort.session_dates.exists()


def test_bad_cohort_input_saves_nothing(coach, client_for, training):
    response = client_for(coach).post(
        reverse("cohorts:cohort_create"),
        {
            "title": "Fout",
            "starts_on": "2026-12-01",
            "cadence_days": 0,
            "timezone": "Mars/Olympus",
            "capacity": 8,
            "status": "open",
            "session_dates": "morgen",
        },
    )
    html = response.content.decode()
    assert "Onbekende tijdzone" in html and "geen datum met tijd" in html
    assert not Cohort.objects.exists()


def test_regenerating_the_link_kills_the_old_one(cohort, coach, client_for, client):
    old = cohort.enrolment_code
    client_for(coach).post(reverse("cohorts:cohort_regenerate_code", args=[cohort.pk]))
    cohort.refresh_from_db()
    assert cohort.enrolment_code != old
    assert client.get(reverse("cohorts:enroll", args=[old])).status_code == 404


def test_seed_demo_cohort_and_generated_couples_are_idempotent(db):
    call_command("seed_demo", couples=5, stdout=io.StringIO())
    cohort = Cohort.objects.get(title=DEMO_COHORT_TITLE)
    assert cohort.starts_on == timezone.localdate() - dt.timedelta(days=14)
    assert cohort.coaches.filter(email="coach@example.com").exists()
    emails = set(cohort.members.values_list("user__email", flat=True))
    assert {
        "partner-a1@example.com",
        "partner-a2@example.com",
        "partner-b1@example.com",
        "partner-b2@example.com",
    } <= emails
    assert cohort.enrollments.filter(couple__isnull=False).count() == 7
    call_command("seed_demo", couples=5, stdout=io.StringIO())
    assert cohort.enrollments.count() == 7 and Couple.objects.count() == 7
    call_command("seed_demo", couples=12, stdout=io.StringIO())
    cohort.refresh_from_db()
    assert cohort.enrollments.count() == 14 and cohort.capacity >= 14
