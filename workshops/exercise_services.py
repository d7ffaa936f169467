"""Writes for the live shared exercises: couple runs and coach-led live sessions.

Kept apart from workshops/services.py (content, journal, progress) because this is the hot
path of the sockets. Every change: lock the run row, validate through the engine, bump the
sequence number, record the client's message id, commit, then broadcast (realtime.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, CohortMember, Couple

from . import engine, realtime
from .exercise_library import exercise_definition
from .exercises import EXERCISE_KEYS
from .models import ExerciseRun, ExerciseRunEvent, LiveSession, Module

ANNOUNCEMENT_MAX = 280
TIMER_MAX_MINUTES = 120


@dataclass(frozen=True)
class ApplyResult:
    run: ExerciseRun
    duplicate: bool


def _couple_in_cohort_of_module(*, user, module: Module) -> Couple:
    member = (
        CohortMember.objects.select_related("enrollment__couple", "cohort")
        .filter(user=user, cohort__training_id=module.training_id, enrollment__couple__isnull=False)
        .order_by("-joined_at", "-pk")
        .first()
    )
    if member is None:
        raise PermissionDenied(_("Je volgt deze training niet samen met een partner."))
    return member.enrollment.couple


def _limit(run: ExerciseRun) -> int | None:
    session = run.live_session
    if session is None:
        return None
    return session.step_index


def _engine_limits(run: ExerciseRun) -> engine.Limits:
    return engine.Limits(max_step_index=_limit(run))


def _sync_status(run: ExerciseRun, now) -> None:
    run.status = run.state["status"]
    if run.status == ExerciseRun.Status.DONE and run.finished_at is None:
        run.finished_at = now


def exercise_run_start_or_join(*, user, module: Module) -> ExerciseRun:
    """The couple's open run of this module's exercise, started if there is none.
    Precondition: the caller checked that the module is open for this user."""
    couple = _couple_in_cohort_of_module(user=user, module=module)
    definition = exercise_definition(module.exercise_key)
    with transaction.atomic():
        # Lock the couple row so two partners pressing "start" together get one run.
        Couple.objects.select_for_update().get(pk=couple.pk)
        run = (
            ExerciseRun.objects.filter(couple=couple, exercise_key=module.exercise_key, live_session__isnull=True)
            .exclude(status=ExerciseRun.Status.DONE)
            .first()
        )
        if run is not None:
            return run
        run = ExerciseRun(
            couple=couple,
            module=module,
            exercise_key=module.exercise_key,
            definition=definition,
            state=engine.initial_state(definition=definition, members=[couple.partner_a_id, couple.partner_b_id]),
        )
        run.full_clean()
        run.save()
    return run


def exercise_run_apply(
    *, run_id: int, user, action: str, payload: dict | None, client_msg_id: str, now=None
) -> ApplyResult:
    """Apply one client action. Raises PermissionDenied (not a member), ExerciseRun.DoesNotExist,
    or engine.EngineError (not allowed now); in each case nothing changed."""
    now = now or timezone.now()
    with transaction.atomic():
        # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to
        # live_session, and only the run row needs the lock.
        run = (
            ExerciseRun.objects.select_for_update(of=("self",)).select_related("couple", "live_session").get(pk=run_id)
        )
        if not run.couple.has_member(user):
            raise PermissionDenied(_("Je doet niet mee aan deze oefening."))
        # A resend of something already applied is acknowledged whatever happened since.
        if ExerciseRunEvent.objects.filter(run=run, actor=user, client_msg_id=client_msg_id).exists():
            return ApplyResult(run=run, duplicate=True)
        if run.live_session_id and run.live_session.status == LiveSession.Status.ENDED and action != "back":
            raise engine.EngineError("session_ended", _("De groepssessie is afgelopen."))
        run.state = engine.apply(
            definition=run.definition,
            state=run.state,
            actor=user.pk,
            action=action,
            payload=payload,
            now=now,
            limits=_engine_limits(run),
        )
        run.seq += 1
        _sync_status(run, now)
        run.save(update_fields=["state", "seq", "status", "finished_at", "updated_at"])
        # No savepoint needed: the row lock serialises writers of this run, and the id was
        # checked above under that lock, so the unique constraints cannot be violated here.
        ExerciseRunEvent.objects.create(run=run, seq=run.seq, actor=user, action=action, client_msg_id=client_msg_id)
        realtime.broadcast_run_state_on_commit(
            run, limit=_limit(run), coach_summary=engine.coach_view(definition=run.definition, state=run.state)
        )
    return ApplyResult(run=run, duplicate=False)


# --- live sessions -------------------------------------------------------------------------


def _require_coach(*, user, cohort: Cohort) -> None:
    if not (
        user.is_authenticated
        and user.is_coach
        and cohort.coaches.filter(pk=user.pk).exists()
        and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        raise PermissionDenied(_("Alleen de coaches van deze groep kunnen dit."))


def live_session_start(*, coach, cohort: Cohort, exercise_key: str) -> LiveSession:
    _require_coach(user=coach, cohort=cohort)
    if exercise_key not in EXERCISE_KEYS:
        raise ValidationError(_("Deze oefening bestaat niet."))
    if cohort.status != Cohort.Status.RUNNING:
        raise ValidationError(_("Een live sessie kan alleen in een groep die loopt."))
    session = LiveSession(
        cohort=cohort, exercise_key=exercise_key, definition=exercise_definition(exercise_key), started_by=coach
    )
    try:
        with transaction.atomic():
            session.full_clean()
            session.save()
    except (IntegrityError, ValidationError) as exc:
        if LiveSession.objects.filter(cohort=cohort, status=LiveSession.Status.RUNNING).exists():
            raise ValidationError(_("Er loopt al een live sessie in deze groep.")) from exc
        raise
    return session


def live_session_join(*, user, session: LiveSession) -> ExerciseRun:
    """The user's couple's run in this session, created on first join."""
    member = (
        CohortMember.objects.select_related("enrollment__couple")
        .filter(user=user, cohort_id=session.cohort_id, enrollment__couple__isnull=False)
        .first()
    )
    if member is None:
        raise PermissionDenied(_("Je doet niet mee aan deze groep."))
    if session.status != LiveSession.Status.RUNNING:
        raise ValidationError(_("Deze live sessie is afgelopen."))
    couple = member.enrollment.couple
    with transaction.atomic():
        Couple.objects.select_for_update().get(pk=couple.pk)
        run = ExerciseRun.objects.filter(live_session=session, couple=couple).first()
        if run is None:
            run = ExerciseRun.objects.create(
                couple=couple,
                live_session=session,
                exercise_key=session.exercise_key,
                definition=session.definition,
                state=engine.initial_state(
                    definition=session.definition, members=[couple.partner_a_id, couple.partner_b_id]
                ),
            )
    return run


def _locked_session(*, coach, session_id: int) -> LiveSession:
    session = LiveSession.objects.select_for_update().select_related("cohort").get(pk=session_id)
    _require_coach(user=coach, cohort=session.cohort)
    if session.status != LiveSession.Status.RUNNING:
        raise ValidationError(_("Deze live sessie is afgelopen."))
    return session


def live_session_advance(*, coach, session_id: int) -> LiveSession:
    """Open the next step for the whole group; couples waiting at the old limit move on."""
    with transaction.atomic():
        session = _locked_session(coach=coach, session_id=session_id)
        if session.step_index >= len(session.definition["steps"]) - 1:
            raise ValidationError(_("Dit is al de laatste stap."))
        session.step_index += 1
        session.seq += 1
        session.save(update_fields=["step_index", "seq"])
        limits = engine.Limits(max_step_index=session.step_index)
        # Rows locked in id order, like every other writer of runs, so no deadlock.
        for run in session.runs.select_for_update().order_by("pk"):
            if not run.state.get("held_by_coach"):
                continue
            run.state = engine.release_hold(definition=run.definition, state=run.state, limits=limits)
            run.seq += 1
            _sync_status(run, timezone.now())
            run.save(update_fields=["state", "seq", "status", "finished_at", "updated_at"])
            realtime.broadcast_run_state_on_commit(
                run,
                limit=session.step_index,
                coach_summary=engine.coach_view(definition=run.definition, state=run.state),
            )
        realtime.broadcast_session_on_commit(session)
    return session


def live_session_announce(*, coach, session_id: int, text: str) -> LiveSession:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Schrijf eerst een mededeling."))
    if len(text) > ANNOUNCEMENT_MAX:
        raise ValidationError(_("Een mededeling is hooguit 280 tekens."))
    with transaction.atomic():
        session = _locked_session(coach=coach, session_id=session_id)
        session.announcement = text
        session.announcement_at = timezone.now()
        session.seq += 1
        session.save(update_fields=["announcement", "announcement_at", "seq"])
        realtime.broadcast_session_on_commit(session)
    return session


def live_session_set_timer(*, coach, session_id: int, minutes: int | None) -> LiveSession:
    if minutes is not None and (
        isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= TIMER_MAX_MINUTES
    ):
        raise ValidationError(_("Kies een timer tussen 1 en 120 minuten."))
    with transaction.atomic():
        session = _locked_session(coach=coach, session_id=session_id)
        session.timer_ends_at = timezone.now() + timedelta(minutes=minutes) if minutes else None
        session.seq += 1
        session.save(update_fields=["timer_ends_at", "seq"])
        realtime.broadcast_session_on_commit(session)
    return session


def live_session_end(*, coach, session_id: int) -> LiveSession:
    with transaction.atomic():
        session = _locked_session(coach=coach, session_id=session_id)
        session.status = LiveSession.Status.ENDED
        session.ended_at = timezone.now()
        session.seq += 1
        session.save(update_fields=["status", "ended_at", "seq"])
        realtime.broadcast_session_on_commit(session)
    return session
