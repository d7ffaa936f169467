"""The live-exercise pages: who may open which page, and bad input changes nothing."""

import json
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import CoupleFactory, UserFactory
from tests.workshops.exercise_data import (
    coach_with_totp,
    enrolled_couple,
    running_cohort,
    training_with_module,
)
from workshops.exercise_services import exercise_run_apply, exercise_run_start_or_join, live_session_start
from workshops.models import ExerciseRun, LiveSession, Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    training, module = training_with_module()
    coach = coach_with_totp(display_name="Coach Carla")
    cohort = running_cohort(coach=coach, training=training)
    couple = enrolled_couple(cohort, partner_a__display_name="Anna", partner_b__display_name="Bas")
    other = enrolled_couple(cohort, partner_a__display_name="Chris", partner_b__display_name="Dewi")
    return {"training": training, "module": module, "coach": coach, "cohort": cohort, "couple": couple, "other": other}


def config_of(response, name="exercise-config") -> dict:
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', response.content.decode())
    assert match, f"{name} missing"
    return json.loads(match.group(1))


def inline_scripts(response) -> list[str]:
    """<script> tags that are neither external files nor JSON data: CSP would block them."""
    html = response.content.decode()
    return [tag for tag in re.findall(r"<script[^>]*>", html) if "src=" not in tag and "application/json" not in tag]


# --- starting and opening a couple's run ---------------------------------------------------


def test_partner_starts_the_run_and_the_other_partner_joins_the_same_one(setup, client_for):
    couple, module = setup["couple"], setup["module"]
    url = reverse("workshops:exercise_start", args=[module.slug])
    first = client_for(couple.partner_a).post(url)
    second = client_for(couple.partner_b).post(url)
    run = ExerciseRun.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("workshops:exercise_run", args=[run.pk])
    assert run.couple == couple and run.exercise_key == "spreker-luisteraar"


def test_someone_without_a_couple_in_the_training_is_refused_in_dutch(setup, client_for):
    loner = UserFactory()
    response = client_for(loner).post(reverse("workshops:exercise_start", args=[setup["module"].slug]))
    assert response.status_code == 403
    assert "Je volgt deze training niet samen met een partner." in response.content.decode()
    assert not ExerciseRun.objects.exists()


def test_start_needs_a_post_a_known_module_and_a_login(setup, client, client_for):
    url = reverse("workshops:exercise_start", args=[setup["module"].slug])
    assert client_for(setup["couple"].partner_a).get(url).status_code == 405
    missing = client_for(setup["couple"].partner_a).post(reverse("workshops:exercise_start", args=["bestaat-niet"]))
    assert missing.status_code == 404
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert not ExerciseRun.objects.exists()


def test_run_page_gives_the_script_what_it_needs_without_inline_javascript(setup, client_for):
    couple = setup["couple"]
    run = exercise_run_start_or_join(user=couple.partner_a, module=setup["module"])
    response = client_for(couple.partner_b).get(reverse("workshops:exercise_run", args=[run.pk]))
    assert response.status_code == 200
    config = config_of(response)
    assert config["run_id"] == run.pk
    assert config["ws_url"] == f"/ws/exercises/{run.pk}/"
    assert config["user_id"] == couple.partner_b.pk
    assert [m["name"] for m in config["members"]] == ["Anna", "Bas"]
    strings = config_of(response, "exercise-strings")
    assert strings["connected"] == "verbonden" and strings["reconnecting"] == "opnieuw verbinden…"
    assert "Spreker en luisteraar" in response.content.decode()
    assert "Anna is niet verbonden" in response.content.decode()
    assert inline_scripts(response) == []


def test_run_page_strings_follow_the_persons_language(setup, client_for):
    couple = setup["couple"]
    couple.partner_a.preferred_language = "en"
    couple.partner_a.save(update_fields=["preferred_language"])
    run = exercise_run_start_or_join(user=couple.partner_a, module=setup["module"])
    response = client_for(couple.partner_a).get(reverse("workshops:exercise_run", args=[run.pk]))
    assert config_of(response)["language"] == "en"
    assert config_of(response, "exercise-strings")["connected"] == "connected"
    assert "Speaker and listener" in response.content.decode()


def test_nobody_outside_the_couple_can_open_a_run(setup, client, client_for):
    run = exercise_run_start_or_join(user=setup["couple"].partner_a, module=setup["module"])
    url = reverse("workshops:exercise_run", args=[run.pk])
    assert client_for(setup["other"].partner_a).get(url).status_code == 404
    assert client_for(setup["coach"]).get(url).status_code == 404
    assert (
        client_for(setup["couple"].partner_a).get(reverse("workshops:exercise_run", args=[run.pk + 99])).status_code
        == 404
    )
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))


# --- the coach's pages ---------------------------------------------------------------------


def test_coach_starts_a_live_session_and_lands_on_the_control_page(setup, client_for):
    coach, cohort = setup["coach"], setup["cohort"]
    client = client_for(coach)
    page = client.get(reverse("workshops:live_new", args=[cohort.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Samen ademen" in html and "Behoeftekaarten" in html and "Spreker en luisteraar" in html
    response = client.post(reverse("workshops:live_new", args=[cohort.pk]), {"exercise": "samen-ademen"})
    session = LiveSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:live_control", args=[session.pk])
    assert session.exercise_key == "samen-ademen" and session.started_by == coach


@pytest.mark.parametrize("data", [{}, {"exercise": "bestaat-niet"}, {"exercise": ""}])
def test_bad_exercise_choice_gets_a_message_and_starts_nothing(setup, client_for, data):
    response = client_for(setup["coach"]).post(reverse("workshops:live_new", args=[setup["cohort"].pk]), data)
    assert response.status_code == 422
    assert "Kies een van de oefeningen." in response.content.decode()
    assert not LiveSession.objects.exists()


def test_a_second_live_session_in_the_same_cohort_is_refused(setup, client_for):
    first = live_session_start(coach=setup["coach"], cohort=setup["cohort"], exercise_key="samen-ademen")
    client = client_for(setup["coach"])
    response = client.post(reverse("workshops:live_new", args=[setup["cohort"].pk]), {"exercise": "behoeftekaarten"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Er loopt al een live sessie in deze groep." in html
    assert reverse("workshops:live_control", args=[first.pk]) in html
    assert LiveSession.objects.count() == 1


def test_a_cohort_that_is_not_running_gets_a_clear_message(setup, client_for):
    cohort = setup["cohort"]
    cohort.status = "open"
    cohort.save(update_fields=["status"])
    response = client_for(setup["coach"]).post(
        reverse("workshops:live_new", args=[cohort.pk]), {"exercise": "samen-ademen"}
    )
    assert response.status_code == 422
    assert "Een live sessie kan alleen in een groep die loopt." in response.content.decode()
    assert not LiveSession.objects.exists()


def test_only_the_cohorts_own_coach_reaches_the_coach_pages(setup, client, client_for):
    session = live_session_start(coach=setup["coach"], cohort=setup["cohort"], exercise_key="samen-ademen")
    other_coach = coach_with_totp()
    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    participant = setup["couple"].partner_a
    new_url = reverse("workshops:live_new", args=[setup["cohort"].pk])
    control_url = reverse("workshops:live_control", args=[session.pk])
    for url in (new_url, control_url):
        assert client_for(setup["coach"]).get(url).status_code == 200
        assert client_for(other_coach).get(url).status_code == 404
        assert client_for(participant).get(url).status_code == 403
        assert client_for(staff).get(url).status_code == 403
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert client_for(other_coach).post(new_url, {"exercise": "samen-ademen"}).status_code == 404
    assert client_for(participant).post(new_url, {"exercise": "samen-ademen"}).status_code == 403
    assert client_for(setup["coach"]).get(reverse("workshops:live_control", args=[session.pk + 9])).status_code == 404
    assert LiveSession.objects.count() == 1


def test_control_page_shows_each_couple_and_its_step_but_never_what_they_wrote(setup, client_for):
    coach, couple = setup["coach"], setup["couple"]
    session = live_session_start(coach=coach, cohort=setup["cohort"], exercise_key="spreker-luisteraar")
    LiveSession.objects.filter(pk=session.pk).update(step_index=2)
    run = exercise_run_apply_all(
        couple,
        session,
        [
            (couple.partner_a, "ready", {}),
            (couple.partner_b, "ready", {}),
            (couple.partner_a, "submit", {"value": 3}),
            (couple.partner_b, "submit", {"value": 8}),
            (couple.partner_a, "ready", {}),
            (couple.partner_b, "ready", {}),
            (couple.partner_a, "speak", {"text": "Geheime zin over ons samen"}),
        ],
    )
    assert run.state["step_index"] == 2
    response = client_for(coach).get(reverse("workshops:live_control", args=[session.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna &amp; Bas" in html
    assert "Stap 3 van 4" in html and "Spreker en luisteraar" in html
    assert "1 van de 2 stellen doen mee." in html
    assert "Volgende stap voor iedereen" in html
    assert "Geheime zin" not in html
    assert config_of(response, "live-config")["ws_url"] == f"/ws/live/{session.pk}/"
    assert inline_scripts(response) == []


def exercise_run_apply_all(couple, session, actions):
    from workshops.exercise_services import live_session_join

    run = live_session_join(user=couple.partner_a, session=session)
    for number, (user, action, payload) in enumerate(actions):
        exercise_run_apply(run_id=run.pk, user=user, action=action, payload=payload, client_msg_id=f"test-{number:04d}")
    run.refresh_from_db()
    return run


# --- participants joining a live session ---------------------------------------------------


def test_participant_finds_and_joins_the_running_session(setup, client_for):
    session = live_session_start(coach=setup["coach"], cohort=setup["cohort"], exercise_key="samen-ademen")
    couple = setup["couple"]
    client = client_for(couple.partner_a)
    current = client.get(reverse("workshops:live_current"))
    assert current.status_code == 302 and current["Location"] == reverse("workshops:live_join", args=[session.pk])
    page = client.get(current["Location"])
    assert page.status_code == 200 and "Doe mee" in page.content.decode()
    joined = client.post(reverse("workshops:live_join", args=[session.pk]))
    run = ExerciseRun.objects.get(live_session=session)
    assert joined["Location"] == reverse("workshops:exercise_run", args=[run.pk])
    again = client_for(couple.partner_b).post(reverse("workshops:live_join", args=[session.pk]))
    assert again["Location"] == joined["Location"]
    assert ExerciseRun.objects.filter(live_session=session).count() == 1


def test_no_running_session_says_so(setup, client_for):
    response = client_for(setup["couple"].partner_a).get(reverse("workshops:live_current"))
    assert response.status_code == 200
    assert "Er loopt nu geen live sessie" in response.content.decode()


def test_outsiders_cannot_see_or_join_a_session(setup, client_for):
    session = live_session_start(coach=setup["coach"], cohort=setup["cohort"], exercise_key="samen-ademen")
    outsider = CoupleFactory().partner_a
    url = reverse("workshops:live_join", args=[session.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(setup["coach"]).post(url).status_code == 404
    assert (
        client_for(setup["couple"].partner_a).post(reverse("workshops:live_join", args=[session.pk + 5])).status_code
        == 404
    )
    assert client_for(outsider).get(reverse("workshops:live_current")).status_code == 200
    assert not ExerciseRun.objects.exists()


def test_joining_an_ended_session_gets_a_message_and_no_run(setup, client_for):
    session = live_session_start(coach=setup["coach"], cohort=setup["cohort"], exercise_key="samen-ademen")
    LiveSession.objects.filter(pk=session.pk).update(status=LiveSession.Status.ENDED)
    client = client_for(setup["couple"].partner_a)
    response = client.post(reverse("workshops:live_join", args=[session.pk]), follow=True)
    assert "Deze live sessie is afgelopen." in response.content.decode()
    assert not ExerciseRun.objects.exists()
    page = client.get(reverse("workshops:live_join", args=[session.pk]))
    assert "Doe mee" not in page.content.decode()


def test_the_exercise_of_a_locked_module_cannot_be_started(setup, client_for):
    later = Module.objects.create(
        training=setup["training"],
        number=7,
        slug="nieuwe-ervaringen",
        title_nl="Nieuwe ervaringen",
        title_en="New experiences",
        unlock_offset=7,
        intro_nl="Inleiding",
        intro_en="Introduction",
        exercise_key="nieuwe-ervaringen-plan",
    )
    response = client_for(setup["couple"].partner_a).post(reverse("workshops:exercise_start", args=[later.slug]))
    assert response.status_code == 403
    assert "Deze module is voor jullie nog niet open" in response.content.decode()
    assert not ExerciseRun.objects.exists()
