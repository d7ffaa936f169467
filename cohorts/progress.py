"""Extension point for per-partner progress columns on the coach's dashboard.

The module issue registers a provider (e.g. in its AppConfig.ready()); until then the dashboard
has no progress columns, and nothing is invented. A provider must answer for all users of a
cohort in a fixed number of queries, so the dashboard's query count stays independent of size.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ProgressColumn:
    key: str
    label: str  # already translated, or a lazy string


class ProgressProvider(Protocol):
    def columns(self, *, cohort) -> list[ProgressColumn]: ...

    def values(self, *, cohort, user_ids: Iterable[int]) -> dict[tuple[int, str], str]:
        """Display value per (user_id, column key); missing keys show as empty."""
        ...


_providers: list[ProgressProvider] = []


def register_progress_provider(provider: ProgressProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_progress_provider(provider: ProgressProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def progress_providers() -> list[ProgressProvider]:
    return list(_providers)
