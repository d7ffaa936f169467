"""On a phone, a journal answer saves itself while typing, and a too-long text gets a clear message."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cohorts.services import cohort_create, enrollment_add_couple
from tests.factories import TEST_PASSWORD, CoachFactory, CoupleFactory, UserFactory
from workshops.models import JournalEntry, Module
from workshops.services import training_content_load


def enrol_in_running_cohort(person, training, days_ago=30):
    """Put `person` (with a new partner) in a cohort that started `days_ago` days ago, cadence 7."""
    cohort = cohort_create(
        coach=CoachFactory(),
        training=training,
        title="Browsergroep",
        starts_on=timezone.localdate() - dt.timedelta(days=days_ago),
        cadence_days=7,
        timezone_name="Europe/Amsterdam",
        capacity=10,
        status="running",
    )
    couple = CoupleFactory(partner_a=person)
    enrollment_add_couple(cohort=cohort, couple=couple)
    return couple


def test_journal_autosaves_and_refuses_an_oversized_text(asgi_server, new_context):
    training = training_content_load().training
    module = Module.objects.get(training=training, number=1)
    prompt = module.prompts.first()
    person = UserFactory()
    enrol_in_running_cohort(person, training)
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(asgi_server.url + reverse("account_login"))
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(asgi_server.url + "/")

    page.goto(asgi_server.url + reverse("workshops:journal_entry", args=[module.slug, prompt.pk]))
    page.get_by_role("textbox").fill("Als hij stil wordt, zet ik mijn bril op.")
    page.locator(".journal-status", has_text="Bewaard om").wait_for()
    assert JournalEntry.objects.get(author=person, prompt=prompt).text == "Als hij stil wordt, zet ik mijn bril op."

    page.get_by_role("textbox").fill("x" * 10_001)
    page.locator(".journal-error", has_text="het maximum is 10.000").wait_for()
    assert JournalEntry.objects.get(author=person, prompt=prompt).text == "Als hij stil wordt, zet ik mijn bril op."

    page.goto(asgi_server.url + reverse("workshops:journal"))
    assert page.get_by_text("zet ik mijn bril op").is_visible()
