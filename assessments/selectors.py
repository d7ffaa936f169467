"""Reads on assessments. Callers decide what a viewer may see (consent, reveal)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .models import AssessmentResponse, Item


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


# --- Taking the questionnaire ------------------------------------------------------------

PAGE_SIZE = 4  # four statements per page: short enough for a phone screen, few page turns


@dataclass(frozen=True)
class SittingItem:
    item: Item
    number: int
    value: int | None


@dataclass(frozen=True)
class SittingProgress:
    response: AssessmentResponse
    items: list[SittingItem]
    page_count: int

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for entry in self.items if entry.value is not None)

    @property
    def missing(self) -> list[SittingItem]:
        return [entry for entry in self.items if entry.value is None]

    def page(self, number: int) -> list[SittingItem]:
        start = (number - 1) * PAGE_SIZE
        return self.items[start : start + PAGE_SIZE]

    def page_of(self, entry: SittingItem) -> int:
        return (entry.number - 1) // PAGE_SIZE + 1

    @property
    def first_open_page(self) -> int:
        """Where to resume: the page of the first unanswered statement (1 if none yet)."""
        missing = self.missing
        return self.page_of(missing[0]) if missing else self.page_count


def sitting_open_for_user(*, user) -> AssessmentResponse | None:
    return AssessmentResponse.objects.filter(user=user, submitted_at__isnull=True).first()


def sitting_progress(*, response: AssessmentResponse) -> SittingProgress:
    """Every statement of the sitting with the person's saved answer (two queries)."""
    values = dict(response.answers.values_list("item_id", "value"))
    items = [
        SittingItem(item=item, number=number, value=values.get(item.pk))
        for number, item in enumerate(response.instrument.items.order_by("position"), start=1)
    ]
    return SittingProgress(response=response, items=items, page_count=max(1, -(-len(items) // PAGE_SIZE)))


def results_for_user(*, user) -> list[AssessmentResponse]:
    """The person's finished sittings, oldest first (the path of their retakes)."""
    return list(AssessmentResponse.objects.filter(user=user, submitted_at__isnull=False).order_by("submitted_at", "pk"))


def result_latest(*, user_id: int) -> AssessmentResponse | None:
    return (
        AssessmentResponse.objects.filter(user_id=user_id, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )


# --- The couple's pairing ------------------------------------------------------------------


class PairingState:
    NO_COUPLE = "no_couple"
    SELF_NOT_DONE = "self_not_done"
    WAITING_FOR_PARTNER = "waiting_for_partner"
    REVEALED = "revealed"


@dataclass(frozen=True)
class Pairing:
    """What a partner may see of the couple's results. `mine`/`theirs` only when revealed."""

    state: str
    couple: object | None = None
    partner: object | None = None
    mine: AssessmentResponse | None = None
    theirs: AssessmentResponse | None = None

    @property
    def revealed(self) -> bool:
        return self.state == PairingState.REVEALED


def pairing_for_user(*, user) -> Pairing:
    """Derived from both partners' latest finished sittings; never stored.

    Simultaneous reveal: the partner's scores are only returned once both have finished.
    """
    # Imported here: the cohort dashboard imports this module, so a top-level import would cycle.
    from cohorts.selectors import couple_current_for_user

    couple = couple_current_for_user(user=user)
    if couple is None:
        return Pairing(state=PairingState.NO_COUPLE)
    partner = couple.partner_of(user)
    mine = result_latest(user_id=user.pk)
    if mine is None:
        return Pairing(state=PairingState.SELF_NOT_DONE, couple=couple, partner=partner)
    theirs = result_latest(user_id=partner.pk)
    if theirs is None:
        return Pairing(state=PairingState.WAITING_FOR_PARTNER, couple=couple, partner=partner, mine=mine)
    return Pairing(state=PairingState.REVEALED, couple=couple, partner=partner, mine=mine, theirs=theirs)
