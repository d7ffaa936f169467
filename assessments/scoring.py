"""Scoring of the attachment questionnaire: pure functions, no database, no Django.

Conventions (tested in tests/assessments/test_scoring.py):
- answers run from 1 ("helemaal mee oneens") to 7 ("helemaal mee eens");
- a reverse-keyed answer v counts as 8 - v;
- a scale score is the plain mean of its (keyed) answers, so it lies in 1..7;
- the midpoint 4 is the boundary between low and high, and a score of **exactly 4.0 counts as
  high** (the insecure side: a mean right on the boundary is not read as reassurance);
- strength is the distance of (avoidance, anxiety) from the centre (4, 4), divided by the
  largest possible distance (a corner, 3 * sqrt(2)), so it lies in 0..1: 0 is right in the
  middle (no clear leaning), 1 is a corner (every answer at the extreme of both scales).

Means are exact fractions until the final rounding to two decimals, so the style of a score
on the boundary never depends on floating-point noise. The rounding is half-to-even, which is
symmetric around 4: mirrored answers give stored scores that add up to exactly 8.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

SCALE_MIN = 1
SCALE_MAX = 7
MIDPOINT = Fraction(SCALE_MIN + SCALE_MAX, 2)  # 4
ANXIETY = "anxiety"
AVOIDANCE = "avoidance"
SCALES = (ANXIETY, AVOIDANCE)

SECURE = "secure"
PREOCCUPIED = "preoccupied"
DISMISSING = "dismissing"
FEARFUL = "fearful"
STYLES = (SECURE, PREOCCUPIED, DISMISSING, FEARFUL)

_MAX_DISTANCE = math.hypot(SCALE_MAX - MIDPOINT, SCALE_MAX - MIDPOINT)
_TWO_PLACES = Decimal("0.01")


class ScoringError(ValueError):
    """The answers cannot be scored (a value out of range, or a scale without answers)."""


@dataclass(frozen=True)
class KeyedAnswer:
    scale: str
    reverse_keyed: bool
    value: int


@dataclass(frozen=True)
class Scores:
    anxiety: Decimal
    avoidance: Decimal
    style: str
    strength: Decimal


def reverse_key(value: int) -> int:
    """8 - v on the 1..7 scale: 1 <-> 7, 2 <-> 6, 3 <-> 5, 4 stays 4."""
    _check_value(value)
    return SCALE_MIN + SCALE_MAX - value


def keyed_value(answer: KeyedAnswer) -> int:
    return reverse_key(answer.value) if answer.reverse_keyed else _check_value(answer.value)


def scale_means(answers: Iterable[KeyedAnswer]) -> dict[str, Fraction]:
    """Exact mean of the keyed answers per scale; every scale needs at least one answer."""
    totals = {scale: 0 for scale in SCALES}
    counts = {scale: 0 for scale in SCALES}
    for answer in answers:
        if answer.scale not in totals:
            raise ScoringError(f"unknown scale {answer.scale!r}")
        totals[answer.scale] += keyed_value(answer)
        counts[answer.scale] += 1
    for scale in SCALES:
        if counts[scale] == 0:
            raise ScoringError(f"no answers on scale {scale!r}")
    return {scale: Fraction(totals[scale], counts[scale]) for scale in SCALES}


def is_high(score: Fraction | Decimal | float) -> bool:
    """High on a scale means at or above the midpoint: exactly 4.0 counts as high."""
    return Fraction(score) >= MIDPOINT


def style_for(*, anxiety: Fraction | Decimal | float, avoidance: Fraction | Decimal | float) -> str:
    """The quadrant: low/low secure, high anxiety only preoccupied, high avoidance only
    dismissing, high on both fearful."""
    anxious, avoidant = is_high(anxiety), is_high(avoidance)
    if anxious and avoidant:
        return FEARFUL
    if anxious:
        return PREOCCUPIED
    if avoidant:
        return DISMISSING
    return SECURE


def strength_for(*, anxiety: Fraction | Decimal | float, avoidance: Fraction | Decimal | float) -> float:
    """Distance from the centre (4, 4) scaled to 0..1 (see the module docstring)."""
    distance = math.hypot(float(anxiety) - float(MIDPOINT), float(avoidance) - float(MIDPOINT))
    return min(distance / _MAX_DISTANCE, 1.0)


def score(answers: Iterable[KeyedAnswer]) -> Scores:
    """Everything stored on a submitted sitting, rounded to two decimals."""
    means = scale_means(answers)
    anxiety, avoidance = means[ANXIETY], means[AVOIDANCE]
    return Scores(
        anxiety=_round(anxiety),
        avoidance=_round(avoidance),
        style=style_for(anxiety=anxiety, avoidance=avoidance),
        strength=_round(strength_for(anxiety=anxiety, avoidance=avoidance)),
    )


def _round(value: Fraction | float) -> Decimal:
    if isinstance(value, Fraction):
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_TWO_PLACES, rounding=ROUND_HALF_EVEN)
    return Decimal(repr(value)).quantize(_TWO_PLACES, rounding=ROUND_HALF_EVEN)


def _check_value(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise ScoringError(f"answer {value!r} is outside {SCALE_MIN}..{SCALE_MAX}")
    return value
