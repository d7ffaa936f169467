"""The questionnaire pages, the result and the pairing, as a participant sees them."""

import pytest
from django.urls import reverse

from assessments.models import Answer, AssessmentResponse
from assessments.services import assessment_answer, assessment_start
from tests.assessments.conftest import answers_for
from tests.factories import CoupleFactory, UserFactory


def page_url(sitting, page):
    return reverse("assessments:page", kwargs={"pk": sitting.pk, "page": page})


def post_page(client, sitting, page, values: dict, action="next"):
    return client.post(page_url(sitting, page), {**{f"item-{k}": v for k, v in values.items()}, "action": action})


@pytest.fixture
def participant(instrument):
    return UserFactory(display_name="Anouk")


def test_start_shows_the_intro_and_begins_a_sitting(participant, client_for):
    client = client_for(participant)
    page = client.get(reverse("assessments:start"))
    assert "Begin met de vragenlijst" in page.content.decode()
    response = client.post(reverse("assessments:start"))
    sitting = AssessmentResponse.objects.get(user=participant)
    assert response.url == page_url(sitting, 1)
    first = client.get(response.url).content.decode()
    assert "Pagina 1 van 6" in first and "0 van 24 beantwoord" in first
    assert first.count('type="radio"') == 4 * 7


def test_answers_are_saved_per_page_and_the_sitting_resumes_where_it_was(participant, client_for):
    client = client_for(participant)
    client.post(reverse("assessments:start"))
    sitting = AssessmentResponse.objects.get(user=participant)
    items = list(sitting.instrument.items.order_by("position"))
    response = post_page(client, sitting, 1, {item.pk: 5 for item in items[:4]}, action="later")
    assert response.url == reverse("assessments:start")
    assert Answer.objects.filter(response=sitting).count() == 4

    # a new session later: continue lands on page 2, with page 1's answers still checked
    client = client_for(participant)
    start = client.get(reverse("assessments:start")).content.decode()
    assert "Ga verder" in start and "4 van de 24" in start
    resumed = client.post(reverse("assessments:start"))
    assert resumed.url == page_url(sitting, 2)
    back = client.get(page_url(sitting, 1)).content.decode()
    assert f'id="item-{items[0].pk}-5" name="item-{items[0].pk}" value="5" checked' in back


def test_review_lists_missing_answers_and_submit_shows_the_result(participant, client_for):
    client = client_for(participant)
    sitting = assessment_start(user=participant)
    answers = answers_for(sitting, anxiety=6, avoidance=2)
    missing_id = next(iter(answers))
    partial = {k: v for k, v in answers.items() if k != missing_id}
    assessment_answer(user=participant, response_id=sitting.pk, answers=partial)
    review = client.get(reverse("assessments:review", kwargs={"pk": sitting.pk})).content.decode()
    assert "Nog niet beantwoord" in review

    refused = client.post(reverse("assessments:submit", kwargs={"pk": sitting.pk}))
    assert refused.status_code == 400
    assert "nog 1 van de 24 vragen niet beantwoord" in refused.content.decode()
    assert AssessmentResponse.objects.get(pk=sitting.pk).submitted_at is None

    post_page(client, sitting, 1, {missing_id: answers[missing_id]})
    done = client.post(reverse("assessments:submit", kwargs={"pk": sitting.pk}), follow=True)
    html = done.content.decode()
    assert "Je neigt naar een angstig-vastklampende hechting." in html
    assert "hyperactiveren" in html and "De bril" in html
    assert "<svg" in html and "angst 6,00, vermijding 2,00" in html


def test_a_retake_is_drawn_as_a_path_from_the_intake(participant, client_for, finish):
    finish(participant, anxiety=6, avoidance=6)
    finish(participant, anxiety=3, avoidance=3)
    html = client_for(participant).get(reverse("assessments:result")).content.decode()
    assert 'class="plane-path"' in html
    assert "(intake)" in html and "angst 3,00, vermijding 3,00" in html


def test_the_result_page_without_a_result_sends_you_to_the_start(participant, client_for):
    response = client_for(participant).get(reverse("assessments:result"))
    assert response.url == reverse("assessments:start")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("out_of_range", "Kies bij elke vraag een getal van 1 tot en met 7"),
        ("foreign_item", "hoort"),
    ],
)
def test_a_tampered_page_is_refused_and_nothing_is_saved(participant, client_for, values, message):
    from assessments.models import Instrument, Item

    client = client_for(participant)
    sitting = assessment_start(user=participant)
    first = sitting.instrument.items.order_by("position").first()
    if values == "out_of_range":
        data = {first.pk: 9}
    else:
        other = Instrument.objects.create(key="ander", version=1, title_nl="x", title_en="x", content_sha256="1" * 64)
        stranger = Item.objects.create(
            instrument=other, code="Z", position=1, scale="anxiety", text_nl="z", text_en="z"
        )
        data = {first.pk: 4, stranger.pk: 4}
    response = post_page(client, sitting, 1, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.filter(response=sitting).exists()


def test_a_second_submission_is_refused_and_changes_nothing(participant, client_for, finish):
    done = finish(participant, anxiety=2, avoidance=6)
    response = client_for(participant).post(reverse("assessments:submit", kwargs={"pk": done.pk}))
    assert response.status_code == 400
    assert "al ingestuurd" in response.content.decode()
    assert AssessmentResponse.objects.get(pk=done.pk).submitted_at == done.submitted_at


def test_someone_elses_sitting_is_404_on_every_page(participant, client_for, instrument):
    other = UserFactory()
    theirs = assessment_start(user=other)
    first = theirs.instrument.items.first()
    client = client_for(participant)
    assert client.get(page_url(theirs, 1)).status_code == 404
    assert post_page(client, theirs, 1, {first.pk: 3}).status_code == 404
    assert client.get(reverse("assessments:review", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("assessments:submit", kwargs={"pk": theirs.pk})).status_code == 404
    assert not Answer.objects.exists()


def test_coaches_and_visitors_are_refused(coach, client_for, instrument, client):
    for name in ("start", "result", "pairing"):
        assert client_for(coach).get(reverse(f"assessments:{name}")).status_code == 403
        assert client.get(reverse(f"assessments:{name}")).status_code == 302  # to the login page


def test_pairing_waits_until_both_have_finished_then_reveals(client_for, finish):
    couple = CoupleFactory(partner_a__display_name="Anouk", partner_b__display_name="Bas")
    anouk, bas = couple.partner_a, couple.partner_b
    finish(anouk, anxiety=6, avoidance=2)

    waiting = client_for(anouk).get(reverse("assessments:pairing")).content.decode()
    assert "Wachten op je partner" in waiting
    assert "assessments-pairing.js" in waiting and 'data-pairing-socket="/ws/vragenlijst/"' in waiting
    assert "vermijding 2,00" not in waiting
    not_yet = client_for(bas).get(reverse("assessments:pairing")).content.decode()
    assert "Vul eerst zelf de vragenlijst in" in not_yet
    assert "angstig-vastklampend" not in not_yet.split("<main", 1)[1].split("</main>")[0]

    finish(bas, anxiety=2, avoidance=6)
    for person, other_name in ((anouk, "Bas"), (bas, "Anouk")):
        html = client_for(person).get(reverse("assessments:pairing")).content.decode()
        assert "Aantrekken en afstoten: de achtervolger en de terugtrekker" in html
        assert "Zo loopt jullie cyclus" in html
        assert f"Wat {other_name} kan doen" in html
        assert "angst 6,00, vermijding 2,00" in html and "angst 2,00, vermijding 6,00" in html
        assert "Wachten op je partner" not in html


def test_the_partner_never_sees_item_answers(client_for, finish):
    couple = CoupleFactory()
    mine = finish(couple.partner_a, anxiety=6, avoidance=2)
    finish(couple.partner_b, anxiety=2, avoidance=6)
    client = client_for(couple.partner_b)
    assert client.get(reverse("assessments:review", kwargs={"pk": mine.pk})).status_code == 404
    html = client.get(reverse("assessments:pairing")).content.decode()
    first_item = mine.instrument.items.order_by("position").first()
    assert first_item.text_nl not in html


def test_another_couple_sees_nothing_of_this_one(client_for, finish):
    couple, other = CoupleFactory(), CoupleFactory()
    finish(couple.partner_a, anxiety=6, avoidance=2)
    finish(couple.partner_b, anxiety=2, avoidance=6)
    html = client_for(other.partner_a).get(reverse("assessments:pairing")).content.decode()
    assert "Vul eerst zelf de vragenlijst in" in html
    assert couple.partner_a.display_name not in html and "6,00" not in html


def test_without_a_couple_the_pairing_page_explains(participant, client_for):
    html = client_for(participant).get(reverse("assessments:pairing")).content.decode()
    assert "nog niet aan een partner gekoppeld" in html


def test_pages_are_in_english_for_english_speakers(client_for, finish):
    couple = CoupleFactory(partner_a__preferred_language="en")
    finish(couple.partner_a, anxiety=6, avoidance=2)
    finish(couple.partner_b, anxiety=2, avoidance=6)
    html = client_for(couple.partner_a).get(reverse("assessments:pairing")).content.decode()
    assert "Attract and repel: the pursuer and the withdrawer" in html
    assert "You lean towards anxious-preoccupied attachment." in html
    assert "How your cycle goes" in html and "What you can do" in html
