"""The live sockets through config.asgi.application, with the real Redis channel layer when
REDIS_URL is set (CI): snapshot, relay, reconnect, once-only resends and every refusal."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from tests.factories import CoachFactory, UserFactory
from tests.workshops.live_support import module_with_exercise, running_cohort
from workshops.exercise_services import exercise_run_start_or_join, live_session_join, live_session_start
from workshops.models import ExerciseRun, ExerciseRunEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
TIMEOUT = 5


def _cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def connect(path: str, user=None, origin: bytes = b"http://testserver"):
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(_cookie_for)(user)))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected, code


async def receive_until(communicator, frame_type: str, wait: float = TIMEOUT) -> dict:
    """Next frame of `frame_type`, skipping presence chatter."""
    while True:
        frame = await communicator.receive_json_from(timeout=wait)
        if frame["type"] == frame_type:
            return frame


async def action(communicator, msg_id: str, name: str, **payload) -> None:
    await communicator.send_json_to({"type": "action", "id": msg_id, "action": name, "payload": payload})


@pytest.fixture
def setup_run(db):
    _cohort, _coach, (couple,) = running_cohort(couples=1)
    run = exercise_run_start_or_join(user=couple.partner_a, module=module_with_exercise("cyclus-in-kaart"))
    return couple, run


async def test_snapshot_on_connect_and_relay_between_partners(setup_run):
    couple, run = setup_run
    path = f"/ws/exercises/{run.pk}/"
    anna, ok, _ = await connect(path, couple.partner_a)
    assert ok
    snapshot = await receive_until(anna, "snapshot")
    assert snapshot["seq"] == 0 and snapshot["me"] == couple.partner_a_id
    assert snapshot["definition"]["key"] == "cyclus-in-kaart"
    assert [m["id"] for m in snapshot["members"]] == [couple.partner_a_id, couple.partner_b_id]
    assert "server_time" in snapshot

    bas, ok, _ = await connect(path, couple.partner_b)
    assert ok
    assert (await receive_until(bas, "snapshot"))["presence"] == {
        str(couple.partner_a_id): True,
        str(couple.partner_b_id): True,
    }
    presence = await receive_until(anna, "presence")
    while str(couple.partner_b_id) not in presence["presence"]:  # the first may be Anna's own
        presence = await receive_until(anna, "presence")
    assert presence["presence"][str(couple.partner_b_id)] is True

    await action(anna, "anna-00001", "ready")
    assert (await receive_until(anna, "ack"))["seq"] == 1
    relayed = await receive_until(bas, "state")
    assert relayed["seq"] == 1
    assert relayed["state"]["steps"]["uitleg"]["ready"] == [couple.partner_a_id]

    await bas.disconnect()
    gone = await receive_until(anna, "presence")
    assert str(couple.partner_b_id) not in gone["presence"]
    await anna.disconnect()


async def test_private_input_never_reaches_the_partner_before_the_reveal(setup_run):
    couple, run = setup_run
    await sync_to_async(_advance_to_sentence_step)(run, couple)
    path = f"/ws/exercises/{run.pk}/"
    anna, _, _ = await connect(path, couple.partner_a)
    bas, _, _ = await connect(path, couple.partner_b)
    await receive_until(anna, "snapshot")
    await receive_until(bas, "snapshot")

    await action(anna, "anna-zin-01", "submit", value="Als jij zwijgt, voel ik me klein.")
    await receive_until(anna, "ack")
    seen_by_bas = await receive_until(bas, "state")
    assert "voel ik me klein" not in json.dumps(seen_by_bas)
    assert seen_by_bas["state"]["steps"]["mijn-zin"]["submitted"] == [couple.partner_a_id]

    await action(bas, "bas-zin-001", "submit", value="Als jij aandringt, ga ik weg.")
    revealed = await receive_until(bas, "state")
    assert revealed["state"]["steps"]["mijn-zin"]["revealed"] is True
    assert "voel ik me klein" in json.dumps(revealed)
    await anna.disconnect()
    await bas.disconnect()


def _advance_to_sentence_step(run, couple):
    from workshops.exercise_services import exercise_run_apply

    steps = [
        (couple.partner_a, "ready", {}),
        (couple.partner_b, "ready", {}),
        (couple.partner_a, "submit", {"value": 5}),
        (couple.partner_b, "submit", {"value": 5}),
        (couple.partner_a, "ready", {}),
        (couple.partner_b, "ready", {}),
    ]
    for i, (user, name, payload) in enumerate(steps):
        exercise_run_apply(run_id=run.pk, user=user, action=name, payload=payload, client_msg_id=f"setup-{i:04d}")


async def test_reconnect_resumes_from_a_snapshot_and_resend_is_applied_once(setup_run):
    couple, run = setup_run
    path = f"/ws/exercises/{run.pk}/"
    anna, _, _ = await connect(path, couple.partner_a)
    await receive_until(anna, "snapshot")
    bas, _, _ = await connect(path, couple.partner_b)
    await receive_until(bas, "snapshot")
    await bas.disconnect()  # Bas's train goes into a tunnel

    await action(anna, "anna-00001", "ready")
    await receive_until(anna, "ack")

    bas, _, _ = await connect(path, couple.partner_b)
    resumed = await receive_until(bas, "snapshot")
    assert resumed["seq"] == 1
    assert resumed["state"]["steps"]["uitleg"]["ready"] == [couple.partner_a_id]

    # Bas's client had sent "ready" just before the drop and resends it with the same id.
    await action(bas, "bas-000001", "ready")
    first = await receive_until(bas, "ack")
    await action(bas, "bas-000001", "ready")
    second = await receive_until(bas, "ack")
    assert first["duplicate"] is False and second["duplicate"] is True
    assert (await receive_until(bas, "snapshot"))["seq"] == 2
    count = await sync_to_async(ExerciseRunEvent.objects.filter(run=run, client_msg_id="bas-000001").count)()
    assert count == 1
    refreshed = await sync_to_async(ExerciseRun.objects.get)(pk=run.pk)
    assert refreshed.seq == 2 and refreshed.state["step_index"] == 1
    await anna.disconnect()
    await bas.disconnect()


async def test_connect_refusals(setup_run):
    couple, run = setup_run
    path = f"/ws/exercises/{run.pk}/"
    _, ok, code = await connect(path, None)
    assert (ok, code) == (False, 4401)
    _, ok, code = await connect(path, await sync_to_async(UserFactory)())
    assert (ok, code) == (False, 4403)
    _, ok, code = await connect(f"/ws/exercises/{run.pk + 1000}/", couple.partner_a)
    assert (ok, code) == (False, 4404)
    _, ok, _ = await connect(path, couple.partner_a, origin=b"http://evil.example")
    assert ok is False
    coach = await sync_to_async(CoachFactory)()
    _, ok, code = await connect(path, coach)
    assert (ok, code) == (False, 4403)


async def test_bad_frames_get_errors_and_change_nothing(setup_run):
    couple, run = setup_run
    anna, _, _ = await connect(f"/ws/exercises/{run.pk}/", couple.partner_a)
    await receive_until(anna, "snapshot")

    await anna.send_to(text_data="{not json")
    assert (await receive_until(anna, "error"))["code"] == "bad_json"
    await anna.send_to(text_data="[1, 2]")
    assert (await receive_until(anna, "error"))["code"] == "bad_message"
    await anna.send_json_to({"type": "teleport"})
    error = await receive_until(anna, "error")
    assert error["code"] == "unknown_type" and error["message"] == "Onbekend berichttype."
    await anna.send_json_to({"type": "action", "id": "x", "action": "ready"})
    assert (await receive_until(anna, "error"))["code"] == "bad_id"
    await action(anna, "anna-00001", "explode")
    assert (await receive_until(anna, "error"))["code"] == "unknown_action"
    await anna.send_json_to({"type": "action", "id": "anna-00002", "action": "ready", "payload": [1]})
    assert (await receive_until(anna, "error"))["code"] == "bad_payload"
    await action(anna, "anna-00003", "speak", text="Ik ben aan de beurt?")
    error = await receive_until(anna, "error")
    assert error["code"] == "wrong_step" and error["id"] == "anna-00003"
    await action(anna, "anna-00004", "pause", minutes=5)
    assert (await receive_until(anna, "error"))["code"] == "invalid_pause"

    refreshed = await sync_to_async(ExerciseRun.objects.get)(pk=run.pk)
    assert refreshed.seq == 0 and refreshed.state == run.state

    await anna.send_to(text_data=json.dumps({"type": "sync", "pad": "x" * (16 * 1024)}))
    assert (await receive_until(anna, "error"))["code"] == "too_large"
    assert (await anna.receive_output(timeout=TIMEOUT))["code"] == 4413


async def test_binary_frame_closes_with_4400(setup_run):
    couple, run = setup_run
    anna, _, _ = await connect(f"/ws/exercises/{run.pk}/", couple.partner_a)
    await receive_until(anna, "snapshot")
    await anna.send_to(bytes_data=b"\x00\x01")
    assert (await receive_until(anna, "error"))["code"] == "binary"
    assert (await anna.receive_output(timeout=TIMEOUT))["code"] == 4400


async def test_flooding_gets_rate_errors_then_a_close(setup_run):
    couple, run = setup_run
    anna, _, _ = await connect(f"/ws/exercises/{run.pk}/", couple.partner_a)
    await receive_until(anna, "snapshot")
    for _ in range(120):
        await anna.send_json_to({"type": "sync"})
    codes = []
    closed_with = None
    while closed_with is None:
        output = await anna.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            closed_with = output["code"]
        elif output["type"] == "websocket.send":
            frame = json.loads(output["text"])
            if frame["type"] == "error":
                codes.append(frame["code"])
    assert set(codes) == {"rate_limited"} and len(codes) >= 20
    assert closed_with == 4429


async def test_membership_is_checked_on_every_message(setup_run):
    couple, run = setup_run
    anna, _, _ = await connect(f"/ws/exercises/{run.pk}/", couple.partner_a)
    await receive_until(anna, "snapshot")
    # The run is moved to another couple while Anna is connected (say, an erasure or admin fix).
    await sync_to_async(_hand_run_to_other_couple)(run)
    await action(anna, "anna-00001", "ready")
    assert (await receive_until(anna, "error"))["code"] == "forbidden"
    assert (await anna.receive_output(timeout=TIMEOUT))["code"] == 4403
    refreshed = await sync_to_async(ExerciseRun.objects.get)(pk=run.pk)
    assert refreshed.seq == 0


def _hand_run_to_other_couple(run):
    from tests.factories import CoupleFactory

    ExerciseRun.objects.filter(pk=run.pk).update(couple=CoupleFactory())


@pytest.fixture
def live(db):
    cohort, coach, couples = running_cohort(couples=2)
    session = live_session_start(coach=coach, cohort=cohort, exercise_key="bril-momenten")
    runs = [live_session_join(user=c.partner_a, session=session) for c in couples]
    return session, coach, couples, runs


async def test_coach_socket_paces_the_group_and_never_sees_content(live):
    session, coach, couples, runs = live
    one = couples[0]
    coach_ws, ok, _ = await connect(f"/ws/live/{session.pk}/", coach)
    assert ok
    snapshot = await receive_until(coach_ws, "snapshot")
    assert [c["run_id"] for c in snapshot["couples"]] == [r.pk for r in runs]
    assert snapshot["session"]["step_index"] == 0 and snapshot["enrolled_couples"] == 2

    anna, _, _ = await connect(f"/ws/exercises/{runs[0].pk}/", one.partner_a)
    bas, _, _ = await connect(f"/ws/exercises/{runs[0].pk}/", one.partner_b)
    assert (await receive_until(anna, "snapshot"))["limit"] == 0
    await receive_until(bas, "snapshot")
    presence = await receive_until(coach_ws, "couple_presence")
    assert presence["run_id"] == runs[0].pk

    await action(anna, "anna-00001", "ready")
    await action(bas, "bas-000001", "ready")
    update = await receive_until(coach_ws, "couple")
    while not update["summary"]["held_by_coach"]:
        update = await receive_until(coach_ws, "couple")
    assert update["summary"]["step_index"] == 0

    await coach_ws.send_json_to({"type": "announce", "text": "Neem de tijd voor je moment.", "id": "c-1"})
    announcement = await receive_until(anna, "session")
    assert announcement["session"]["announcement"] == "Neem de tijd voor je moment."

    await coach_ws.send_json_to({"type": "advance", "id": "c-2"})
    moved = await receive_until(anna, "state")
    while moved["state"]["step_index"] != 1:
        moved = await receive_until(anna, "state")
    assert moved["limit"] == 1

    await action(anna, "anna-00002", "submit", value="Toen je niet terugbelde, zag ik alleen maar afwijzing.")
    update = await receive_until(coach_ws, "couple")
    assert "afwijzing" not in json.dumps(update)

    await coach_ws.send_json_to({"type": "timer", "minutes": 500, "id": "c-3"})
    assert (await receive_until(coach_ws, "error"))["code"] == "invalid"
    for ws in (coach_ws, anna, bas):
        await ws.disconnect()


async def test_only_the_cohorts_coach_may_open_the_coach_socket(live):
    session, _coach, couples, _runs = live
    _, ok, code = await connect(f"/ws/live/{session.pk}/", couples[0].partner_a)
    assert (ok, code) == (False, 4403)
    other = await sync_to_async(CoachFactory)()
    _, ok, code = await connect(f"/ws/live/{session.pk}/", other)
    assert (ok, code) == (False, 4403)
    _, ok, code = await connect(f"/ws/live/{session.pk + 99}/", other)
    assert (ok, code) == (False, 4404)
    _, ok, code = await connect(f"/ws/live/{session.pk}/", None)
    assert (ok, code) == (False, 4401)


async def test_connect_storm_all_accepted(setup_run):
    """A few hundred sockets at once: group_add must not run out of Redis connections."""
    couple, run = setup_run
    cookie_a = await sync_to_async(_cookie_for)(couple.partner_a)
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie_a)]
    sockets = [WebsocketCommunicator(application, f"/ws/exercises/{run.pk}/", headers=headers) for _ in range(300)]
    results = await asyncio.gather(*(s.connect(timeout=60) for s in sockets))
    assert all(ok for ok, _code in results)
    snapshots = await asyncio.gather(*(receive_until(s, "snapshot", wait=30) for s in sockets))
    assert {s["seq"] for s in snapshots} == {0}
    await asyncio.gather(*(s.disconnect() for s in sockets))


async def test_an_idle_socket_stays_open_and_still_relays(setup_run):
    """redis-py 8's default 5 s read timeout used to kill idle consumers (channels_redis#422)."""
    couple, run = setup_run
    path = f"/ws/exercises/{run.pk}/"
    anna, _, _ = await connect(path, couple.partner_a)
    bas, _, _ = await connect(path, couple.partner_b)
    await receive_until(anna, "snapshot")
    await receive_until(bas, "snapshot")
    await asyncio.sleep(7)
    await action(anna, "anna-idle-01", "ready")
    relayed = await receive_until(bas, "state")
    assert relayed["seq"] == 1
    await anna.disconnect()
    await bas.disconnect()
