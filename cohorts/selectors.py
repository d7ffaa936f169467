"""Reads on couples, cohorts, enrolment and consent, including the coach's dashboard matrix."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from assessments.models import AssessmentResponse, Style
from assessments.selectors import AssessmentStatus, assessment_status_for_users
from workshops.pacing import Extension, ModuleSlot, Pause, Plan, Scope, module_availability

from .models import (
    Cohort,
    CohortMember,
    Consent,
    Couple,
    Enrollment,
    Invitation,
    ModuleEarlyOpening,
    ScheduleExtension,
    SchedulePause,
)
from .progress import ProgressColumn, progress_providers
from .services import token_hash


def couple_current_for_user(*, user) -> Couple | None:
    """The person's most recently formed couple, or None."""
    if not user.is_authenticated:
        return None
    return (
        Couple.objects.select_related("partner_a", "partner_b")
        .filter(Q(partner_a=user) | Q(partner_b=user))
        .order_by("-created_at", "-pk")
        .first()
    )


# --- Cohorts --------------------------------------------------------------------------


def cohort_qs_for_coach(*, user) -> QuerySet[Cohort]:
    """Only the cohorts this person runs; every coach page looks its cohort up through this."""
    if not (user.is_authenticated and user.is_coach):
        return Cohort.objects.none()
    return Cohort.objects.filter(coaches=user).select_related("training")


def cohort_list_for_coach(*, user) -> list[Cohort]:
    return list(
        cohort_qs_for_coach(user=user).annotate(
            couple_count=Count("enrollments", filter=Q(enrollments__couple__isnull=False), distinct=True),
            pending_count=Count("enrollments", filter=Q(enrollments__couple__isnull=True), distinct=True),
        )
    )


def cohort_by_code(*, code: str) -> Cohort | None:
    return Cohort.objects.select_related("training").filter(enrolment_code=code).first()


def cohort_taken_places(*, cohort: Cohort) -> int:
    return cohort.enrollments.count()


def membership_for_user(*, user, cohort: Cohort | None = None) -> CohortMember | None:
    """The person's place in `cohort`, or their most recent one."""
    if not user.is_authenticated:
        return None
    qs = CohortMember.objects.filter(user=user).select_related(
        "cohort__training",
        "enrollment__couple__partner_a",
        "enrollment__couple__partner_b",
        "enrollment__enrolled_by",
    )
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    return qs.order_by("-joined_at", "-pk").first()


def enrollment_for_starter(*, user, enrollment_id: int) -> Enrollment | None:
    """An enrolment only its first partner may manage invitations of."""
    return Enrollment.objects.select_related("cohort").filter(pk=enrollment_id, enrolled_by=user).first()


def invitation_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("enrollment__cohort__training", "inviter")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_latest(*, enrollment: Enrollment) -> Invitation | None:
    return enrollment.invitations.order_by("-created_at", "-pk").first()


def consent_current(*, cohort: Cohort, user) -> Consent | None:
    return Consent.objects.filter(cohort=cohort, user=user).order_by("-recorded_at", "-pk").first()


def consents_current_for_cohort(*, cohort: Cohort) -> dict[int, Consent]:
    """The consent in force per user of the cohort, in one query."""
    latest: dict[int, Consent] = {}
    for consent in Consent.objects.filter(cohort=cohort).order_by("user_id", "-recorded_at", "-pk"):
        latest.setdefault(consent.user_id, consent)
    return latest


def last_activity_for_users(*, users) -> dict[int, datetime | None]:
    """Latest sign of life per user: last login or latest assessment activity (one query).

    The module issue can widen this with module activity; keep it one query per source.
    """
    activity: dict[int, datetime | None] = {u.pk: u.last_login for u in users}
    rows = (
        AssessmentResponse.objects.filter(user_id__in=list(activity))
        .values("user_id")
        .annotate(latest=Max("updated_at"))
        .order_by()
    )
    for row in rows:
        current = activity.get(row["user_id"])
        if current is None or row["latest"] > current:
            activity[row["user_id"]] = row["latest"]
    return activity


# --- The coach's dashboard ------------------------------------------------------------------


@dataclass
class PartnerCell:
    user: object | None  # None: invited, not yet joined
    invited_email: str = ""
    invitation_status: str = ""
    started: bool = False
    finished: bool = False
    shares_scores: bool = False
    shares_progress: bool = False
    style: str = ""  # only filled when this partner shares scores
    progress: list[str] = field(default_factory=list)  # one value per progress column, when shared
    last_activity: datetime | None = None

    @property
    def style_label(self) -> str:
        return Style(self.style).label if self.style else ""


@dataclass
class DashboardRow:
    number: int
    enrollment: Enrollment
    partners: list[PartnerCell]
    last_activity: datetime | None
    is_stuck: bool
    # Per progress column, one value per partner; None where that partner does not share it.
    progress_by_column: list[list[str | None]] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return self.enrollment.is_complete

    @property
    def pairing_shared(self) -> bool:
        """The pairing shows only when both partners share their scores and both finished."""
        return all(p.user is not None and p.shares_scores and p.finished for p in self.partners)

    @property
    def not_sharing(self) -> list[PartnerCell]:
        return [p for p in self.partners if p.user is not None and not p.shares_scores]


@dataclass
class Dashboard:
    cohort: Cohort
    rows: list[DashboardRow]
    progress_columns: list[ProgressColumn]
    stuck_days: int | None
    total: int


def cohort_dashboard(*, cohort: Cohort, stuck_days: int | None = None, now: datetime | None = None) -> Dashboard:
    """Every couple of the cohort with what its partners allow the coach to see.

    A fixed number of queries whatever the cohort's size: enrolments (+ partners), invitations,
    consents, assessment status (two), activity (one), plus each progress provider's own.
    """
    now = now or timezone.now()
    enrollments = list(
        cohort.enrollments.select_related("enrolled_by", "couple__partner_a", "couple__partner_b")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at", "-pk")))
        .order_by("created_at", "pk")
    )
    users = []
    for enrollment in enrollments:
        users.extend(enrollment.couple.partners if enrollment.couple else [enrollment.enrolled_by])
    user_ids = [u.pk for u in users]
    consents = consents_current_for_cohort(cohort=cohort)
    statuses = assessment_status_for_users(user_ids=user_ids) if user_ids else {}
    activity = last_activity_for_users(users=users) if users else {}

    columns: list[ProgressColumn] = []
    progress_values: dict[tuple[int, str], str] = {}
    for provider in progress_providers():
        columns.extend(provider.columns(cohort=cohort))
        progress_values.update(provider.values(cohort=cohort, user_ids=user_ids))

    def cell_for(user) -> PartnerCell:
        consent = consents.get(user.pk)
        status = statuses.get(user.pk) or AssessmentStatus(user_id=user.pk, started=False, finished=False)
        shares_scores = bool(consent and consent.scores_and_style)
        shares_progress = bool(consent and consent.module_progress)
        return PartnerCell(
            user=user,
            started=status.started,
            finished=status.finished,
            shares_scores=shares_scores,
            shares_progress=shares_progress,
            style=status.style if shares_scores else "",
            progress=[progress_values.get((user.pk, c.key), "") for c in columns] if shares_progress else [],
            last_activity=activity.get(user.pk),
        )

    cutoff = now - timedelta(days=stuck_days) if stuck_days else None
    rows = []
    for number, enrollment in enumerate(enrollments, start=1):
        if enrollment.couple:
            partners = [cell_for(enrollment.couple.partner_a), cell_for(enrollment.couple.partner_b)]
        else:
            invitations = list(enrollment.invitations.all())
            latest = invitations[0] if invitations else None
            partners = [
                cell_for(enrollment.enrolled_by),
                PartnerCell(
                    user=None,
                    invited_email=latest.email if latest else "",
                    invitation_status=latest.status(now) if latest else "",
                ),
            ]
        moments = [p.last_activity for p in partners if p.last_activity]
        last = max(moments) if moments else None
        stuck = False
        if cutoff is not None:
            never_started = any(p.user is None or not p.started for p in partners)
            stuck = never_started or last is None or last < cutoff
        progress_by_column = [
            [(p.progress[i] if p.shares_progress else None) if p.user else "" for p in partners]
            for i in range(len(columns))
        ]
        rows.append(
            DashboardRow(
                number=number,
                enrollment=enrollment,
                partners=partners,
                last_activity=last,
                is_stuck=stuck,
                progress_by_column=progress_by_column,
            )
        )
    total = len(rows)
    if cutoff is not None:
        rows = [row for row in rows if row.is_stuck]
    return Dashboard(cohort=cohort, rows=rows, progress_columns=columns, stuck_days=stuck_days, total=total)


# --- Participant home -----------------------------------------------------------------------


@dataclass
class ParticipantHome:
    membership: CohortMember | None
    cohort: Cohort | None = None
    enrollment: Enrollment | None = None
    partner: object | None = None
    is_starter: bool = False
    invitation: Invitation | None = None
    invitation_status: str = ""
    my_status: AssessmentStatus | None = None
    partner_status: AssessmentStatus | None = None
    consent: Consent | None = None
    next_step: str = ""
    upcoming_sessions: list = field(default_factory=list)
    places_left: int = 0


def participant_home(*, user, now: datetime | None = None) -> ParticipantHome:
    """My cohort, my partner's status and the one next thing to do."""
    now = now or timezone.now()
    membership = membership_for_user(user=user)
    if membership is None:
        return ParticipantHome(membership=None, next_step="enrol")
    cohort = membership.cohort
    enrollment = membership.enrollment
    couple = enrollment.couple
    partner = couple.partner_of(user) if couple else None
    home = ParticipantHome(
        membership=membership,
        cohort=cohort,
        enrollment=enrollment,
        partner=partner,
        is_starter=enrollment.enrolled_by_id == user.pk,
        consent=consent_current(cohort=cohort, user=user),
        upcoming_sessions=list(cohort.session_dates.filter(starts_at__gte=now)[:3]),
    )
    statuses = assessment_status_for_users(user_ids=[user.pk] + ([partner.pk] if partner else []))
    home.my_status = statuses[user.pk]
    home.partner_status = statuses.get(partner.pk) if partner else None
    if partner is None:
        home.invitation = invitation_latest(enrollment=enrollment)
        home.invitation_status = home.invitation.status(now) if home.invitation else ""
        home.next_step = "wait_invitation" if home.invitation_status == Invitation.Status.PENDING else "invite"
    elif not home.my_status.finished:
        home.next_step = "assessment"
    elif not home.partner_status.finished:
        home.next_step = "wait_partner_assessment"
    elif timezone.localdate(now) < cohort.starts_on:
        home.next_step = "wait_start"
    else:
        home.next_step = "training"
    return home


# --- Pacing ------------------------------------------------------------------------------------


def _pause_of(row: SchedulePause) -> Pause:
    return Pause(
        started_at=row.started_at,
        ended_at=row.ended_at,
        scope=Scope.COUPLE if row.enrollment_id else Scope.COHORT,
    )


def pacing_plan(*, cohort: Cohort, enrollment: Enrollment | None = None) -> Plan:
    """The cohort's schedule and the coach's controls as input for workshops.pacing: the cohort's
    own, plus this couple's pauses and extensions when an enrolment is given. Three queries."""
    pauses = SchedulePause.objects.filter(cohort=cohort)
    if enrollment is None:
        pauses = pauses.filter(enrollment__isnull=True)
        extensions = []
    else:
        pauses = pauses.filter(Q(enrollment__isnull=True) | Q(enrollment=enrollment))
        extensions = [
            Extension(granted_at=e.granted_at, days=e.days)
            for e in ScheduleExtension.objects.filter(enrollment=enrollment)
        ]
    return Plan(
        starts_on=cohort.starts_on,
        cadence_days=cohort.cadence_days,
        timezone=cohort.timezone,
        pauses=[_pause_of(p) for p in pauses],
        extensions=extensions,
        opened_early=frozenset(ModuleEarlyOpening.objects.filter(cohort=cohort).values_list("module_id", flat=True)),
        require_both_finished=cohort.require_both_finished,
    )


def cohort_pause_current(*, cohort: Cohort) -> SchedulePause | None:
    return SchedulePause.objects.filter(cohort=cohort, enrollment__isnull=True, ended_at__isnull=True).first()


@dataclass
class CouplePacing:
    enrollment: Enrollment
    extra_days: int  # granted in extensions, in all
    pause: SchedulePause | None  # this couple's own pause, if on
    next_module: object | None  # the first module not open for them (calendar only)
    next_availability: object | None


@dataclass
class PacingOverview:
    cohort: Cohort
    pause: SchedulePause | None
    modules: list  # (module, Availability for the cohort as a whole)
    couples: list[CouplePacing]


def cohort_pacing_overview(*, cohort: Cohort, now: datetime | None = None) -> PacingOverview:
    """The schedule as the coach sees it: each module for the cohort as a whole, and per couple
    their own pauses, extra time and next opening. Five queries whatever the cohort's size.

    Per couple this is the calendar only; the both-finished rule depends on reading progress
    that only the couple's own pages weigh.
    """
    from workshops.models import Module

    now = now or timezone.now()
    modules = list(Module.objects.filter(training_id=cohort.training_id).order_by("number"))
    slots = [ModuleSlot(key=m.pk, unlock_offset=m.unlock_offset) for m in modules]
    all_pauses = list(SchedulePause.objects.filter(cohort=cohort))
    cohort_pauses = [p for p in all_pauses if p.enrollment_id is None]
    extensions: dict[int, list[ScheduleExtension]] = {}
    for extension in ScheduleExtension.objects.filter(enrollment__cohort=cohort):
        extensions.setdefault(extension.enrollment_id, []).append(extension)
    early = frozenset(ModuleEarlyOpening.objects.filter(cohort=cohort).values_list("module_id", flat=True))
    base = Plan(
        starts_on=cohort.starts_on,
        cadence_days=cohort.cadence_days,
        timezone=cohort.timezone,
        pauses=[_pause_of(p) for p in cohort_pauses],
        opened_early=early,
    )
    cohort_view = module_availability(modules=slots, plan=base, now=now)
    enrollments = list(
        cohort.enrollments.filter(couple__isnull=False)
        .select_related("couple__partner_a", "couple__partner_b")
        .order_by("created_at", "pk")
    )
    couples = []
    for enrollment in enrollments:
        own_pauses = [p for p in all_pauses if p.enrollment_id == enrollment.pk]
        own_extensions = extensions.get(enrollment.pk, [])
        plan = Plan(
            starts_on=base.starts_on,
            cadence_days=base.cadence_days,
            timezone=base.timezone,
            pauses=[_pause_of(p) for p in cohort_pauses + own_pauses],
            extensions=[Extension(granted_at=e.granted_at, days=e.days) for e in own_extensions],
            opened_early=early,
        )
        availability = module_availability(modules=slots, plan=plan, now=now)
        upcoming = next(((m, a) for m, a in zip(modules, availability, strict=True) if not a.is_open), (None, None))
        couples.append(
            CouplePacing(
                enrollment=enrollment,
                extra_days=sum(e.days for e in own_extensions),
                pause=next((p for p in own_pauses if p.ended_at is None), None),
                next_module=upcoming[0],
                next_availability=upcoming[1],
            )
        )
    return PacingOverview(
        cohort=cohort,
        pause=next((p for p in cohort_pauses if p.ended_at is None), None),
        modules=list(zip(modules, cohort_view, strict=True)),
        couples=couples,
    )
