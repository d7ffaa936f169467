"""/healthz: 200 when every backing service answers, 503 naming the ones that do not."""

import os
import shutil
import socket
import subprocess
import time

import pytest

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _point_redis_users_at(settings, monkeypatch, url: str) -> None:
    """Cache, channel layer and broker all use this Redis (as they do in production)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [{"address": url}]}}
    }
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "broker_write_url", url)


def test_healthz_all_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "channel_layer": "ok", "broker": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_reports_unreachable_redis_as_503(client, settings, monkeypatch):
    # Nothing listens on this port: the same as a Redis that has stopped.
    _point_redis_users_at(settings, monkeypatch, f"redis://127.0.0.1:{_free_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["broker", "cache", "channel_layer"]
    assert body["checks"]["database"] == "ok"


REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture
def throwaway_redis():
    """A real redis-server of our own on a spare port, so stopping it harms nobody else."""
    if REDIS_SERVER is None:
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail("redis-server is not installed: .ci/run installs it.")
        pytest.skip("redis-server not installed (apt-get install -y redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("throwaway redis-server did not start") from None
            time.sleep(0.05)
    yield proc, f"redis://127.0.0.1:{port}/0"
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_healthz_goes_from_200_to_503_when_redis_stops(client, settings, monkeypatch, throwaway_redis):
    proc, url = throwaway_redis
    _point_redis_users_at(settings, monkeypatch, url)
    assert client.get("/healthz").status_code == 200

    proc.terminate()
    proc.wait(timeout=10)
    # The channel layer keeps per-loop pools: a fresh layer object sees the stopped server.
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [{"address": url}]}}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert set(response.json()["failing"]) == {"broker", "cache", "channel_layer"}


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
