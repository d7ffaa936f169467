"""Taking and submitting the questionnaire through the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from assessments import realtime
from assessments.models import Answer, AssessmentResponse
from assessments.services import assessment_answer, assessment_start, assessment_submit
from tests.assessments.conftest import answers_for
from tests.factories import CoupleFactory, UserFactory


def test_first_sitting_is_the_intake_and_a_retake_keeps_history(user, finish):
    first = finish(user, anxiety=6, avoidance=2)
    second = finish(user, anxiety=3, avoidance=3)
    assert first.is_intake and not second.is_intake
    assert first.style == "preoccupied" and first.anxiety == Decimal("6.00")
    assert second.style == "secure"
    assert AssessmentResponse.objects.filter(user=user, submitted_at__isnull=False).count() == 2


def test_start_resumes_the_open_sitting(user, instrument):
    assert assessment_start(user=user) == assessment_start(user=user)


def test_scores_come_from_the_stored_answers_with_reverse_keys(user, instrument):
    sitting = assessment_start(user=user)
    # everyone answers 6 to every statement: forward items count 6, reversed ones 2
    assessment_answer(user=user, response_id=sitting.pk, answers={e.pk: 6 for e in instrument.items.all()})
    done = assessment_submit(user=user, response_id=sitting.pk)
    # each scale has 7 forward and 5 reversed items: (7 x 6 + 5 x 2) / 12 = 52 / 12 = 4.33
    assert (done.anxiety, done.avoidance, done.style) == (Decimal("4.33"), Decimal("4.33"), "fearful")
    # distance hypot(0.333, 0.333) = 0.4714 / 4.2426 = 0.111
    assert done.strength == Decimal("0.11")


@pytest.mark.parametrize("bad", [0, 8, "zeven", ""])
def test_a_value_outside_one_to_seven_saves_nothing(user, instrument, bad):
    sitting = assessment_start(user=user)
    items = list(instrument.items.all()[:2])
    with pytest.raises(ValidationError, match="getal van 1 tot en met 7"):
        assessment_answer(user=user, response_id=sitting.pk, answers={items[0].pk: 5, items[1].pk: bad})
    assert not Answer.objects.exists()


def test_another_instruments_item_saves_nothing(user, instrument, tmp_path):
    from assessments.models import Instrument, Item

    other = Instrument.objects.create(key="anders", version=1, title_nl="x", title_en="x", content_sha256="0" * 64)
    stranger = Item.objects.create(instrument=other, code="X1", position=1, scale="anxiety", text_nl="x", text_en="x")
    sitting = assessment_start(user=user)
    mine = instrument.items.first()
    with pytest.raises(ValidationError, match="niet bij deze vragenlijst hoort"):
        assessment_answer(user=user, response_id=sitting.pk, answers={mine.pk: 3, stranger.pk: 3})
    assert not Answer.objects.exists()


def test_submitting_with_missing_answers_is_refused(user, instrument):
    sitting = assessment_start(user=user)
    answers = answers_for(sitting, anxiety=5, avoidance=5)
    answers.pop(next(iter(answers)))
    assessment_answer(user=user, response_id=sitting.pk, answers=answers)
    with pytest.raises(ValidationError, match="nog 1 van de 24 vragen niet beantwoord"):
        assessment_submit(user=user, response_id=sitting.pk)
    sitting.refresh_from_db()
    assert sitting.submitted_at is None and sitting.anxiety is None


def test_a_finished_sitting_cannot_be_submitted_or_changed_again(user, finish):
    done = finish(user, anxiety=6, avoidance=2)
    with pytest.raises(ValidationError, match="al ingestuurd"):
        assessment_submit(user=user, response_id=done.pk)
    item = done.instrument.items.first()
    with pytest.raises(ValidationError, match="al ingestuurd"):
        assessment_answer(user=user, response_id=done.pk, answers={item.pk: 1})
    refreshed = AssessmentResponse.objects.get(pk=done.pk)
    assert refreshed.submitted_at == done.submitted_at and refreshed.anxiety == done.anxiety
    assert Answer.objects.get(response=done, item=item).value != 1


def test_someone_elses_sitting_is_not_found(user, instrument):
    theirs = assessment_start(user=UserFactory())
    with pytest.raises(Http404):
        assessment_answer(user=user, response_id=theirs.pk, answers={})
    with pytest.raises(Http404):
        assessment_submit(user=user, response_id=theirs.pk)


def test_the_second_partner_finishing_reveals_to_both_after_commit(
    finish, django_capture_on_commit_callbacks, monkeypatch
):
    couple = CoupleFactory()
    sent = []
    monkeypatch.setattr(realtime, "broadcast_pairing_revealed", lambda *, user_ids: sent.append(user_ids))
    with django_capture_on_commit_callbacks(execute=True):
        finish(couple.partner_a, anxiety=6, avoidance=2)
    assert sent == []
    with django_capture_on_commit_callbacks(execute=True):
        finish(couple.partner_b, anxiety=2, avoidance=6)
    assert sent == [[couple.partner_b.pk, couple.partner_a.pk]]


def test_the_reveal_event_reaches_both_partners_groups(finish, django_capture_on_commit_callbacks):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    couple = CoupleFactory()
    layer = get_channel_layer()
    channels = {}
    for person in couple.partners:
        channels[person.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(realtime.user_group(person.pk), channels[person.pk])
    finish(couple.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        finish(couple.partner_b)
    for person in couple.partners:
        message = async_to_sync(layer.receive)(channels[person.pk])
        assert message == {"type": "pairing.revealed", "url": "/vragenlijst/samen/"}
        async_to_sync(layer.group_discard)(realtime.user_group(person.pk), channels[person.pk])
