"""Real time in one place: group names, the shape of every event, and the broadcast helpers.

Events are sent only from services, after commit. Group names are built here from ids the
server looked up; nothing a client sends becomes part of a group name.

Run events carry the full state over the channel layer (server-internal); each consumer
filters it for its own user with engine.view_for before anything reaches a browser, so a
partner's private input never travels to the other partner before the reveal.
"""

from __future__ import annotations

from typing import TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def run_group(run_id: int) -> str:
    return f"exercise-run.{int(run_id)}"


def session_group(session_id: int) -> str:
    """Everyone in a live session: announcements, timer, the group's step."""
    return f"live-session.{int(session_id)}"


def session_coach_group(session_id: int) -> str:
    """The session's coaches: per-couple progress (never content)."""
    return f"live-session-coach.{int(session_id)}"


class RunStateEvent(TypedDict):
    type: str  # "run.state"
    run_id: int
    seq: int
    state: dict
    limit: int | None


class RunPresenceEvent(TypedDict):
    type: str  # "run.presence"
    run_id: int
    presence: dict[str, bool]


class SessionEvent(TypedDict):
    type: str  # "session.update"
    session_id: int
    seq: int
    step_index: int
    status: str
    announcement: str
    announcement_at: str | None
    timer_ends_at: str | None


class CoachRunEvent(TypedDict):
    type: str  # "coach.run"
    session_id: int
    run_id: int
    couple_id: int
    summary: dict


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def run_state_event(run, *, limit: int | None) -> RunStateEvent:
    return {"type": "run.state", "run_id": run.pk, "seq": run.seq, "state": run.state, "limit": limit}


def session_event(session) -> SessionEvent:
    return {
        "type": "session.update",
        "session_id": session.pk,
        "seq": session.seq,
        "step_index": session.step_index,
        "status": session.status,
        "announcement": session.announcement,
        "announcement_at": session.announcement_at.isoformat() if session.announcement_at else None,
        "timer_ends_at": session.timer_ends_at.isoformat() if session.timer_ends_at else None,
    }


def coach_run_event(run, *, summary: dict) -> CoachRunEvent:
    return {
        "type": "coach.run",
        "session_id": run.live_session_id,
        "run_id": run.pk,
        "couple_id": run.couple_id,
        "summary": summary,
    }


def broadcast_run_state_on_commit(run, *, limit: int | None, coach_summary: dict | None) -> None:
    """Caller is inside the transaction that changed `run`; nothing is sent if it rolls back."""
    event = run_state_event(run, limit=limit)
    coach_event = coach_run_event(run, summary=coach_summary) if run.live_session_id and coach_summary else None

    def send() -> None:
        _send(run_group(run.pk), event)
        if coach_event is not None:
            _send(session_coach_group(run.live_session_id), coach_event)

    transaction.on_commit(send)


def broadcast_session_on_commit(session) -> None:
    event = session_event(session)
    transaction.on_commit(lambda: _send(session_group(session.pk), event))


async def abroadcast_presence(
    run_id: int, presence: dict[str, bool], *, session_id: int | None, couple_id: int
) -> None:
    """Presence is connection state, not database state, so the consumer sends it at once
    (awaited, from its own event loop) rather than through a service and a commit."""
    layer = get_channel_layer()
    if layer is None:
        return
    await layer.group_send(run_group(run_id), {"type": "run.presence", "run_id": run_id, "presence": presence})
    if session_id:
        await layer.group_send(
            session_coach_group(session_id),
            {
                "type": "coach.presence",
                "session_id": session_id,
                "run_id": run_id,
                "couple_id": couple_id,
                "presence": presence,
            },
        )
