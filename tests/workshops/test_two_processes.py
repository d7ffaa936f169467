"""Two real ASGI server processes behind one Redis and one PostgreSQL behave as one site:
the partners are connected to different processes and see each other's changes."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websockets
from django.conf import settings
from django.test import Client

from tests.workshops.live_support import module_with_exercise, running_cohort
from workshops.exercise_services import exercise_run_start_or_join

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _needs_shared_services():
    shared = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and settings.REDIS_URL
    if not shared:
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail("CI must run this with DATABASE_URL (PostgreSQL) and REDIS_URL set")
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL): processes cannot share SQLite memory")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start")


@pytest.fixture
def two_servers():
    _needs_shared_services()
    ports = [_free_port(), _free_port()]
    procs = [_start_server(port) for port in ports]
    try:
        for port, proc in zip(ports, procs, strict=True):
            _wait_until_listening(port, proc)
        yield ports
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


def _cookie(user) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _frame(ws, frame_type: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame["type"] == frame_type:
            return frame


def test_partners_on_different_processes_see_each_others_changes(two_servers):
    _cohort, _coach, (couple,) = running_cohort(couples=1)
    run = exercise_run_start_or_join(user=couple.partner_a, module=module_with_exercise("bril-momenten"))
    cookie_a, cookie_b = _cookie(couple.partner_a), _cookie(couple.partner_b)
    port_a, port_b = two_servers

    async def scenario():
        def headers(port, cookie):
            return {"Origin": f"http://127.0.0.1:{port}", "Cookie": cookie}

        url = "ws://127.0.0.1:{}/ws/exercises/" + f"{run.pk}/"
        async with (
            websockets.connect(url.format(port_a), additional_headers=headers(port_a, cookie_a)) as anna,
            websockets.connect(url.format(port_b), additional_headers=headers(port_b, cookie_b)) as bas,
        ):
            await _frame(anna, "snapshot")
            await _frame(bas, "snapshot")
            # Anna (process 1) is told that Bas (process 2) connected.
            seen = await _frame(anna, "presence")
            while str(couple.partner_b_id) not in seen["presence"]:
                seen = await _frame(anna, "presence")

            await anna.send(json.dumps({"type": "action", "id": "anna-p1-0001", "action": "ready", "payload": {}}))
            relayed = await _frame(bas, "state")
            assert relayed["seq"] == 1
            assert relayed["state"]["steps"]["uitleg"]["ready"] == [couple.partner_a_id]

            await bas.send(json.dumps({"type": "action", "id": "bas-p2-00001", "action": "ready", "payload": {}}))
            back = await _frame(anna, "state")
            while back["seq"] < 2:
                back = await _frame(anna, "state")
            assert back["state"]["step_index"] == 1

    asyncio.run(scenario())
