"""Live-exercise services against the real database: locking, sequence numbers, once-only
resends, refusals that change nothing, and the events each change emits after commit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import CoachFactory, CoupleFactory, UserFactory
from tests.workshops.live_support import module_with_exercise, running_cohort
from workshops import engine, realtime
from workshops.exercise_services import (
    exercise_run_apply,
    exercise_run_start_or_join,
    live_session_advance,
    live_session_announce,
    live_session_end,
    live_session_join,
    live_session_set_timer,
    live_session_start,
)
from workshops.models import ExerciseRun, ExerciseRunEvent, LiveSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Every group_send the services make, as (group, event)."""
    events = []
    monkeypatch.setattr(realtime, "_send", lambda group, event: events.append((group, event)))
    return events


@pytest.fixture
def couple_run():
    _cohort, _coach, (couple,) = running_cohort(couples=1)
    run = exercise_run_start_or_join(user=couple.partner_a, module=module_with_exercise("spreker-luisteraar"))
    return couple, run


def test_both_partners_get_the_same_run(couple_run):
    couple, run = couple_run
    again = exercise_run_start_or_join(user=couple.partner_b, module=module_with_exercise("spreker-luisteraar"))
    assert again.pk == run.pk
    assert run.state["members"] == [couple.partner_a_id, couple.partner_b_id]
    assert run.definition["key"] == "spreker-luisteraar"


def test_someone_outside_a_couple_of_the_cohort_cannot_start():
    running_cohort(couples=1)
    with pytest.raises(PermissionDenied):
        exercise_run_start_or_join(user=UserFactory(), module=module_with_exercise("spreker-luisteraar"))


def test_apply_bumps_seq_records_client_id_and_broadcasts_after_commit(
    couple_run, sent, django_capture_on_commit_callbacks
):
    couple, run = couple_run
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = exercise_run_apply(
            run_id=run.pk, user=couple.partner_a, action="ready", payload={}, client_msg_id="msg-0001"
        )
    assert sent == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    assert result.run.seq == 1 and result.duplicate is False
    assert ExerciseRunEvent.objects.get(run=run).client_msg_id == "msg-0001"
    [(group, event)] = sent
    assert group == realtime.run_group(run.pk)
    assert event["type"] == "run.state" and event["seq"] == 1 and event["run_id"] == run.pk
    assert event["state"]["steps"]["uitleg"]["ready"] == [couple.partner_a_id]
    assert event["limit"] is None


def test_a_resent_message_is_applied_once(couple_run, sent, django_capture_on_commit_callbacks):
    couple, run = couple_run
    with django_capture_on_commit_callbacks(execute=True):
        exercise_run_apply(run_id=run.pk, user=couple.partner_a, action="ready", payload={}, client_msg_id="same-id-1")
        again = exercise_run_apply(
            run_id=run.pk, user=couple.partner_a, action="ready", payload={}, client_msg_id="same-id-1"
        )
    assert again.duplicate is True
    run.refresh_from_db()
    assert run.seq == 1
    assert ExerciseRunEvent.objects.filter(run=run).count() == 1
    assert len(sent) == 1


def test_refusals_change_nothing_and_send_nothing(couple_run, sent, django_capture_on_commit_callbacks):
    couple, run = couple_run
    stranger = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            exercise_run_apply(run_id=run.pk, user=stranger, action="ready", payload={}, client_msg_id="stranger-1")
        with pytest.raises(engine.EngineError):
            exercise_run_apply(
                run_id=run.pk, user=couple.partner_b, action="speak", payload={"text": "x"}, client_msg_id="early-01"
            )
        with pytest.raises(ExerciseRun.DoesNotExist):
            exercise_run_apply(
                run_id=run.pk + 999, user=couple.partner_a, action="ready", payload={}, client_msg_id="nothere-1"
            )
    run.refresh_from_db()
    assert run.seq == 0 and not ExerciseRunEvent.objects.exists() and sent == []


def test_finishing_marks_the_run_done_and_a_new_run_can_start(couple_run):
    couple, run = couple_run
    a, b = couple.partner_a, couple.partner_b
    n = iter(range(1000))

    def act(user, action, **payload):
        exercise_run_apply(run_id=run.pk, user=user, action=action, payload=payload, client_msg_id=f"id-{next(n):05d}")

    act(a, "ready"), act(b, "ready")
    act(a, "submit", value=6), act(b, "submit", value=4), act(a, "ready"), act(b, "ready")
    for speaker, listener in ((a, b), (b, a)):
        act(speaker, "speak", text="Ik merk dat ik onrustig word.")
        act(listener, "mirror", text="Je wordt onrustig.")
        act(speaker, "check", answer="yes")
        act(listener, "validate", text="Dat begrijp ik.")
    act(a, "ready"), act(b, "ready")
    act(a, "submit", value=3), act(b, "submit", value=2), act(a, "ready"), act(b, "ready")
    run.refresh_from_db()
    assert run.status == ExerciseRun.Status.DONE and run.finished_at is not None
    assert run.seq == ExerciseRunEvent.objects.filter(run=run).count()
    new = exercise_run_start_or_join(user=a, module=module_with_exercise("spreker-luisteraar"))
    assert new.pk != run.pk


def test_live_session_paces_couples_and_tells_the_coach_only_progress(sent, django_capture_on_commit_callbacks):
    cohort, coach, (one, two) = running_cohort(couples=2)
    session = live_session_start(coach=coach, cohort=cohort, exercise_key="samen-ademen")
    run_one = live_session_join(user=one.partner_a, session=session)
    assert live_session_join(user=one.partner_b, session=session).pk == run_one.pk
    run_two = live_session_join(user=two.partner_b, session=session)

    with django_capture_on_commit_callbacks(execute=True):
        exercise_run_apply(
            run_id=run_one.pk, user=one.partner_a, action="submit", payload={"value": 8}, client_msg_id="c1-a-0001"
        )
        exercise_run_apply(
            run_id=run_one.pk, user=one.partner_b, action="submit", payload={"value": 5}, client_msg_id="c1-b-0001"
        )
        exercise_run_apply(run_id=run_one.pk, user=one.partner_a, action="ready", payload={}, client_msg_id="c1-a-0002")
        exercise_run_apply(run_id=run_one.pk, user=one.partner_b, action="ready", payload={}, client_msg_id="c1-b-0002")
    run_one.refresh_from_db()
    assert run_one.state["step_index"] == 0 and run_one.state["held_by_coach"] is True

    coach_events = [e for g, e in sent if g == realtime.session_coach_group(session.pk)]
    assert coach_events and all(e["type"] == "coach.run" for e in coach_events)
    assert "8" not in repr([e["summary"] for e in coach_events])  # a tension score is content
    assert coach_events[-1]["summary"]["held_by_coach"] is True

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live_session_advance(coach=coach, session_id=session.pk)
    run_one.refresh_from_db()
    run_two.refresh_from_db()
    assert run_one.state["step_index"] == 1 and not run_one.state.get("held_by_coach")
    assert run_two.state["step_index"] == 0  # it had not finished the step; it is not pushed
    groups = [g for g, _e in sent]
    assert realtime.run_group(run_one.pk) in groups and realtime.run_group(run_two.pk) not in groups
    [session_event] = [e for g, e in sent if g == realtime.session_group(session.pk)]
    assert session_event["step_index"] == 1


def test_live_session_refusals():
    cohort, coach, (couple,) = running_cohort(couples=1)
    other_coach = CoachFactory()
    with pytest.raises(PermissionDenied):
        live_session_start(coach=other_coach, cohort=cohort, exercise_key="samen-ademen")
    with pytest.raises(PermissionDenied):
        live_session_start(coach=couple.partner_a, cohort=cohort, exercise_key="samen-ademen")
    with pytest.raises(ValidationError):
        live_session_start(coach=coach, cohort=cohort, exercise_key="bestaat-niet")
    session = live_session_start(coach=coach, cohort=cohort, exercise_key="samen-ademen")
    with pytest.raises(ValidationError, match="Er loopt al een live sessie"):
        live_session_start(coach=coach, cohort=cohort, exercise_key="bril-momenten")
    with pytest.raises(PermissionDenied):
        live_session_join(user=CoupleFactory().partner_a, session=session)
    for bad in ("", "   ", "x" * 281):
        with pytest.raises(ValidationError):
            live_session_announce(coach=coach, session_id=session.pk, text=bad)
    for bad in (0, 121, "5", True):
        with pytest.raises(ValidationError):
            live_session_set_timer(coach=coach, session_id=session.pk, minutes=bad)
    with pytest.raises(PermissionDenied):
        live_session_advance(coach=other_coach, session_id=session.pk)
    session.refresh_from_db()
    assert session.step_index == 0 and session.announcement == "" and session.timer_ends_at is None

    live_session_set_timer(coach=coach, session_id=session.pk, minutes=5)
    live_session_announce(coach=coach, session_id=session.pk, text="Neem rustig de tijd.")
    live_session_end(coach=coach, session_id=session.pk)
    session.refresh_from_db()
    assert session.status == LiveSession.Status.ENDED and session.timer_ends_at is not None
    with pytest.raises(ValidationError):
        live_session_advance(coach=coach, session_id=session.pk)
    with pytest.raises(ValidationError):
        live_session_join(user=couple.partner_a, session=session)


def test_after_the_session_ends_new_actions_are_refused_but_a_resend_is_still_acknowledged():
    cohort, coach, (couple,) = running_cohort(couples=1)
    session = live_session_start(coach=coach, cohort=cohort, exercise_key="samen-ademen")
    run = live_session_join(user=couple.partner_a, session=session)
    exercise_run_apply(
        run_id=run.pk, user=couple.partner_a, action="submit", payload={"value": 4}, client_msg_id="before-end-1"
    )
    live_session_end(coach=coach, session_id=session.pk)
    again = exercise_run_apply(
        run_id=run.pk, user=couple.partner_a, action="submit", payload={"value": 4}, client_msg_id="before-end-1"
    )
    assert again.duplicate is True
    with pytest.raises(engine.EngineError) as exc:
        exercise_run_apply(
            run_id=run.pk, user=couple.partner_b, action="submit", payload={"value": 6}, client_msg_id="after-end-01"
        )
    assert exc.value.code == "session_ended"
    run.refresh_from_db()
    assert run.seq == 1
