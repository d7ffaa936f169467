"""Liveness of the backing services, each probed with a short timeout, for /healthz."""

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)


async def _channel_layer_roundtrip() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned another message")


def check_channel_layer() -> None:
    async_to_sync(_channel_layer_roundtrip)()


def check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=settings.HEALTHZ_TIMEOUT_SECONDS)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}

_executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def run_checks() -> dict[str, str]:
    """Run every check in parallel; each answers "ok" or "error" within the timeout."""
    futures = {name: _executor.submit(_run_one, name, check) for name, check in CHECKS.items()}
    results = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=settings.HEALTHZ_TIMEOUT_SECONDS + 1)
        except FutureTimeout:
            logger.warning("healthz check timed out", extra={"check": name})
            results[name] = "error"
    return results


def _run_one(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception:
        logger.warning("healthz check failed", extra={"check": name}, exc_info=True)
        return "error"
    finally:
        if name == "database":
            connection.close()
    return "ok"
