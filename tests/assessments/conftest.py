"""Fixtures for the assessments tests: the real questionnaire loaded through its service."""

import pytest

from assessments.content import instrument_files
from assessments.models import AssessmentResponse
from assessments.selectors import sitting_progress
from assessments.services import assessment_answer, assessment_start, assessment_submit, instrument_load


@pytest.fixture
def instrument(db):
    return instrument_load(path=instrument_files()[0]).instrument


def answers_for(response: AssessmentResponse, *, anxiety: int, avoidance: int) -> dict[int, int]:
    """Answers that put every keyed value of a scale at the given level."""
    levels = {"anxiety": anxiety, "avoidance": avoidance}
    return {
        entry.item.pk: (8 - levels[entry.item.scale]) if entry.item.reverse_keyed else levels[entry.item.scale]
        for entry in sitting_progress(response=response).items
    }


@pytest.fixture
def finish(instrument):
    """`finish(user, anxiety=6, avoidance=2)` takes and submits a whole sitting."""

    def run(user, *, anxiety: int = 2, avoidance: int = 2) -> AssessmentResponse:
        sitting = assessment_start(user=user)
        assessment_answer(
            user=user, response_id=sitting.pk, answers=answers_for(sitting, anxiety=anxiety, avoidance=avoidance)
        )
        return assessment_submit(user=user, response_id=sitting.pk)

    return run
