"""Pacing as a pure function: dates, daylight saving, the both-finished rule, pauses, early opening, extensions."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshops.pacing import Extension, ModuleSlot, Pause, Plan, Scope, State, module_availability

AMS = ZoneInfo("Europe/Amsterdam")
MODULES = [ModuleSlot(key=n, unlock_offset=n) for n in range(8)]
START = date(2026, 5, 4)  # a Monday, far from any clock change


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in Amsterdam local time."""
    return datetime.combine(day, time(hour, minute), tzinfo=AMS)


def states(plan: Plan, now: datetime) -> dict:
    return {a.key: a for a in module_availability(modules=MODULES, plan=plan, now=now)}


def plan(**extra) -> Plan:
    return Plan(starts_on=START, cadence_days=7, timezone="Europe/Amsterdam", **extra)


def test_date_only_each_module_opens_at_local_midnight_of_its_day():
    before_start = states(plan(), at(START) - timedelta(minutes=1))
    assert before_start[0].state == State.NOT_YET
    assert before_start[0].opens_at == at(START)

    day_before = states(plan(), at(START + timedelta(days=7)) - timedelta(seconds=1))
    assert day_before[0].is_open
    assert day_before[1].state == State.NOT_YET
    assert day_before[1].opens_at == at(date(2026, 5, 11))

    that_midnight = states(plan(), at(date(2026, 5, 11)))
    assert [k for k, a in that_midnight.items() if a.is_open] == [0, 1]
    assert that_midnight[2].opens_at == at(date(2026, 5, 18))


@pytest.mark.parametrize(
    ("starts_on", "changed_offset", "hours_between"),
    [
        (date(2026, 3, 23), "+02:00", 7 * 24 - 1),  # clocks go forward on 29 March 2026
        (date(2026, 10, 19), "+01:00", 7 * 24 + 1),  # and back on 25 October 2026
    ],
)
def test_a_daylight_saving_change_between_two_unlocks_keeps_the_opening_at_midnight(
    starts_on, changed_offset, hours_between
):
    dst_plan = Plan(starts_on=starts_on, cadence_days=7, timezone="Europe/Amsterdam")
    first_day, second_day = starts_on, starts_on + timedelta(days=7)
    result = states(dst_plan, at(second_day, 12))
    assert result[0].opens_at.astimezone(AMS).time() == time(0, 0)
    assert result[1].opens_at.astimezone(AMS).time() == time(0, 0)
    assert result[1].opens_at.isoformat().endswith(changed_offset)
    assert result[0].opens_at.utcoffset() != result[1].opens_at.utcoffset()
    # Seven calendar days, but not 7 × 24 hours: a UTC-based schedule would be an hour off.
    elapsed = result[1].opens_at.astimezone(UTC) - result[0].opens_at.astimezone(UTC)
    assert elapsed == timedelta(hours=hours_between)

    midnight_utc = at(second_day).astimezone(UTC)
    assert not states(dst_plan, midnight_utc - timedelta(minutes=1))[1].is_open
    assert states(dst_plan, midnight_utc)[1].is_open
    assert states(dst_plan, at(first_day))[0].is_open


def test_other_timezones_open_at_their_own_midnight():
    tokyo = Plan(starts_on=START, cadence_days=7, timezone="Asia/Tokyo")
    opens = states(tokyo, at(START))[1].opens_at
    assert opens == datetime(2026, 5, 11, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert states(tokyo, at(START))[0].is_open  # Tokyo's 4 May began seven hours before Amsterdam's


def test_both_finished_rule_waits_for_whichever_is_later():
    day_of_module_2 = at(date(2026, 5, 18), 9)
    waiting = states(plan(require_both_finished=True, finished_by_both=frozenset({0})), day_of_module_2)
    assert waiting[1].is_open  # module 0 was finished by both
    assert waiting[2].state == State.WAITING_FOR_PREVIOUS
    assert waiting[2].previous_key == 1

    finished = states(plan(require_both_finished=True, finished_by_both=frozenset({0, 1})), day_of_module_2)
    assert finished[2].is_open

    # Finished early does not open the next module before its date.
    early_birds = states(plan(require_both_finished=True, finished_by_both=frozenset({0, 1, 2})), day_of_module_2)
    assert early_birds[3].state == State.NOT_YET

    # Without the rule, the date alone decides.
    assert states(plan(), day_of_module_2)[2].is_open


def test_a_cohort_pause_holds_modules_that_were_not_open_yet():
    pause_start = at(date(2026, 5, 13), 10)  # module 1 opened on the 11th, module 2 is due on the 18th
    paused = plan(pauses=[Pause(started_at=pause_start)])
    much_later = states(paused, at(date(2026, 6, 30)))
    assert much_later[0].is_open and much_later[1].is_open
    for n in range(2, 8):
        assert much_later[n].state == State.PAUSED
        assert much_later[n].paused_since == pause_start
        assert much_later[n].pause_scope == Scope.COHORT


def test_resuming_shifts_the_held_modules_by_the_days_the_pause_lasted():
    # Paused Wednesday 13 May 10:00, resumed Saturday 16 May 15:00: three midnights passed.
    resumed = plan(pauses=[Pause(started_at=at(date(2026, 5, 13), 10), ended_at=at(date(2026, 5, 16), 15))])
    result = states(resumed, at(date(2026, 5, 19)))
    assert result[1].is_open
    assert result[2].state == State.NOT_YET
    assert result[2].opens_at == at(date(2026, 5, 21))  # 18 May + 3 days, still at midnight
    assert result[2].extra_days == 3
    assert result[7].opens_at == at(date(2026, 6, 22) + timedelta(days=3))
    assert states(resumed, at(date(2026, 5, 21)))[2].is_open


def test_a_pause_within_one_day_moves_nothing():
    short = plan(pauses=[Pause(started_at=at(date(2026, 5, 13), 9), ended_at=at(date(2026, 5, 13), 17))])
    assert states(short, at(date(2026, 5, 18)))[2].is_open


def test_a_pause_across_an_opening_midnight_moves_that_module_one_day():
    overnight = plan(pauses=[Pause(started_at=at(date(2026, 5, 17), 23), ended_at=at(date(2026, 5, 18), 1))])
    result = states(overnight, at(date(2026, 5, 18), 12))
    assert result[2].state == State.NOT_YET
    assert result[2].opens_at == at(date(2026, 5, 19))


def test_a_second_pause_does_not_relock_what_opened_between_the_two():
    two = plan(
        pauses=[
            Pause(started_at=at(date(2026, 5, 13), 10), ended_at=at(date(2026, 5, 15), 10)),  # +2 days
            Pause(started_at=at(date(2026, 5, 25), 10)),  # module 2 opened on the 20th
        ]
    )
    result = states(two, at(date(2026, 6, 10)))
    assert result[2].is_open
    assert result[2].opens_at == at(date(2026, 5, 20))
    assert result[3].state == State.PAUSED


def test_the_coach_can_open_a_module_early_for_everyone_even_during_a_pause():
    early = plan(opened_early=frozenset({4}), pauses=[Pause(started_at=at(date(2026, 5, 13)))])
    result = states(early, at(date(2026, 5, 14)))
    assert result[4].state == State.OPENED_EARLY and result[4].is_open
    assert result[2].state == State.PAUSED  # the others keep their schedule
    assert result[5].state == State.PAUSED
    # The early opening also wins over the both-finished rule.
    strict = plan(opened_early=frozenset({2}), require_both_finished=True)
    assert states(strict, at(date(2026, 5, 12)))[2].is_open


def test_an_extension_gives_one_couple_more_time_without_closing_what_they_have():
    granted = at(date(2026, 5, 12), 14)  # module 1 open since the 11th
    extended = plan(extensions=[Extension(granted_at=granted, days=4)])
    result = states(extended, at(date(2026, 5, 19)))
    assert result[1].is_open
    assert result[2].state == State.NOT_YET
    assert result[2].opens_at == at(date(2026, 5, 22))
    assert result[3].opens_at == at(date(2026, 5, 29))
    # Before it was granted, it changed nothing.
    assert states(extended, at(date(2026, 5, 12), 13))[2].opens_at == at(date(2026, 5, 18))


def test_a_couple_pause_reads_as_theirs_and_overlap_with_the_cohort_counts_once():
    couple_only = plan(pauses=[Pause(started_at=at(date(2026, 5, 13), 10), scope=Scope.COUPLE)])
    assert states(couple_only, at(date(2026, 5, 20)))[2].pause_scope == Scope.COUPLE

    overlapping = plan(
        pauses=[
            Pause(started_at=at(date(2026, 5, 13), 10), ended_at=at(date(2026, 5, 16), 10)),  # cohort: 13-16
            Pause(
                started_at=at(date(2026, 5, 14), 10), ended_at=at(date(2026, 5, 15), 10), scope=Scope.COUPLE
            ),  # inside
        ]
    )
    assert states(overlapping, at(date(2026, 5, 30)))[2].opens_at == at(date(2026, 5, 21))  # +3, not +4


def test_a_naive_clock_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        module_availability(modules=MODULES, plan=plan(), now=datetime(2026, 5, 4))  # noqa: DTZ001


@given(
    starts_on=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    cadence=st.integers(min_value=1, max_value=60),
    zone=st.sampled_from(["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "UTC"]),
)
def test_every_opening_is_local_midnight_and_in_course_order(starts_on, cadence, zone):
    any_plan = Plan(starts_on=starts_on, cadence_days=cadence, timezone=zone)
    result = module_availability(modules=MODULES, plan=any_plan, now=datetime(2040, 1, 1, tzinfo=UTC))
    openings = [a.opens_at for a in result]
    assert all(o.astimezone(ZoneInfo(zone)).time() == time(0, 0) for o in openings)
    assert openings == sorted(openings) and len(set(openings)) == len(openings)
    assert all(a.is_open for a in result)
