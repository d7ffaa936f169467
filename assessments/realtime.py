"""Live events of the assessments app: group names, event shapes and the broadcast helper.

Events are sent only from services (after commit). A browser on the pairing page listens on
`/ws/vragenlijst/` (assessments.consumers.AssessmentConsumer) and reloads on a reveal; a plain
page refresh shows the same result, so a missed event loses nothing.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse


class PairingRevealedEvent(TypedDict):
    type: Literal["pairing.revealed"]
    url: str


def user_group(user_id: int) -> str:
    """One group per person: every open tab of theirs joins it."""
    return f"assessments.user.{int(user_id)}"


def broadcast_pairing_revealed(*, user_ids: list[int]) -> None:
    """Tell both partners that their pairing can be seen now (or has changed after a retake)."""
    layer = get_channel_layer()
    if layer is None:
        return
    event: PairingRevealedEvent = {"type": "pairing.revealed", "url": reverse("assessments:pairing")}
    for user_id in user_ids:
        async_to_sync(layer.group_send)(user_group(user_id), event)
