"""The scoring module on its own: hand-computed values, the quadrant edges, and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import KeyedAnswer, ScoringError


def answers(anxiety: list[int], avoidance: list[int], *, reversed_anx=(), reversed_avo=()):
    return [KeyedAnswer("anxiety", i in reversed_anx, v) for i, v in enumerate(anxiety)] + [
        KeyedAnswer("avoidance", i in reversed_avo, v) for i, v in enumerate(avoidance)
    ]


@pytest.mark.parametrize(("value", "keyed"), [(1, 7), (2, 6), (3, 5), (4, 4), (5, 3), (6, 2), (7, 1)])
def test_reverse_key_is_eight_minus_the_answer(value, keyed):
    assert scoring.reverse_key(value) == keyed


@pytest.mark.parametrize("value", [0, 8, -1, True, 3.5, "4"])
def test_values_outside_one_to_seven_cannot_be_scored(value):
    with pytest.raises(ScoringError):
        scoring.reverse_key(value)


def test_hand_computed_means_with_reverse_keys():
    # anxiety: 6, 5, and a reversed 2 (= 6), 7 -> (6 + 5 + 6 + 7) / 4 = 6.00
    # avoidance: 1, reversed 7 (= 1), 3, reversed 4 (= 4) -> (1 + 1 + 3 + 4) / 4 = 2.25
    result = scoring.score(answers([6, 5, 2, 7], [1, 7, 3, 4], reversed_anx={2}, reversed_avo={1, 3}))
    assert result.anxiety == Decimal("6.00")
    assert result.avoidance == Decimal("2.25")
    assert result.style == scoring.PREOCCUPIED
    # distance from (4, 4) = hypot(2, 1.75) = 2.6575..., / (3 * sqrt 2 = 4.2426...) = 0.626...
    assert result.strength == Decimal("0.63")


def test_means_round_to_two_decimals():
    # anxiety (5 + 5 + 6) / 3 = 5.333.. -> 5.33; avoidance (2 + 3 + 3) / 3 = 2.666.. -> 2.67
    result = scoring.score(answers([5, 5, 6], [2, 3, 3]))
    assert (result.anxiety, result.avoidance) == (Decimal("5.33"), Decimal("2.67"))


@pytest.mark.parametrize(
    ("anxiety", "avoidance", "style"),
    [
        # exactly on the midpoint counts as high (documented in assessments/scoring.py)
        (Fraction(4), Fraction(4), scoring.FEARFUL),
        (Fraction(4), Fraction(399, 100), scoring.PREOCCUPIED),
        (Fraction(399, 100), Fraction(4), scoring.DISMISSING),
        (Fraction(399, 100), Fraction(399, 100), scoring.SECURE),
        (Fraction(1), Fraction(1), scoring.SECURE),
        (Fraction(7), Fraction(1), scoring.PREOCCUPIED),
        (Fraction(1), Fraction(7), scoring.DISMISSING),
        (Fraction(7), Fraction(7), scoring.FEARFUL),
    ],
)
def test_quadrant_edges(anxiety, avoidance, style):
    assert scoring.style_for(anxiety=anxiety, avoidance=avoidance) == style


def test_a_mean_of_exactly_four_from_answers_is_high():
    # anxiety (3 + 5) / 2 = 4.0 -> high; avoidance (3 + 4) / 2 = 3.5 -> low
    result = scoring.score(answers([3, 5], [3, 4]))
    assert result.anxiety == Decimal("4.00")
    assert result.style == scoring.PREOCCUPIED


def test_strength_is_zero_in_the_centre_and_one_in_a_corner():
    assert scoring.strength_for(anxiety=4, avoidance=4) == 0
    assert scoring.strength_for(anxiety=7, avoidance=1) == pytest.approx(1.0)
    assert scoring.strength_for(anxiety=1, avoidance=1) == pytest.approx(1.0)
    # one axis at its end, the other in the middle: 3 / (3 * sqrt 2) = 0.7071
    assert scoring.strength_for(anxiety=7, avoidance=4) == pytest.approx(0.70711, abs=1e-5)


def test_a_scale_without_answers_cannot_be_scored():
    with pytest.raises(ScoringError):
        scoring.score([KeyedAnswer("anxiety", False, 4)])


answer_lists = st.lists(st.tuples(st.booleans(), st.integers(1, 7)), min_size=1, max_size=30)


@given(anx=answer_lists, avo=answer_lists)
def test_scores_stay_within_one_to_seven_and_strength_within_zero_to_one(anx, avo):
    result = scoring.score(
        [KeyedAnswer("anxiety", r, v) for r, v in anx] + [KeyedAnswer("avoidance", r, v) for r, v in avo]
    )
    assert Decimal(1) <= result.anxiety <= Decimal(7)
    assert Decimal(1) <= result.avoidance <= Decimal(7)
    assert Decimal(0) <= result.strength <= Decimal(1)
    assert result.style in scoring.STYLES


@given(anx=answer_lists, avo=answer_lists)
def test_reversing_every_answer_mirrors_the_scores_around_four(anx, avo):
    original = [KeyedAnswer("anxiety", r, v) for r, v in anx] + [KeyedAnswer("avoidance", r, v) for r, v in avo]
    mirrored = [KeyedAnswer(a.scale, a.reverse_keyed, 8 - a.value) for a in original]
    means, mirror_means = scoring.scale_means(original), scoring.scale_means(mirrored)
    for scale in scoring.SCALES:
        assert mirror_means[scale] == 8 - means[scale]
    first, second = scoring.score(original), scoring.score(mirrored)
    assert first.strength == second.strength
    assert first.anxiety + second.anxiety == Decimal(8)
    assert first.avoidance + second.avoidance == Decimal(8)
