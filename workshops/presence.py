"""Who is connected to a run, across web processes: kept in the shared cache (Redis in
production), one entry per open socket, each expiring unless its heartbeat renews it."""

from __future__ import annotations

import time

from django.core.cache import cache

# A socket that stops sending heartbeats (every 20 s) counts as gone after this long.
PRESENCE_TTL_SECONDS = 60


def _key(run_id: int) -> str:
    return f"presence:run:{int(run_id)}"


def _alive(entries: dict, now: float) -> dict:
    return {channel: (user_id, expires) for channel, (user_id, expires) in entries.items() if expires > now}


async def presence_touch(*, run_id: int, user_id: int, channel_name: str) -> dict[str, bool]:
    """Register or renew one socket; return who is connected. Last-writer-wins on a race
    between two sockets of the same run in the same instant, healed by the next heartbeat."""
    now = time.time()
    entries = _alive(await cache.aget(_key(run_id), {}), now)
    entries[channel_name] = (int(user_id), now + PRESENCE_TTL_SECONDS)
    await cache.aset(_key(run_id), entries, timeout=PRESENCE_TTL_SECONDS * 2)
    return _connected(entries)


async def presence_leave(*, run_id: int, channel_name: str) -> dict[str, bool]:
    now = time.time()
    entries = _alive(await cache.aget(_key(run_id), {}), now)
    entries.pop(channel_name, None)
    await cache.aset(_key(run_id), entries, timeout=PRESENCE_TTL_SECONDS * 2)
    return _connected(entries)


async def presence_for_run(*, run_id: int) -> dict[str, bool]:
    return _connected(_alive(await cache.aget(_key(run_id), {}), time.time()))


def presence_for_runs(*, run_ids: list[int]) -> dict[int, set[int]]:
    """Connected user ids per run, for the coach's overview (one cache round trip)."""
    now = time.time()
    values = cache.get_many([_key(run_id) for run_id in run_ids])
    result = {}
    for run_id in run_ids:
        entries = _alive(values.get(_key(run_id), {}), now)
        result[run_id] = {user_id for user_id, _expires in entries.values()}
    return result


def _connected(entries: dict) -> dict[str, bool]:
    return {str(user_id): True for user_id, _expires in entries.values()}
