"""Enrolment, invitations and consent: the rules a couple runs into, and nothing half-saved."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts import selectors, services
from cohorts.models import Cohort, CohortMember, Consent, Couple, Enrollment, Invitation
from tests.factories import UserFactory


def start(cohort, user, email="partner@example.com", **consent):
    consent = {"scores_and_style": True, "module_progress": True, **consent}
    return services.enrollment_start(cohort=cohort, user=user, partner_email=email, **consent)


def test_first_partner_enrols_and_partner_gets_a_dutch_email(cohort, django_capture_on_commit_callbacks):
    anouk = UserFactory(display_name="Anouk")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment, invitation = start(cohort, anouk, email="bas@example.com")
    assert not enrollment.is_complete
    assert CohortMember.objects.filter(cohort=cohort, user=anouk).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bas@example.com"]
    assert "Anouk nodigt je uit" in message.subject
    assert f"/groepen/uitnodiging/{invitation.token}/" in message.body
    assert "14 dagen geldig" in message.body
    # Only the hash is stored; the raw token exists only in the email.
    assert invitation.token not in Invitation.objects.filter(pk=invitation.pk).values_list("token_hash", flat=True)[0]


def test_invitation_email_in_english_for_an_english_invitee(cohort, django_capture_on_commit_callbacks):
    UserFactory(email="bas@example.com", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        start(cohort, UserFactory(display_name="Anouk"), email="bas@example.com")
    assert "Anouk invites you" in mail.outbox[0].subject
    assert "valid for 14 days" in mail.outbox[0].body


def test_email_is_not_sent_when_the_transaction_rolls_back(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(cohort, UserFactory())
    assert len(callbacks) == 1 and mail.outbox == []


def test_accepting_forms_the_couple_and_completes_the_enrolment(cohort):
    anouk, bas = UserFactory(), UserFactory()
    enrollment, invitation = start(cohort, anouk)
    services.invitation_accept(token=invitation.token, user=bas, scores_and_style=False, module_progress=True)
    enrollment.refresh_from_db()
    assert enrollment.is_complete and enrollment.couple.partner_a == anouk and enrollment.couple.partner_b == bas
    assert selectors.consent_current(cohort=cohort, user=bas).scores_and_style is False
    with pytest.raises(ValidationError, match="al gebruikt"):
        services.invitation_accept(
            token=invitation.token, user=UserFactory(), scores_and_style=True, module_progress=True
        )


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            lambda inv: Invitation.objects.filter(pk=inv.pk).update(
                expires_at=timezone.now() - dt.timedelta(minutes=1)
            ),
            "verlopen",
        ),
        (lambda inv: Invitation.objects.filter(pk=inv.pk).update(revoked_at=timezone.now()), "ingetrokken"),
        (lambda inv: Cohort.objects.filter(pk=inv.enrollment.cohort_id).update(status="finished"), "afgerond"),
    ],
)
def test_unusable_invitations_change_nothing(cohort, setup, message):
    _enrollment, invitation = start(cohort, UserFactory())
    setup(invitation)
    bas = UserFactory()
    with pytest.raises(ValidationError, match=message):
        services.invitation_accept(token=invitation.token, user=bas, scores_and_style=True, module_progress=True)
    assert not Couple.objects.exists()
    assert not CohortMember.objects.filter(user=bas).exists()
    assert not Consent.objects.filter(user=bas).exists()


def test_unknown_token_is_refused(cohort):
    with pytest.raises(ValidationError, match="bestaat niet"):
        services.invitation_accept(token="verzonnen", user=UserFactory(), scores_and_style=True, module_progress=True)


def test_inviter_cannot_accept_own_invitation(cohort):
    anouk = UserFactory()
    _enrollment, invitation = start(cohort, anouk)
    with pytest.raises(ValidationError, match="eigen uitnodiging"):
        services.invitation_accept(token=invitation.token, user=anouk, scores_and_style=True, module_progress=True)
    assert not Couple.objects.exists()


def test_someone_already_in_the_cohort_cannot_accept(cohort, enrolled):
    couple = enrolled(cohort)
    _enrollment, invitation = start(cohort, UserFactory())
    with pytest.raises(ValidationError, match="al ingeschreven"):
        services.invitation_accept(
            token=invitation.token, user=couple.partner_a, scores_and_style=True, module_progress=True
        )
    assert Couple.objects.count() == 1


def test_resend_invalidates_the_old_link_and_revoke_invalidates_the_new(cohort, django_capture_on_commit_callbacks):
    anouk = UserFactory()
    enrollment, first = start(cohort, anouk)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitation_send(enrollment=enrollment, inviter=anouk, email="nieuw@example.com")
    assert mail.outbox[-1].to == ["nieuw@example.com"]
    assert services.invitation_problem(invitation=selectors.invitation_by_token(token=first.token)) is not None
    assert services.invitation_problem(invitation=selectors.invitation_by_token(token=second.token)) is None
    assert services.invitation_revoke(enrollment=enrollment, by=anouk) == 1
    with pytest.raises(ValidationError, match="ingetrokken"):
        services.invitation_accept(token=second.token, user=UserFactory(), scores_and_style=True, module_progress=True)


def test_only_the_starter_can_resend_or_revoke(cohort):
    enrollment, _invitation = start(cohort, UserFactory())
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        services.invitation_send(enrollment=enrollment, inviter=stranger, email="x@example.com")
    with pytest.raises(ValidationError):
        services.invitation_revoke(enrollment=enrollment, by=stranger)


def test_one_couple_per_person_per_cohort(cohort):
    anouk = UserFactory()
    start(cohort, anouk)
    with pytest.raises(ValidationError, match="al ingeschreven"):
        start(cohort, anouk, email="ander@example.com")
    assert Enrollment.objects.count() == 1


def test_inviting_yourself_is_refused(cohort):
    anouk = UserFactory(email="anouk@example.com")
    with pytest.raises(ValidationError, match="niet dat van jezelf"):
        start(cohort, anouk, email="ANOUK@example.com")
    assert not Enrollment.objects.exists()


def test_full_cohort_refuses_until_the_coach_raises_capacity(make_cohort, coach):
    cohort = make_cohort(coach=coach, capacity=1)
    start(cohort, UserFactory())
    late = UserFactory()
    with pytest.raises(ValidationError, match="vol"):
        start(cohort, late)
    assert not CohortMember.objects.filter(user=late).exists()
    services.cohort_update(
        cohort=cohort,
        title=cohort.title,
        starts_on=cohort.starts_on,
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=2,
        status=cohort.status,
    )
    start(cohort, late)
    assert cohort.enrollments.count() == 2


def test_capacity_cannot_drop_below_enrolled_couples(cohort):
    start(cohort, UserFactory())
    start(cohort, UserFactory())
    with pytest.raises(ValidationError):
        services.cohort_update(
            cohort=cohort,
            title="x",
            starts_on=cohort.starts_on,
            cadence_days=7,
            timezone_name="Europe/Amsterdam",
            capacity=1,
            status=cohort.status,
        )
    cohort.refresh_from_db()
    assert cohort.capacity == 10 and cohort.title == "Voorjaarsgroep"


@pytest.mark.parametrize(
    ("status", "message"),
    [("finished", "afgerond"), ("draft", "nog niet open"), ("running", "gesloten")],
)
def test_enrolment_only_while_open(make_cohort, coach, status, message):
    cohort = make_cohort(coach=coach, status=status)
    with pytest.raises(ValidationError, match=message):
        start(cohort, UserFactory())
    assert not Enrollment.objects.exists()


def test_coach_cannot_enrol_as_participant(cohort, coach):
    with pytest.raises(ValidationError, match="coach"):
        start(cohort, coach)


def test_consent_history_is_kept_and_latest_is_in_force(cohort, enrolled):
    couple = enrolled(cohort, shares=(True, True))
    services.consent_record(cohort=cohort, user=couple.partner_a, scores_and_style=False, module_progress=False)
    rows = Consent.objects.filter(cohort=cohort, user=couple.partner_a).order_by("recorded_at", "pk")
    assert [r.scores_and_style for r in rows] == [True, True, False]
    assert all(r.version == "2026-1" and r.recorded_at for r in rows)
    assert selectors.consent_current(cohort=cohort, user=couple.partner_a).scores_and_style is False


def test_consent_for_a_cohort_you_are_not_in_is_refused(cohort):
    with pytest.raises(ValidationError):
        services.consent_record(cohort=cohort, user=UserFactory(), scores_and_style=True, module_progress=True)


def test_regenerated_code_replaces_the_old_one(cohort):
    old = cohort.enrolment_code
    services.cohort_regenerate_code(cohort=cohort)
    assert selectors.cohort_by_code(code=old) is None
    assert selectors.cohort_by_code(code=cohort.enrolment_code) == cohort
