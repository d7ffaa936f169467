"""The coach's pacing controls: only the cohort's coaches, clear refusals, and what couples then see."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import ModuleEarlyOpening, ScheduleExtension, SchedulePause
from tests.factories import UserFactory
from workshops.models import Module
from workshops.selectors import module_is_open_for_user
from workshops.services import training_content_load


@pytest.fixture
def loaded(training):
    """The shipped modules, loaded into the cohort tests' training."""
    return training_content_load().training


@pytest.fixture
def running(make_cohort, coach, loaded):
    """Started 14 days ago, cadence 7: modules 0-2 open."""
    return make_cohort(coach=coach, status="running", starts_on=timezone.localdate() - dt.timedelta(days=14))


@pytest.fixture
def couple(running, enrolled):
    return enrolled(running)


def module(loaded, number):
    return Module.objects.get(training=loaded, number=number)


def urls(cohort, enrollment, module_id):
    return {
        "pacing": ("get", reverse("cohorts:pacing", args=[cohort.pk]), {}),
        "cohort_pause": ("post", reverse("cohorts:cohort_pause", args=[cohort.pk]), {"action": "pause"}),
        "module_open_early": ("post", reverse("cohorts:module_open_early", args=[cohort.pk, module_id]), {}),
        "enrollment_extend": (
            "post",
            reverse("cohorts:enrollment_extend", args=[cohort.pk, enrollment.pk]),
            {"days": "5"},
        ),
        "enrollment_pause": (
            "post",
            reverse("cohorts:enrollment_pause", args=[cohort.pk, enrollment.pk]),
            {"action": "pause"},
        ),
    }


@pytest.mark.parametrize("who", ["anonymous", "participant", "partner", "other_coach", "staff"])
@pytest.mark.parametrize(
    "key", ["pacing", "cohort_pause", "module_open_early", "enrollment_extend", "enrollment_pause"]
)
def test_only_the_cohorts_own_coaches_reach_the_controls(
    key, who, running, couple, loaded, client, client_for, other_coach, staff
):
    method, url, data = urls(running, running.enrollments.get(), module(loaded, 5).pk)[key]
    person = {"anonymous": None, "participant": UserFactory(), "partner": couple.partner_a}.get(who)
    person = {"other_coach": other_coach, "staff": staff}.get(who, person)
    http = client if person is None else client_for(person)
    response = getattr(http, method)(url, data)
    expected = {"anonymous": 302, "participant": 403, "partner": 403, "other_coach": 404, "staff": 403}[who]
    assert response.status_code == expected
    assert not SchedulePause.objects.exists()
    assert not ScheduleExtension.objects.exists()
    assert not ModuleEarlyOpening.objects.exists()


def test_pacing_page_shows_the_schedule_and_every_couple(running, couple, coach, client_for, loaded):
    html = client_for(coach).get(reverse("cohorts:pacing", args=[running.pk])).content.decode()
    assert "De groep loopt volgens schema" in html
    assert html.count("Nu openen voor iedereen") == 5  # modules 3-7
    assert couple.partner_a.display_name in html and couple.partner_b.display_name in html
    assert "Volgende: module 3" in html


def test_pause_and_resume_the_cohort(running, couple, coach, client_for, loaded):
    http = client_for(coach)
    url = reverse("cohorts:cohort_pause", args=[running.pk])
    http.post(url, {"action": "pause"})
    assert SchedulePause.objects.filter(cohort=running, ended_at__isnull=True, enrollment__isnull=True).count() == 1
    page = http.get(reverse("cohorts:pacing", args=[running.pk])).content.decode()
    assert "De groep staat op pauze sinds" in page
    assert "op pauze" in http.get(reverse("cohorts:dashboard", args=[running.pk])).content.decode()
    assert module_is_open_for_user(user=couple.partner_a, module=module(loaded, 2))  # open before the pause

    again = http.post(url, {"action": "pause"}, follow=True).content.decode()
    assert "De groep staat al op pauze." in again
    assert SchedulePause.objects.count() == 1

    http.post(url, {"action": "resume"})
    assert SchedulePause.objects.get().ended_at is not None
    assert "De groep staat niet op pauze." in http.post(url, {"action": "resume"}, follow=True).content.decode()


def test_open_a_module_early_for_everyone(running, couple, coach, client_for, loaded):
    target = module(loaded, 5)
    assert not module_is_open_for_user(user=couple.partner_b, module=target)
    response = client_for(coach).post(reverse("cohorts:module_open_early", args=[running.pk, target.pk]), follow=True)
    assert "Module 5 is nu open voor alle stellen" in response.content.decode()
    assert module_is_open_for_user(user=couple.partner_b, module=target)
    twice = client_for(coach).post(reverse("cohorts:module_open_early", args=[running.pk, target.pk]), follow=True)
    assert "al eerder voor iedereen geopend" in twice.content.decode()
    assert ModuleEarlyOpening.objects.count() == 1


def test_a_module_of_another_training_cannot_be_opened(running, coach, client_for, loaded):
    from workshops.models import Training

    other = Training.objects.create(key="andere", title_nl="Andere", title_en="Other")
    alien = Module.objects.create(
        training=other,
        number=0,
        slug="x",
        title_nl="X",
        title_en="X",
        unlock_offset=0,
        intro_nl="x",
        intro_en="x",
        exercise_key="pairing-reveal",
    )
    response = client_for(coach).post(reverse("cohorts:module_open_early", args=[running.pk, alien.pk]))
    assert response.status_code == 404
    assert not ModuleEarlyOpening.objects.exists()


def test_extra_time_for_one_couple_moves_only_their_next_modules(running, couple, enrolled, coach, client_for, loaded):
    other = enrolled(running)
    enrollment = running.enrollments.get(couple=couple)
    response = client_for(coach).post(
        reverse("cohorts:enrollment_extend", args=[running.pk, enrollment.pk]), {"days": "10"}, follow=True
    )
    assert "krijgen 10 dagen extra" in response.content.decode()
    assert ScheduleExtension.objects.get().days == 10
    later = timezone.now() + dt.timedelta(days=8)  # module 3 is open for the others then
    assert module_is_open_for_user(user=other.partner_a, module=module(loaded, 3), now=later)
    assert not module_is_open_for_user(user=couple.partner_a, module=module(loaded, 3), now=later)
    assert module_is_open_for_user(user=couple.partner_a, module=module(loaded, 2), now=later)  # kept
    assert "10 dagen extra" in client_for(coach).get(reverse("cohorts:pacing", args=[running.pk])).content.decode()


@pytest.mark.parametrize(
    ("days", "message"), [("0", "minstens 1"), ("61", "hoogstens 60"), ("abc", "aantal dagen"), ("", "hoeveel dagen")]
)
def test_bad_extension_days_explain_and_save_nothing(days, message, running, couple, coach, client_for):
    enrollment = running.enrollments.get()
    response = client_for(coach).post(
        reverse("cohorts:enrollment_extend", args=[running.pk, enrollment.pk]), {"days": days}, follow=True
    )
    assert message in response.content.decode()
    assert not ScheduleExtension.objects.exists()


def test_an_enrolment_of_another_cohort_is_404(running, make_cohort, coach, enrolled, client_for):
    elsewhere = make_cohort(coach=coach, title="Andere groep")
    enrolled(elsewhere)
    foreign = elsewhere.enrollments.get()
    for name, data in (("enrollment_extend", {"days": "3"}), ("enrollment_pause", {"action": "pause"})):
        assert (
            client_for(coach).post(reverse(f"cohorts:{name}", args=[running.pk, foreign.pk]), data).status_code == 404
        )
    assert not ScheduleExtension.objects.exists() and not SchedulePause.objects.exists()


def test_pause_one_couple_only(running, couple, enrolled, coach, client_for, loaded):
    other = enrolled(running)
    enrollment = running.enrollments.get(couple=couple)
    url = reverse("cohorts:enrollment_pause", args=[running.pk, enrollment.pk])
    client_for(coach).post(url, {"action": "pause"})
    later = timezone.now() + dt.timedelta(days=8)
    assert not module_is_open_for_user(user=couple.partner_b, module=module(loaded, 3), now=later)
    assert module_is_open_for_user(user=other.partner_b, module=module(loaded, 3), now=later)
    html = client_for(couple.partner_b).get(reverse("workshops:module", args=[module(loaded, 3).slug])).content.decode()
    assert "jullie tempo" in html and "gepauzeerd" in html

    client_for(coach).post(url, {"action": "resume"})
    assert SchedulePause.objects.get().ended_at is not None


def test_require_both_finished_is_set_in_the_cohort_form(running, coach, client_for):
    data = {
        "title": running.title,
        "starts_on": running.starts_on.isoformat(),
        "cadence_days": "7",
        "timezone": "Europe/Amsterdam",
        "capacity": "10",
        "status": "running",
        "require_both_finished": "on",
        "session_dates": "",
    }
    client_for(coach).post(reverse("cohorts:cohort_edit", args=[running.pk]), data)
    running.refresh_from_db()
    assert running.require_both_finished
    services.cohort_update(
        cohort=running,
        title=running.title,
        starts_on=running.starts_on,
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=10,
        status="running",
    )
    running.refresh_from_db()
    assert running.require_both_finished  # a caller that does not mention the rule leaves it alone
