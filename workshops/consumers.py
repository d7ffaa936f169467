"""WebSocket consumers for live exercises: thin interfaces over exercise_services.

Close codes (stated to clients and tested):
  4400 binary frame          4401 not logged in       4403 not allowed (connect or later)
  4404 no such run/session   4413 frame over 16 KiB   4429 kept flooding after rate errors
Any other bad frame gets an error frame {"type": "error", "code": ..., "message": ...} and
changes nothing.
"""

from __future__ import annotations

import json
import re
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import engine, presence, realtime
from .exercise_selectors import coach_session_snapshot, run_for_member, session_for_coach
from .exercise_services import (
    exercise_run_apply,
    live_session_advance,
    live_session_announce,
    live_session_end,
    live_session_set_timer,
)
from .models import ExerciseRun, LiveSession

MAX_FRAME_BYTES = 16 * 1024
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RATE_PER_SECOND = 10
RATE_BURST = 20
FLOOD_CLOSE_AFTER = 50


CLOSE_BINARY = 4400
CLOSE_ANONYMOUS = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_LARGE = 4413
CLOSE_FLOOD = 4429


class _GuardedConsumer(AsyncWebsocketConsumer):
    """Frame size, binary, JSON and rate checks shared by every live socket."""

    async def _start_guard(self) -> None:
        self._tokens = float(RATE_BURST)
        self._last = time.monotonic()
        self._rejected = 0
        language = getattr(self.scope["user"], "preferred_language", "nl")
        self._language = language if language in ("nl", "en") else "nl"

    async def send_json(self, data: dict) -> None:
        await self.send(text_data=json.dumps(data, ensure_ascii=False, default=str))

    async def send_error(self, code: str, message, *, msg_id: str | None = None) -> None:
        with translation.override(self._language):
            text = str(message)
        frame = {"type": "error", "code": code, "message": text}
        if msg_id:
            frame["id"] = msg_id
        await self.send_json(frame)

    def _take_token(self) -> bool:
        now = time.monotonic()
        self._tokens = min(float(RATE_BURST), self._tokens + (now - self._last) * RATE_PER_SECOND)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None:
            await self.send_error("binary", _("Alleen tekstberichten worden ondersteund."))
            await self.close(code=CLOSE_BINARY)
            return
        if text_data is None:
            return
        if len(text_data.encode("utf-8")) > MAX_FRAME_BYTES:
            await self.send_error("too_large", _("Dit bericht is te groot."))
            await self.close(code=CLOSE_TOO_LARGE)
            return
        if not self._take_token():
            self._rejected += 1
            if self._rejected >= FLOOD_CLOSE_AFTER:
                await self.close(code=CLOSE_FLOOD)
                return
            await self.send_error("rate_limited", _("Te veel berichten tegelijk. Wacht even."))
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self.send_error("bad_json", _("Dit bericht kon niet gelezen worden."))
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.send_error("bad_message", _("Dit bericht kon niet gelezen worden."))
            return
        await self.handle(message)

    async def handle(self, message: dict) -> None:
        raise NotImplementedError

    async def _load_or_close(self, loader, *, kwarg: str, missing: type[Exception]):
        """Run the access-checking selector for this URL; close with the stated code if the
        user is anonymous (4401), the object is gone (4404) or not theirs (4403)."""
        user = self.scope["user"]
        if not user.is_authenticated:
            await self.close(code=CLOSE_ANONYMOUS)
            return None
        try:
            found = await database_sync_to_async(loader)(**{kwarg: self.scope["url_route"]["kwargs"][kwarg]}, user=user)
        except missing:
            await self.close(code=CLOSE_NOT_FOUND)
            return None
        except PermissionDenied:
            await self.close(code=CLOSE_FORBIDDEN)
            return None
        await self._start_guard()
        return found


class ExerciseRunConsumer(_GuardedConsumer):
    """/ws/exercises/<run_id>/: one partner's connection to their couple's run."""

    async def connect(self):
        run = await self._load_or_close(run_for_member, kwarg="run_id", missing=ExerciseRun.DoesNotExist)
        if run is None:
            return
        self.user_id = self.scope["user"].pk
        self.run_id = run.pk
        self.couple_id = run.couple_id
        self.session_id = run.live_session_id
        self.definition = run.definition
        self.members = [
            {"id": run.couple.partner_a_id, "name": run.couple.partner_a.display_name},
            {"id": run.couple.partner_b_id, "name": run.couple.partner_b.display_name},
        ]
        self.groups_joined = [realtime.run_group(run.pk)]
        if self.session_id:
            self.groups_joined.append(realtime.session_group(self.session_id))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        # Register first so the snapshot already counts this socket as connected.
        who = await presence.presence_touch(run_id=self.run_id, user_id=self.user_id, channel_name=self.channel_name)
        await self.send_snapshot()
        await self._announce_presence(who)

    async def disconnect(self, code):
        if not hasattr(self, "run_id"):
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        await self._announce_presence(await presence.presence_leave(run_id=self.run_id, channel_name=self.channel_name))

    async def _announce_presence(self, who: dict[str, bool]) -> None:
        await realtime.abroadcast_presence(self.run_id, who, session_id=self.session_id, couple_id=self.couple_id)

    async def send_snapshot(self) -> None:
        try:
            run = await database_sync_to_async(run_for_member)(run_id=self.run_id, user=self.scope["user"])
        except (ExerciseRun.DoesNotExist, PermissionDenied):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        session = None
        if run.live_session_id:
            session = realtime.session_event(run.live_session)
        await self.send_json(
            {
                "type": "snapshot",
                "run_id": run.pk,
                "seq": run.seq,
                "state": engine.view_for(definition=run.definition, state=run.state, viewer=self.user_id),
                "definition": self.definition,
                "me": self.user_id,
                "members": self.members,
                "presence": await presence.presence_for_run(run_id=run.pk),
                "session": session,
                "limit": session["step_index"] if session else None,
                "server_time": timezone.now().isoformat(),
            }
        )

    async def handle(self, message: dict) -> None:
        kind = message["type"]
        if kind == "ping":
            await self._announce_presence(
                await presence.presence_touch(run_id=self.run_id, user_id=self.user_id, channel_name=self.channel_name)
            )
            await self.send_json({"type": "pong", "server_time": timezone.now().isoformat()})
            return
        if kind == "sync":
            await self.send_snapshot()
            return
        if kind != "action":
            await self.send_error("unknown_type", _("Onbekend berichttype."))
            return
        msg_id = message.get("id")
        if not isinstance(msg_id, str) or not CLIENT_ID.match(msg_id):
            await self.send_error("bad_id", _("Dit bericht mist een geldig kenmerk."))
            return
        action = message.get("action")
        if not isinstance(action, str) or action not in engine.ACTIONS:
            await self.send_error("unknown_action", _("Deze actie bestaat niet."), msg_id=msg_id)
            return
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            await self.send_error("bad_payload", _("Dit bericht kon niet gelezen worden."), msg_id=msg_id)
            return
        try:
            result = await database_sync_to_async(exercise_run_apply)(
                run_id=self.run_id, user=self.scope["user"], action=action, payload=payload, client_msg_id=msg_id
            )
        except PermissionDenied:
            await self.send_error("forbidden", _("Je doet niet mee aan deze oefening."), msg_id=msg_id)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        except ExerciseRun.DoesNotExist:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        except engine.EngineError as exc:
            await self.send_error(exc.code, exc.message, msg_id=msg_id)
            return
        await self.send_json({"type": "ack", "id": msg_id, "seq": result.run.seq, "duplicate": result.duplicate})
        if result.duplicate:
            await self.send_snapshot()

    # --- group events ---

    async def run_state(self, event):
        await self.send_json(
            {
                "type": "state",
                "seq": event["seq"],
                "state": engine.view_for(definition=self.definition, state=event["state"], viewer=self.user_id),
                "limit": event["limit"],
                "server_time": timezone.now().isoformat(),
            }
        )

    async def run_presence(self, event):
        await self.send_json({"type": "presence", "presence": event["presence"]})

    async def session_update(self, event):
        await self.send_json({"type": "session", "session": {k: v for k, v in event.items() if k != "type"}})


class CoachSessionConsumer(_GuardedConsumer):
    """/ws/live/<session_id>/: a coach pacing every couple of a live session."""

    async def connect(self):
        session = await self._load_or_close(session_for_coach, kwarg="session_id", missing=LiveSession.DoesNotExist)
        if session is None:
            return
        self.session_id = session.pk
        self.groups_joined = [realtime.session_coach_group(session.pk), realtime.session_group(session.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_snapshot()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_snapshot(self) -> None:
        try:
            snapshot = await database_sync_to_async(coach_session_snapshot)(
                session_id=self.session_id, user=self.scope["user"]
            )
        except (LiveSession.DoesNotExist, PermissionDenied):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.send_json({"type": "snapshot", **snapshot, "server_time": timezone.now().isoformat()})

    async def handle(self, message: dict) -> None:
        kind = message["type"]
        if kind == "ping":
            await self.send_json({"type": "pong", "server_time": timezone.now().isoformat()})
            return
        if kind == "sync":
            await self.send_snapshot()
            return
        commands = {"advance", "announce", "timer", "end"}
        if kind not in commands:
            await self.send_error("unknown_type", _("Onbekend berichttype."))
            return
        msg_id = message.get("id") if isinstance(message.get("id"), str) else None
        user = self.scope["user"]
        try:
            if kind == "advance":
                await database_sync_to_async(live_session_advance)(coach=user, session_id=self.session_id)
            elif kind == "announce":
                text = message.get("text")
                if not isinstance(text, str):
                    await self.send_error("bad_payload", _("Schrijf eerst een mededeling."), msg_id=msg_id)
                    return
                await database_sync_to_async(live_session_announce)(coach=user, session_id=self.session_id, text=text)
            elif kind == "timer":
                minutes = message.get("minutes")
                await database_sync_to_async(live_session_set_timer)(
                    coach=user, session_id=self.session_id, minutes=minutes
                )
            else:
                await database_sync_to_async(live_session_end)(coach=user, session_id=self.session_id)
        except PermissionDenied:
            await self.send_error("forbidden", _("Alleen de coaches van deze groep kunnen dit."), msg_id=msg_id)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        except ValidationError as exc:
            await self.send_error("invalid", exc.messages[0], msg_id=msg_id)
            return
        if msg_id:
            await self.send_json({"type": "ack", "id": msg_id})

    async def session_update(self, event):
        await self.send_json({"type": "session", "session": {k: v for k, v in event.items() if k != "type"}})

    async def coach_run(self, event):
        await self.send_json(
            {"type": "couple", "run_id": event["run_id"], "couple_id": event["couple_id"], "summary": event["summary"]}
        )

    async def coach_presence(self, event):
        await self.send_json(
            {
                "type": "couple_presence",
                "run_id": event["run_id"],
                "couple_id": event["couple_id"],
                "presence": event["presence"],
            }
        )
