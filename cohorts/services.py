"""Writes on cohorts, enrolment, invitations and consent. Every error a person sees is a translated message."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    CONSENT_VERSION,
    EXTENSION_MAX_DAYS,
    Cohort,
    CohortMember,
    Consent,
    Couple,
    Enrollment,
    Invitation,
    LiveSessionDate,
    ModuleEarlyOpening,
    ScheduleExtension,
    SchedulePause,
)

INVITATION_VALID_DAYS = 14


def _new_code() -> str:
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def couple_create(*, partner_a, partner_b) -> Couple:
    couple = Couple(partner_a=partner_a, partner_b=partner_b)
    couple.full_clean()
    couple.save()
    return couple


# --- Cohorts (coach side) ----------------------------------------------------------


def _set_session_dates(*, cohort: Cohort, session_dates: list[datetime]) -> None:
    cohort.session_dates.all().delete()
    LiveSessionDate.objects.bulk_create(
        [LiveSessionDate(cohort=cohort, starts_at=moment) for moment in sorted(set(session_dates))]
    )


@transaction.atomic
def cohort_create(
    *,
    coach,
    training,
    title: str,
    starts_on,
    cadence_days: int,
    timezone_name: str,
    capacity: int,
    status: str,
    session_dates: list[datetime] = (),
    require_both_finished: bool = False,
) -> Cohort:
    """A coach opens a new cohort; they run it (staff can add co-coaches in the admin)."""
    if not coach.is_coach:
        raise ValidationError(_("Alleen coaches kunnen een groep aanmaken."))
    cohort = Cohort(
        training=training,
        title=title.strip(),
        starts_on=starts_on,
        cadence_days=cadence_days,
        timezone=timezone_name,
        capacity=capacity,
        status=status,
        require_both_finished=require_both_finished,
        enrolment_code=_new_code(),
    )
    cohort.full_clean()
    cohort.save()
    cohort.coaches.add(coach)
    _set_session_dates(cohort=cohort, session_dates=list(session_dates))
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    title: str,
    starts_on,
    cadence_days: int,
    timezone_name: str,
    capacity: int,
    status: str,
    session_dates: list[datetime] = (),
    require_both_finished: bool | None = None,
) -> Cohort:
    """Change the cohort's settings; `require_both_finished=None` leaves that rule as it is."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    taken = cohort.enrollments.count()
    if capacity < taken:
        raise ValidationError(
            {
                "capacity": _("Er zijn al %(count)s stellen ingeschreven; de capaciteit kan niet lager.")
                % {"count": taken}
            }
        )
    cohort.title = title.strip()
    cohort.starts_on = starts_on
    cohort.cadence_days = cadence_days
    cohort.timezone = timezone_name
    cohort.capacity = capacity
    cohort.status = status
    if require_both_finished is not None:
        cohort.require_both_finished = require_both_finished
    cohort.full_clean()
    cohort.save()
    _set_session_dates(cohort=cohort, session_dates=list(session_dates))
    return cohort


@transaction.atomic
def cohort_regenerate_code(*, cohort: Cohort) -> Cohort:
    """The old enrolment link stops working at once; pending invitations are unaffected."""
    cohort.enrolment_code = _new_code()
    cohort.save(update_fields=["enrolment_code"])
    return cohort


# --- Consent -----------------------------------------------------------------------------


def consent_record(*, cohort: Cohort, user, scores_and_style: bool, module_progress: bool) -> Consent:
    """Add a row; history is kept and the newest row is the one in force."""
    if not CohortMember.objects.filter(cohort=cohort, user=user).exists():
        raise ValidationError(_("Je doet niet mee aan deze groep."))
    return Consent.objects.create(
        cohort=cohort,
        user=user,
        version=CONSENT_VERSION,
        scores_and_style=bool(scores_and_style),
        module_progress=bool(module_progress),
    )


# --- Enrolment ---------------------------------------------------------------------------


def enrolment_closed_reason(*, cohort: Cohort) -> str | None:
    """Why nobody can enrol in this cohort now, or None while it is open."""
    if cohort.status == Cohort.Status.FINISHED:
        return _("Deze groep is afgerond; inschrijven kan niet meer.")
    if cohort.status == Cohort.Status.DRAFT:
        return _("Deze groep is nog niet open voor inschrijving.")
    if cohort.status != Cohort.Status.OPEN:
        return _("De inschrijving voor deze groep is gesloten. Vraag je coach wat er nog kan.")
    return None


def _check_participant(user) -> None:
    if user.is_coach or user.is_staff:
        raise ValidationError(_("Met een coach- of beheerdersaccount kun je je niet als deelnemer inschrijven."))


@transaction.atomic
def enrollment_start(
    *, cohort: Cohort, user, partner_email: str, scores_and_style: bool, module_progress: bool
) -> tuple[Enrollment, Invitation]:
    """The first partner enrols, gives consent and invites the second partner by email."""
    _check_participant(user)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    closed = enrolment_closed_reason(cohort=cohort)
    if closed:
        raise ValidationError(closed)
    if CohortMember.objects.filter(cohort=cohort, user=user).exists():
        raise ValidationError(_("Je bent al ingeschreven voor deze groep."))
    partner_email = partner_email.strip()
    if partner_email.lower() == user.email.lower():
        raise ValidationError(_("Vul het e-mailadres van je partner in, niet dat van jezelf."))
    if cohort.enrollments.count() >= cohort.capacity:
        raise ValidationError(_("Deze groep is vol. Vraag je coach of er nog een plek bij kan."))
    enrollment = Enrollment.objects.create(cohort=cohort, enrolled_by=user)
    CohortMember.objects.create(cohort=cohort, user=user, enrollment=enrollment)
    consent_record(cohort=cohort, user=user, scores_and_style=scores_and_style, module_progress=module_progress)
    invitation = invitation_send(enrollment=enrollment, inviter=user, email=partner_email)
    return enrollment, invitation


@transaction.atomic
def enrollment_add_couple(
    *, cohort: Cohort, couple: Couple, scores_and_style: bool = True, module_progress: bool = True
) -> Enrollment:
    """Enrol an existing couple directly (demo data and staff tooling), capacity permitting."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.enrollments.count() >= cohort.capacity:
        raise ValidationError(_("Deze groep is vol. Vraag je coach of er nog een plek bij kan."))
    now = timezone.now()
    enrollment = Enrollment.objects.create(cohort=cohort, enrolled_by=couple.partner_a, couple=couple, completed_at=now)
    try:
        with transaction.atomic():
            for partner in couple.partners:
                CohortMember.objects.create(cohort=cohort, user=partner, enrollment=enrollment)
    except IntegrityError as exc:
        raise ValidationError(_("Een van beiden is al ingeschreven in deze groep.")) from exc
    for partner in couple.partners:
        consent_record(cohort=cohort, user=partner, scores_and_style=scores_and_style, module_progress=module_progress)
    return enrollment


# --- Invitations -------------------------------------------------------------------------


def _send_invitation_email(*, invitation: Invitation, token: str) -> None:
    from accounts.models import User
    from accounts.tasks import send_email_message

    invitee = User.objects.filter(email__iexact=invitation.email).only("preferred_language").first()
    language = invitee.preferred_language if invitee else invitation.inviter.preferred_language
    cohort = invitation.enrollment.cohort
    link = settings.SITE_URL.rstrip("/") + reverse("cohorts:invitation", kwargs={"token": token})
    with translation.override(language):
        context = {
            "inviter": invitation.inviter,
            "cohort": cohort,
            "training_title": cohort.training.title_en if language == "en" else cohort.training.title_nl,
            "link": link,
            "expires_at": invitation.expires_at,
            "valid_days": INVITATION_VALID_DAYS,
        }
        subject = " ".join(render_to_string("cohorts/email/invitation_subject.txt", context).split())
        body = render_to_string("cohorts/email/invitation_body.txt", context)
    payload = {
        "subject": subject,
        "body": body,
        "html": None,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [invitation.email],
    }
    transaction.on_commit(lambda: send_email_message.delay(**payload))


@transaction.atomic
def invitation_send(*, enrollment: Enrollment, inviter, email: str) -> Invitation:
    """(Re)send: any invitation still open is revoked, so only the newest link works.

    The raw token exists only in the email; `invitation.token` carries it for the caller's tests.
    """
    enrollment = Enrollment.objects.select_for_update().select_related("cohort__training").get(pk=enrollment.pk)
    if enrollment.enrolled_by_id != inviter.pk:
        raise ValidationError(_("Alleen wie de inschrijving begon, kan de partner uitnodigen."))
    if enrollment.is_complete:
        raise ValidationError(_("Jullie zijn al samen ingeschreven; een uitnodiging is niet meer nodig."))
    if enrollment.cohort.status == Cohort.Status.FINISHED:
        raise ValidationError(_("Deze groep is afgerond; inschrijven kan niet meer."))
    email = (email or "").strip()
    if email.lower() == inviter.email.lower():
        raise ValidationError(_("Vul het e-mailadres van je partner in, niet dat van jezelf."))
    probe = Invitation(email=email)
    try:
        probe.clean_fields(exclude=["enrollment", "inviter", "token_hash", "expires_at"])
    except ValidationError as exc:
        raise ValidationError(_("Vul een geldig e-mailadres in.")) from exc
    now = timezone.now()
    enrollment.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        enrollment=enrollment,
        inviter=inviter,
        email=email,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.enrollment = enrollment
    _send_invitation_email(invitation=invitation, token=token)
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_revoke(*, enrollment: Enrollment, by) -> int:
    """Withdraw the open invitation; returns how many were revoked (0 if none was open)."""
    if enrollment.enrolled_by_id != by.pk:
        raise ValidationError(_("Alleen wie de inschrijving begon, kan de uitnodiging intrekken."))
    return enrollment.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_problem(*, invitation: Invitation | None, user=None, now=None) -> str | None:
    """Why this invitation cannot be accepted (by `user`), or None when it can."""
    if invitation is None:
        return _("Deze uitnodiging bestaat niet. Controleer de link of vraag je partner om een nieuwe.")
    state = invitation.status(now)
    if state == Invitation.Status.ACCEPTED:
        return _("Deze uitnodiging is al gebruikt. Een uitnodiging werkt maar één keer.")
    if state == Invitation.Status.REVOKED:
        return _("Deze uitnodiging is ingetrokken. Vraag je partner om je opnieuw uit te nodigen.")
    if state == Invitation.Status.EXPIRED:
        return _("Deze uitnodiging is verlopen. Vraag je partner om je opnieuw uit te nodigen.")
    if invitation.enrollment.cohort.status == Cohort.Status.FINISHED:
        return _("Deze groep is afgerond; inschrijven kan niet meer.")
    if user is not None and user.is_authenticated:
        if user.pk == invitation.inviter_id:
            return _("Dit is je eigen uitnodiging. Stuur de link naar je partner; die accepteert hem zelf.")
        if user.is_coach or user.is_staff:
            return _("Met een coach- of beheerdersaccount kun je je niet als deelnemer inschrijven.")
        if CohortMember.objects.filter(cohort_id=invitation.enrollment.cohort_id, user=user).exists():
            return _("Je bent al ingeschreven in deze groep en kunt daar geen tweede stel vormen.")
    return None


@transaction.atomic
def invitation_accept(*, token: str, user, scores_and_style: bool, module_progress: bool) -> Enrollment:
    """The invited partner accepts: the couple is formed and the enrolment completed."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("enrollment__cohort", "inviter")
        .filter(token_hash=token_hash(token))
        .first()
    )
    problem = invitation_problem(invitation=invitation, user=user)
    if problem:
        raise ValidationError(problem)
    enrollment = invitation.enrollment
    couple = couple_create(partner_a=invitation.inviter, partner_b=user)
    now = timezone.now()
    enrollment.couple = couple
    enrollment.completed_at = now
    enrollment.save(update_fields=["couple", "completed_at"])
    try:
        with transaction.atomic():
            CohortMember.objects.create(cohort=enrollment.cohort, user=user, enrollment=enrollment)
    except IntegrityError as exc:
        raise ValidationError(_("Je bent al ingeschreven in deze groep en kunt daar geen tweede stel vormen.")) from exc
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    consent_record(
        cohort=enrollment.cohort, user=user, scores_and_style=scores_and_style, module_progress=module_progress
    )
    return enrollment


# --- Pacing (coach controls) -------------------------------------------------------------
# Callers check that `by` runs the cohort (cohort_qs_for_coach); these only keep the rows consistent.


@transaction.atomic
def cohort_pause(*, cohort: Cohort, by) -> SchedulePause:
    """Hold the schedule: modules that are not open now stay closed until the coach resumes."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    if SchedulePause.objects.filter(cohort=cohort, enrollment__isnull=True, ended_at__isnull=True).exists():
        raise ValidationError(_("De groep staat al op pauze."))
    return SchedulePause.objects.create(cohort=cohort, started_by=by, started_at=timezone.now())


@transaction.atomic
def cohort_resume(*, cohort: Cohort, by) -> SchedulePause:
    """End the pause; the modules it held move by the number of days it lasted."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    pause = SchedulePause.objects.filter(cohort=cohort, enrollment__isnull=True, ended_at__isnull=True).first()
    if pause is None:
        raise ValidationError(_("De groep staat niet op pauze."))
    pause.ended_at = max(timezone.now(), pause.started_at)
    pause.save(update_fields=["ended_at"])
    return pause


def _couple_enrollment(enrollment: Enrollment) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.is_complete:
        raise ValidationError(_("Dit stel is nog niet compleet ingeschreven."))
    return enrollment


@transaction.atomic
def enrollment_pause(*, enrollment: Enrollment, by) -> SchedulePause:
    """Hold the schedule for one couple only."""
    enrollment = _couple_enrollment(enrollment)
    if SchedulePause.objects.filter(enrollment=enrollment, ended_at__isnull=True).exists():
        raise ValidationError(_("Dit stel staat al op pauze."))
    return SchedulePause.objects.create(
        cohort_id=enrollment.cohort_id, enrollment=enrollment, started_by=by, started_at=timezone.now()
    )


@transaction.atomic
def enrollment_resume(*, enrollment: Enrollment, by) -> SchedulePause:
    enrollment = _couple_enrollment(enrollment)
    pause = SchedulePause.objects.filter(enrollment=enrollment, ended_at__isnull=True).first()
    if pause is None:
        raise ValidationError(_("Dit stel staat niet op pauze."))
    pause.ended_at = max(timezone.now(), pause.started_at)
    pause.save(update_fields=["ended_at"])
    return pause


@transaction.atomic
def enrollment_extend(*, enrollment: Enrollment, days: int, by) -> ScheduleExtension:
    """Give one couple `days` more: their modules that are not open yet open that much later."""
    enrollment = _couple_enrollment(enrollment)
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_DAYS:
        raise ValidationError(_("Kies tussen 1 en %(max)s dagen extra tijd.") % {"max": EXTENSION_MAX_DAYS})
    extension = ScheduleExtension(enrollment=enrollment, days=days, granted_by=by, granted_at=timezone.now())
    extension.full_clean()
    extension.save()
    return extension


@transaction.atomic
def module_open_early(*, cohort: Cohort, module, by) -> ModuleEarlyOpening:
    """Open a module for every couple of the cohort now, before its date (and despite a pause)."""
    if module.training_id != cohort.training_id:
        raise ValidationError(_("Deze module hoort niet bij de training van deze groep."))
    opening, created = ModuleEarlyOpening.objects.get_or_create(
        cohort=cohort, module=module, defaults={"opened_by": by, "opened_at": timezone.now()}
    )
    if not created:
        raise ValidationError(_("Deze module is al eerder voor iedereen geopend."))
    return opening
