"""Reads on assessments. Callers decide what a viewer may see (consent, reveal)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .models import AssessmentResponse


@dataclass(frozen=True)
class AssessmentStatus:
    """Where one person stands: started / finished, and their latest finished result."""

    user_id: int
    started: bool
    finished: bool
    anxiety: Decimal | None = None
    avoidance: Decimal | None = None
    style: str = ""
    strength: Decimal | None = None
    finished_at: datetime | None = None


def assessment_status_for_users(*, user_ids: Iterable[int]) -> dict[int, AssessmentStatus]:
    """Status of every given user in two queries, whatever their number (dashboard use)."""
    ids = list(set(user_ids))
    open_ids = set(
        AssessmentResponse.objects.filter(user_id__in=ids, submitted_at__isnull=True).values_list("user_id", flat=True)
    )
    latest: dict[int, AssessmentResponse] = {}
    finished = (
        AssessmentResponse.objects.filter(user_id__in=ids, submitted_at__isnull=False)
        .order_by("user_id", "-submitted_at", "-pk")
        .only("user_id", "anxiety", "avoidance", "style", "strength", "submitted_at")
    )
    for response in finished:
        latest.setdefault(response.user_id, response)
    result = {}
    for user_id in ids:
        done = latest.get(user_id)
        result[user_id] = AssessmentStatus(
            user_id=user_id,
            started=done is not None or user_id in open_ids,
            finished=done is not None,
            anxiety=done.anxiety if done else None,
            avoidance=done.avoidance if done else None,
            style=done.style if done else "",
            strength=done.strength if done else None,
            finished_at=done.submitted_at if done else None,
        )
    return result
