"""Benchmarks: request latency of the main pages through Django's test client.

Prints percentiles; never asserts timings. Run with `make bench`.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:///" + str(Path(__file__).resolve().parents[1] / "var" / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def measure(label: str, client: Client, path: str, rounds: int = 200) -> None:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code not in (200, 302):
            raise SystemExit(f"{path} answered {response.status_code}")
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"{label:<28} n={rounds:<4} p50={p50:6.2f} ms  p99={p99:6.2f} ms")


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    anonymous = Client()
    measure("home (anonymous)", anonymous, "/")
    measure("login page", anonymous, "/accounts/login/")
    measure("healthz", anonymous, "/healthz", rounds=50)
    from accounts.models import User

    participant = Client()
    participant.force_login(User.objects.get(email="partner-a1@example.com"))
    measure("home (participant)", participant, "/")


if __name__ == "__main__":
    main()
