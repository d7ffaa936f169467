"""Cohorts (runs of a training), couples, enrolment with invitations, and consent."""

from functools import lru_cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bump when the consent wording changes; older rows keep the version the person agreed to.
CONSENT_VERSION = "2026-1"


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_timezone(value: str) -> None:
    if value not in timezone_names():
        raise ValidationError(_("Onbekende tijdzone: gebruik bijvoorbeeld Europe/Amsterdam."))


class Couple(models.Model):
    """Two people doing the training together. partner_a invited, partner_b accepted."""

    partner_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_as_a", verbose_name=_("partner 1")
    )
    partner_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couples_as_b", verbose_name=_("partner 2")
    )
    created_at = models.DateTimeField(_("gevormd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("stel")
        verbose_name_plural = _("stellen")
        constraints = [
            models.CheckConstraint(condition=~Q(partner_a=F("partner_b")), name="cohorts_couple_distinct_partners"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_a} & {self.partner_b}"

    @property
    def partners(self) -> tuple:
        return (self.partner_a, self.partner_b)

    def has_member(self, user) -> bool:
        return user.pk in (self.partner_a_id, self.partner_b_id)

    def partner_of(self, user):
        """The other partner; precondition: `user` is a member."""
        return self.partner_b if user.pk == self.partner_a_id else self.partner_a


class Cohort(models.Model):
    """One run of a training, led by one or more coaches."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        OPEN = "open", _("open voor inschrijving")
        RUNNING = "running", _("loopt")
        FINISHED = "finished", _("afgerond")

    training = models.ForeignKey(
        "workshops.Training", on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("training")
    )
    title = models.CharField(_("naam"), max_length=120)
    starts_on = models.DateField(_("startdatum"))
    cadence_days = models.PositiveSmallIntegerField(
        _("dagen tussen modules"), default=7, help_text=_("Na hoeveel dagen de volgende module opengaat.")
    )
    timezone = models.CharField(
        _("tijdzone"), max_length=64, default="Europe/Amsterdam", validators=[validate_timezone]
    )
    capacity = models.PositiveSmallIntegerField(_("maximaal aantal stellen"), default=12)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    require_both_finished = models.BooleanField(
        _("pas verder als beide partners klaar zijn"),
        default=False,
        help_text=_(
            "Een module gaat dan pas open als de datum bereikt is én beide partners de vorige module "
            "hebben afgerond (alles gelezen en iets in hun dagboek geschreven)."
        ),
    )
    enrolment_code = models.CharField(_("inschrijfcode"), max_length=64, unique=True)
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coached_cohorts",
        verbose_name=_("coaches"),
        blank=True,
        limit_choices_to={"role": "coach"},
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1) & Q(cadence_days__lte=60), name="cohorts_cadence_range"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=5000), name="cohorts_capacity_range"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "running", "finished"]), name="cohorts_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def accepts_enrolment(self) -> bool:
        return self.status == self.Status.OPEN


class LiveSessionDate(models.Model):
    """A planned live group session of a cohort (the coach paces all couples then)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="session_dates")
    starts_at = models.DateTimeField(_("begint om"))

    class Meta:
        verbose_name = _("live sessie")
        verbose_name_plural = _("live sessies")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "starts_at"], name="cohorts_session_date_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.starts_at:%Y-%m-%d %H:%M}"


class Enrollment(models.Model):
    """A couple's place in a cohort. Pending (couple empty) until the invited partner accepts."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments")
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments_started"
    )
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, null=True, blank=True, related_name="enrollments")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "couple"], condition=Q(couple__isnull=False), name="cohorts_couple_once_per_cohort"
            ),
            models.CheckConstraint(
                condition=Q(couple__isnull=True, completed_at__isnull=True)
                | Q(couple__isnull=False, completed_at__isnull=False),
                name="cohorts_enrollment_complete_has_couple",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.couple or self.enrolled_by}"

    @property
    def is_complete(self) -> bool:
        return self.couple_id is not None


class CohortMember(models.Model):
    """One row per person per cohort: the database itself refuses a second couple for anyone."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="members")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohorts_one_enrollment_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.cohort}"


class Invitation(models.Model):
    """An emailed invitation to become the second partner. Only the token's hash is stored."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="invitations")
    inviter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent")
    email = models.EmailField(_("e-mailadres"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Status(models.TextChoices):
        PENDING = "pending", _("verstuurd")
        ACCEPTED = "accepted", _("geaccepteerd")
        REVOKED = "revoked", _("ingetrokken")
        EXPIRED = "expired", _("verlopen")

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="cohorts_one_live_invitation",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="cohorts_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.enrollment})"

    def status(self, now=None) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.PENDING


class Consent(models.Model):
    """What one partner lets the coaches of one cohort see. Never updated: the newest row is in force."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_consents")
    version = models.CharField(_("versie van de tekst"), max_length=20)
    scores_and_style = models.BooleanField(_("scores en stijl delen"))
    module_progress = models.BooleanField(_("voortgang delen"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "user", "-recorded_at"], name="cohorts_consent_latest")]

    def __str__(self) -> str:
        return f"{self.user} / {self.cohort} v{self.version}"


# --- Pacing: the coach's controls. The schedule itself is derived at read time (workshops/pacing.py).


class SchedulePause(models.Model):
    """The coach paused the whole cohort (no enrolment) or one couple (an enrolment); open while ended_at is empty."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("groep"))
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pauses",
        verbose_name=_("stel"),
        help_text=_("Leeg: de hele groep staat stil."),
    )
    started_at = models.DateTimeField(_("gepauzeerd op"), default=timezone.now)
    ended_at = models.DateTimeField(_("hervat op"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pauze")
        verbose_name_plural = _("pauzes")
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="cohorts_pause_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(ended_at__isnull=True, enrollment__isnull=True),
                name="cohorts_one_open_cohort_pause",
            ),
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(ended_at__isnull=True, enrollment__isnull=False),
                name="cohorts_one_open_couple_pause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} / {self.enrollment_id or '*'}: {self.started_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


EXTENSION_MAX_DAYS = 60


class ScheduleExtension(models.Model):
    """More time for one couple: modules not yet open when granted open `days` later for them."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("stel")
    )
    days = models.PositiveSmallIntegerField(_("extra dagen"))
    granted_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("extra tijd")
        verbose_name_plural = _("extra tijd")
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=EXTENSION_MAX_DAYS), name="cohorts_extension_days_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: +{self.days}"


class ModuleEarlyOpening(models.Model):
    """The coach opened a module for the whole cohort before its date."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="early_openings", verbose_name=_("groep"))
    module = models.ForeignKey(
        "workshops.Module", on_delete=models.CASCADE, related_name="early_openings", verbose_name=_("module")
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("eerder geopende module")
        verbose_name_plural = _("eerder geopende modules")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module"], name="cohorts_module_opened_early_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} / {self.module_id}"
