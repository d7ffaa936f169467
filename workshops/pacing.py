"""When a module opens for a couple: a pure function of the cohort's plan and the clock (no database).

The rules, in the order they are applied:

1. **Calendar.** Module with offset k opens at local midnight (`OPENS_AT`) of
   `starts_on + k × cadence_days`, in the cohort's timezone. Only dates are shifted, never
   durations, so a daylight-saving change between two unlocks does not move the opening hour.
2. **Pauses** (the whole cohort, or one couple). A module that was not open when a pause began
   stays locked while it lasts. When the pause ends, every such module moves by the number of
   calendar days the pause covered (local midnights passed: pausing and resuming on the same day
   moves nothing). A cohort pause and a couple pause that overlap count their overlap once.
3. **Extensions** (one couple, N days). Every module not yet open when the coach granted the
   extension opens N days later for that couple; modules they already have stay open.
4. **Both partners finished** (a cohort option). A module also waits until both partners finished
   the module before it ("whichever is later": the date and that). This rule looks at progress as
   it is now and is not held by a pause: the date was already reached, only the couple's own pace
   held it back.
5. **Opened early** by the coach for everyone: open, whatever 1-4 say.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

OPENS_AT = time(0, 0)


class Scope(StrEnum):
    COHORT = "cohort"
    COUPLE = "couple"


class State(StrEnum):
    OPEN = "open"
    OPENED_EARLY = "opened_early"
    NOT_YET = "not_yet"  # waits for its date (opens_at says when)
    PAUSED = "paused"  # waits for the coach to end a pause (paused_since, scope)
    WAITING_FOR_PREVIOUS = "waiting_for_previous"  # date reached; both partners must finish the previous module


@dataclass(frozen=True)
class ModuleSlot:
    key: Hashable  # the caller's id for the module
    unlock_offset: int


@dataclass(frozen=True)
class Pause:
    started_at: datetime
    ended_at: datetime | None = None  # None: still paused
    scope: Scope = Scope.COHORT


@dataclass(frozen=True)
class Extension:
    granted_at: datetime
    days: int


@dataclass(frozen=True)
class Plan:
    starts_on: date
    cadence_days: int
    timezone: str
    pauses: Sequence[Pause] = ()
    extensions: Sequence[Extension] = ()
    opened_early: frozenset = frozenset()  # module keys
    require_both_finished: bool = False
    finished_by_both: frozenset = frozenset()  # module keys both partners finished
    opens_at: time = OPENS_AT


@dataclass(frozen=True)
class Availability:
    key: Hashable
    state: State
    opens_at: datetime | None = None  # the (shifted) calendar moment; while paused: when it would have opened
    paused_since: datetime | None = None
    pause_scope: Scope | None = None
    previous_key: Hashable | None = None
    extra_days: int = 0  # days this module moved by pauses and extensions

    @property
    def is_open(self) -> bool:
        return self.state in (State.OPEN, State.OPENED_EARLY)


@dataclass(frozen=True)
class _Hold:
    """A merged pause interval (days=None), or an extension of `days` granted at `at`."""

    at: datetime
    until: datetime | None = None
    scope: Scope | None = None
    days: int | None = None

    @property
    def is_pause(self) -> bool:
        return self.days is None


def _merge_pauses(pauses: Iterable[Pause]) -> list[_Hold]:
    """Union of the pause intervals: an overlap of a cohort and a couple pause counts once.

    An ongoing merged pause reads as the cohort's when the cohort is paused, else as the couple's.
    """
    groups: list[list[Pause]] = []
    for pause in sorted(pauses, key=lambda p: p.started_at):
        if groups:
            ends = [p.ended_at for p in groups[-1]]
            until = None if None in ends else max(ends)
            if until is None or pause.started_at <= until:
                groups[-1].append(pause)
                continue
        groups.append([pause])
    holds = []
    for group in groups:
        ends = [p.ended_at for p in group]
        ongoing = [p for p in group if p.ended_at is None]
        scope = None
        if ongoing:
            scope = Scope.COHORT if any(p.scope == Scope.COHORT for p in ongoing) else Scope.COUPLE
        holds.append(_Hold(at=group[0].started_at, until=None if ongoing else max(ends), scope=scope))
    return holds


def _midnights_between(start: datetime, end: datetime, zone: ZoneInfo) -> int:
    return (end.astimezone(zone).date() - start.astimezone(zone).date()).days


def module_availability(*, modules: Sequence[ModuleSlot], plan: Plan, now: datetime) -> list[Availability]:
    """Availability of each module (in the order given, which must be course order) at `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(plan.timezone)
    holds = _merge_pauses(p for p in plan.pauses if p.started_at <= now)
    holds += [_Hold(at=e.granted_at, days=e.days) for e in plan.extensions if e.granted_at <= now]
    holds.sort(key=lambda h: h.at)

    def opening(day: date) -> datetime:
        return datetime.combine(day, plan.opens_at, tzinfo=zone)

    result: list[Availability] = []
    previous = None
    for slot in modules:
        scheduled = plan.starts_on + timedelta(days=slot.unlock_offset * plan.cadence_days)
        day = scheduled
        held: _Hold | None = None
        for hold in holds:
            if opening(day) <= hold.at:
                break  # open before this hold began; holds are in time order, so before all later ones too
            if not hold.is_pause:
                day += timedelta(days=hold.days)
            elif hold.until is None or hold.until > now:
                held = hold
                break
            else:
                day += timedelta(days=_midnights_between(hold.at, hold.until, zone))
        opens_at = opening(day)
        extra = (day - scheduled).days
        if slot.key in plan.opened_early:
            state = State.OPENED_EARLY
        elif held is not None:
            result.append(
                Availability(
                    key=slot.key,
                    state=State.PAUSED,
                    opens_at=opens_at,
                    paused_since=held.at,
                    pause_scope=held.scope,
                    extra_days=extra,
                )
            )
            previous = slot
            continue
        elif now < opens_at:
            state = State.NOT_YET
        elif plan.require_both_finished and previous is not None and previous.key not in plan.finished_by_both:
            state = State.WAITING_FOR_PREVIOUS
        else:
            state = State.OPEN
        result.append(
            Availability(
                key=slot.key,
                state=state,
                opens_at=opens_at,
                previous_key=previous.key if previous is not None else None,
                extra_days=extra,
            )
        )
        previous = slot
    return result
