"""Demo data for `seed_demo`: the questionnaire, and couple A's two finished sittings.

Anouk (partner-a1) leans anxious-preoccupied, Bas (partner-a2) avoidant-dismissing: the
pursue/withdraw pair the training is about. Couple B has not started.
"""

from cohorts.demo import demo_couple

from .content import instrument_files
from .models import AssessmentResponse
from .selectors import sitting_progress
from .services import assessment_answer, assessment_start, assessment_submit, instrument_load

# How strongly each person agrees with the (un-reversed) meaning of each scale, and a small
# item-to-item wobble so the answers look like a person's rather than a column of one number.
DEMO_PROFILES = {
    "partner-a1@example.com": {"anxiety": 6, "avoidance": 2},
    "partner-a2@example.com": {"anxiety": 2, "avoidance": 6},
}
WOBBLE = (0, 1, -1, 0, 1, 0, -1, 0, 0, 1, -1, 0)


def demo_answers(*, progress, profile: dict[str, int]) -> dict[int, int]:
    answers = {}
    for index, entry in enumerate(progress.items):
        level = min(7, max(1, profile[entry.item.scale] + WOBBLE[index % len(WOBBLE)]))
        answers[entry.item.pk] = 8 - level if entry.item.reverse_keyed else level
    return answers


def seed(*, stdout, options: dict) -> list[str]:
    for path in instrument_files():
        instrument_load(path=path)
    couple = demo_couple("A")
    for person in couple.partners:
        if AssessmentResponse.objects.filter(user=person, submitted_at__isnull=False).exists():
            continue
        sitting = assessment_start(user=person)
        answers = demo_answers(progress=sitting_progress(response=sitting), profile=DEMO_PROFILES[person.email])
        assessment_answer(user=person, response_id=sitting.pk, answers=answers)
        assessment_submit(user=person, response_id=sitting.pk)
    return ["Couple A has finished the questionnaire (pairing at /vragenlijst/samen/); couple B has not started."]
