"""Load benchmark of the live path: N couples, each partner on its own socket, one uvicorn
process; measures the time from one partner's action to the other partner's state frame.

Prints percentiles and counts; asserts nothing. With BENCH_DATABASE_URL (PostgreSQL) and
REDIS_URL it measures the production path (database row lock + Redis channel layer);
otherwise SQLite and the in-memory layer.

    .venv/bin/python bench/live_load.py --couples 150 --rounds 3
"""

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _env() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench-live.sqlite3'}"
    env.setdefault("CHANNEL_LAYER_PREFIX", "bench")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def prepare(couples: int) -> list[dict]:
    """Fresh schema, a running cohort with `couples` couples, one run each; return cookies."""
    os.environ.update(_env())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from cohorts.models import Cohort
    from tests.workshops.live_support import module_with_exercise, running_cohort
    from workshops.exercise_services import exercise_run_start_or_join

    Cohort.objects.filter(title="Live groep").delete()
    _cohort, _coach, made = running_cohort(couples=couples)
    module = module_with_exercise("behoeftekaarten")
    plan = []
    for couple in made:
        run = exercise_run_start_or_join(user=couple.partner_a, module=module)
        cookies = []
        for partner in couple.partners:
            client = Client()
            client.force_login(partner, backend="django.contrib.auth.backends.ModelBackend")
            cookies.append(f"sessionid={client.cookies['sessionid'].value}")
        plan.append({"run": run.pk, "a": couple.partner_a_id, "cookies": cookies})
    connection.close()
    return plan


async def couple_session(port: int, item: dict, rounds: int, think: float, latencies: list, failures: list) -> None:
    import websockets

    url = f"ws://127.0.0.1:{port}/ws/exercises/{item['run']}/"
    origin = f"http://127.0.0.1:{port}"
    try:
        async with (
            websockets.connect(url, additional_headers={"Origin": origin, "Cookie": item["cookies"][0]}) as a,
            websockets.connect(url, additional_headers={"Origin": origin, "Cookie": item["cookies"][1]}) as b,
        ):
            seq = (await _next(a, "snapshot"))["seq"]
            await _next(b, "snapshot")
            for i in range(rounds):
                # A "sync" is not a change; "ready" on the reading step is, the first time only,
                # so use pause/back pairs: each is a real, locked, sequenced change.
                for actor, listener, action, payload in (
                    (a, b, "pause", {"minutes": 30}),
                    (b, a, "back", {}),
                    (a, b, "back", {}),
                ):
                    if think:  # people read and type between actions; spread them out
                        await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
                    started = time.perf_counter()
                    await actor.send(
                        json.dumps(
                            {
                                "type": "action",
                                "id": f"bench-{item['run']}-{i}-{action}-{id(actor)}",
                                "action": action,
                                "payload": payload,
                            }
                        )
                    )
                    frame = await _next(listener, "state")
                    while frame["seq"] <= seq:  # the listener also saw its own earlier change
                        frame = await _next(listener, "state")
                    latencies.append((time.perf_counter() - started) * 1000)
                    if frame["seq"] != seq + 1:
                        failures.append(f"run {item['run']}: expected seq {seq + 1}, got {frame['seq']}")
                    seq = frame["seq"]
    except Exception as exc:  # noqa: BLE001 (a benchmark reports every failure and goes on)
        failures.append(f"run {item['run']}: {exc.__class__.__name__}: {exc}")


async def _next(ws, frame_type: str) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 15))
        if frame["type"] == frame_type:
            return frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--couples", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean seconds between a couple's actions (0 = all at once)"
    )
    args = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    plan = prepare(args.couples)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        latencies: list[float] = []
        failures: list[str] = []
        started = time.perf_counter()

        async def run_all():
            await asyncio.gather(
                *(couple_session(port, item, args.rounds, args.think, latencies, failures) for item in plan)
            )

        asyncio.run(run_all())
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)

    latencies.sort()
    expected = args.couples * args.rounds * 3
    layer = "redis" if os.environ.get("REDIS_URL") else "in-memory"
    db = "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"
    print(
        f"live path: {args.couples} couples x {args.rounds} rounds, think {args.think} s, "
        f"{db} + {layer} layer, 1 process"
    )
    if latencies:
        p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]  # noqa: E731
        print(f"  relayed {len(latencies)}/{expected} changes in {elapsed:.1f} s ({len(latencies) / elapsed:.0f}/s)")
        print(
            f"  partner-to-partner latency p50={statistics.median(latencies):.1f} ms p95={p(0.95):.1f} ms "
            f"p99={p(0.99):.1f} ms max={latencies[-1]:.1f} ms"
        )
    print(f"  failures: {len(failures)}")
    for failure in failures[:10]:
        print("   ", failure)


if __name__ == "__main__":
    main()
