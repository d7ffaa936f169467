"""On a phone: mark sections read (progress follows), write privately, and meet a locked module."""

import os

from django.urls import reverse

from tests.e2e.test_journal_autosave import enrol_in_running_cohort
from tests.factories import TEST_PASSWORD, UserFactory
from workshops.models import JournalEntry, Module, SectionProgress
from workshops.services import training_content_load


def test_module_page_on_a_phone(asgi_server, new_context, artifacts_dir):
    training = training_content_load().training
    person = UserFactory(display_name="Anouk")
    enrol_in_running_cohort(person, training, days_ago=14)  # modules 0-2 open
    module = Module.objects.get(training=training, number=2)
    total = module.sections.count()
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(asgi_server.url + reverse("account_login"))
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(asgi_server.url + "/")

    page.goto(asgi_server.url + reverse("workshops:modules"))
    assert page.locator(".module-item.is-open").count() == 3
    assert page.locator(".module-item.is-locked").count() == 5
    page.get_by_role("link", name=module.title_nl).click()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    page.get_by_role("button", name="Ik heb dit gelezen").first.click()
    page.locator("#module-progress", has_text=f"1 van {total} gelezen").wait_for()
    assert SectionProgress.objects.filter(user=person, section__module=module).count() == 1

    prompt = module.prompts.first()
    page.locator(f"#dagboek-{prompt.pk}").fill("Als jij stil wordt, voel ik me alleen, dan ga ik harder praten.")
    page.locator(f"#dagboek-status-{prompt.pk}", has_text="Bewaard om").wait_for()
    page.locator("#module-progress", has_text="dagboek geschreven").wait_for()
    assert JournalEntry.objects.get(author=person, prompt=prompt).text.startswith("Als jij stil wordt")
    page.screenshot(path=os.path.join(artifacts_dir, "module-phone.png"))

    page.goto(
        asgi_server.url + reverse("workshops:module", args=[Module.objects.get(training=training, number=3).slug])
    )
    assert page.get_by_text("Gaat open op").is_visible()
    assert page.locator("textarea").count() == 0
