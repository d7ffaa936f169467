"""Reads for the live exercises; every function checks that the user may see what it returns."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cohorts.models import CohortMember

from . import engine, presence
from .models import ExerciseRun, LiveSession


def run_for_member(*, run_id: int, user) -> ExerciseRun:
    """The run, if `user` is one of its couple; raises DoesNotExist or PermissionDenied."""
    run = ExerciseRun.objects.select_related("couple__partner_a", "couple__partner_b", "live_session", "module").get(
        pk=run_id
    )
    if not run.couple.has_member(user):
        raise PermissionDenied(_("Je doet niet mee aan deze oefening."))
    return run


def _is_cohort_coach(*, user, cohort_id: int) -> bool:
    return (
        user.is_authenticated
        and user.is_coach
        and user.coached_cohorts.filter(pk=cohort_id).exists()
        and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def session_for_coach(*, session_id: int, user) -> LiveSession:
    session = LiveSession.objects.select_related("cohort").get(pk=session_id)
    if not _is_cohort_coach(user=user, cohort_id=session.cohort_id):
        raise PermissionDenied(_("Alleen de coaches van deze groep kunnen dit."))
    return session


def running_session_for_user(*, user) -> LiveSession | None:
    """The running live session of a cohort the user takes part in as a couple, if any."""
    if not user.is_authenticated:
        return None
    cohort_ids = CohortMember.objects.filter(user=user, enrollment__couple__isnull=False).values("cohort_id")
    return (
        LiveSession.objects.filter(cohort_id__in=cohort_ids, status=LiveSession.Status.RUNNING)
        .select_related("cohort")
        .order_by("-started_at")
        .first()
    )


def coach_session_snapshot(*, session_id: int, user) -> dict:
    """Per couple: who is connected, which step, done or paused; never what anyone wrote.
    A fixed number of queries whatever the number of couples."""
    session = session_for_coach(session_id=session_id, user=user)
    runs = list(
        ExerciseRun.objects.filter(live_session=session)
        .select_related("couple__partner_a", "couple__partner_b")
        .order_by("pk")
    )
    connected = presence.presence_for_runs(run_ids=[run.pk for run in runs])
    enrolled = (
        CohortMember.objects.filter(cohort_id=session.cohort_id, enrollment__couple__isnull=False)
        .values_list("enrollment__couple_id", flat=True)
        .distinct()
        .count()
    )
    couples = []
    for run in runs:
        couple = run.couple
        couples.append(
            {
                "run_id": run.pk,
                "couple_id": couple.pk,
                "names": [couple.partner_a.display_name, couple.partner_b.display_name],
                "members": [couple.partner_a_id, couple.partner_b_id],
                "connected": sorted(connected.get(run.pk, set())),
                "summary": engine.coach_view(definition=run.definition, state=run.state),
            }
        )
    return {
        "session": {
            "id": session.pk,
            "cohort": session.cohort.title,
            "exercise_key": session.exercise_key,
            "step_index": session.step_index,
            "step_count": len(session.definition["steps"]),
            "status": session.status,
            "announcement": session.announcement,
            "timer_ends_at": session.timer_ends_at.isoformat() if session.timer_ends_at else None,
            "seq": session.seq,
        },
        "definition": session.definition,
        "couples": couples,
        "enrolled_couples": enrolled,
    }
